package simulator

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/crypto/ssh/knownhosts"
	"mvdan.cc/sh/v3/syntax"
)

// Files the simulator writes into its state directory. Clients read them
// (or the environment that `env` exports) to reach the fleet.
const (
	FileOCIConfig  = "config"
	FileAPIKey     = "oci_api_key.pem"
	FileAPIPubKey  = "oci_api_key_public.pem"
	FileSSHKey     = "id_opc"
	FileKnownHosts = "known_hosts"
	FileFleet      = "fleet.json"
	FileEnv        = "env"
	dirHostKeys    = "hostkeys"
)

// Info describes a running fleet: what fleet.json holds.
type Info struct {
	Region        string       `json:"region"`
	TenancyID     string       `json:"tenancy_id"`
	UserID        string       `json:"user_id"`
	CompartmentID string       `json:"compartment_id"`
	Endpoint      string       `json:"endpoint"`
	AdminURL      string       `json:"admin_url"`
	SSHUser       string       `json:"ssh_user"`
	SSHPort       int          `json:"ssh_port"`
	SSHSecretID   string       `json:"ssh_private_key_secret_id"`
	Systems       []SystemInfo `json:"db_systems"`
}

// SystemInfo is one simulated DB system.
type SystemInfo struct {
	ID            string     `json:"id"`
	DisplayName   string     `json:"display_name"`
	CompartmentID string     `json:"compartment_id"`
	Storage       string     `json:"storage_management"`
	Nodes         []NodeInfo `json:"db_nodes"`
}

// NodeInfo is one simulated DB node.
type NodeInfo struct {
	ID                 string `json:"id"`
	Hostname           string `json:"hostname"`
	PrivateIP          string `json:"private_ip"`
	VnicID             string `json:"vnic_id"`
	HostKeyFingerprint string `json:"host_key_fingerprint"`
	// ManagedInstanceID is the node's OS Management Hub instance.
	ManagedInstanceID string `json:"managed_instance_id"`
}

// Env returns the settings a client needs, as environment variables. The
// provider and famsctl read the same names as their defaults.
func (i Info) Env(stateDir string) map[string]string {
	return map[string]string{
		"FAMS_ENDPOINT":                  i.Endpoint,
		"FAMS_AUTH":                      "ApiKey",
		"FAMS_CONFIG_FILE_PATH":          filepath.Join(stateDir, FileOCIConfig),
		"FAMS_CONFIG_FILE_PROFILE":       "DEFAULT",
		"FAMS_REGION":                    i.Region,
		"FAMS_COMPARTMENT_ID":            i.CompartmentID,
		"FAMS_SSH_USER":                  i.SSHUser,
		"FAMS_SSH_PORT":                  fmt.Sprint(i.SSHPort),
		"FAMS_SSH_KNOWN_HOSTS":           filepath.Join(stateDir, FileKnownHosts),
		"FAMS_SSH_PRIVATE_KEY_SECRET_ID": i.SSHSecretID,
		"FAMS_SIM_ADMIN_URL":             i.AdminURL,
	}
}

func writeEnvFile(path string, env map[string]string) error {
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("# Source this file to point terraform and famsctl at the simulator.\n")
	for _, k := range keys {
		quoted, err := syntax.Quote(env[k], syntax.LangPOSIX)
		if err != nil {
			return fmt.Errorf("quote %s for %s: %w", k, path, err)
		}
		fmt.Fprintf(&b, "export %s=%s\n", k, quoted)
	}
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

func writeOCIConfig(path string, info Info, key apiKey, keyFile string) error {
	content := fmt.Sprintf("[DEFAULT]\nuser=%s\nfingerprint=%s\ntenancy=%s\nregion=%s\nkey_file=%s\n",
		info.UserID, key.fingerprint, info.TenancyID, info.Region, keyFile)
	return os.WriteFile(path, []byte(content), 0o600)
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o600)
}

// ReadInfo loads fleet.json from a state directory written by a running simulator.
func ReadInfo(stateDir string) (Info, error) {
	var info Info
	data, err := os.ReadFile(filepath.Join(stateDir, FileFleet))
	if err != nil {
		return info, fmt.Errorf("read the simulator's fleet description (is `famsctl sim --state-dir %s` running?): %w", stateDir, err)
	}
	if err := json.Unmarshal(data, &info); err != nil {
		return info, fmt.Errorf("parse %s: %w", filepath.Join(stateDir, FileFleet), err)
	}
	return info, nil
}

func (f *Fleet) writeStateDir(key apiKey) error {
	dir := f.opts.StateDir
	var known strings.Builder
	for _, n := range f.nodes {
		addr := knownhosts.Normalize(net.JoinHostPort(n.Info.PrivateIP, strconv.Itoa(f.info.SSHPort)))
		known.WriteString(knownhosts.Line([]string{addr}, n.SSH.HostKey()))
		known.WriteByte('\n')
	}
	steps := []struct {
		name  string
		write func(path string) error
	}{
		{FileKnownHosts, func(p string) error { return os.WriteFile(p, []byte(known.String()), 0o600) }},
		{FileOCIConfig, func(p string) error { return writeOCIConfig(p, f.info, key, filepath.Join(dir, FileAPIKey)) }},
		{FileFleet, func(p string) error { return writeJSON(p, f.info) }},
		// Last: its presence tells clients the fleet is ready.
		{FileEnv, func(p string) error { return writeEnvFile(p, f.info.Env(dir)) }},
	}
	for _, s := range steps {
		if err := s.write(filepath.Join(dir, s.name)); err != nil {
			return fmt.Errorf("write %s into the state directory: %w", s.name, err)
		}
	}
	return nil
}
