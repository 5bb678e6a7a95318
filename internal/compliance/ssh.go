package compliance

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/remote"
)

// Environment variables that give SSH defaults. The simulator writes them
// (except the key file); the provider and famsctl read the same names.
const (
	EnvSSHUser               = "FAMS_SSH_USER"
	EnvSSHPort               = "FAMS_SSH_PORT"
	EnvSSHKnownHosts         = "FAMS_SSH_KNOWN_HOSTS"
	EnvSSHPrivateKeyFile     = "FAMS_SSH_PRIVATE_KEY_FILE"
	EnvSSHPrivateKeySecretID = "FAMS_SSH_PRIVATE_KEY_SECRET_ID"
)

// DefaultSSHUser is the login user of Base Database Service nodes.
const DefaultSSHUser = "opc"

// SSHSettings say how to log in to DB nodes. The key comes from exactly one
// place: PrivateKey, PrivateKeyFile or a Vault secret, in that order of
// preference when several are set (the later ones are usually environment
// defaults that an explicit key overrides).
type SSHSettings struct {
	User               string
	Port               int
	PrivateKey         oci.PrivateKey
	PrivateKeyFile     string
	PrivateKeySecretID string
	// KnownHostsFile verifies host keys; empty means ~/.ssh/known_hosts.
	KnownHostsFile string
}

// SSHSettingsFromEnv reads the FAMS_SSH_* variables; unset ones stay empty.
func SSHSettingsFromEnv() (SSHSettings, error) {
	s := SSHSettings{
		User:               strings.TrimSpace(os.Getenv(EnvSSHUser)),
		KnownHostsFile:     strings.TrimSpace(os.Getenv(EnvSSHKnownHosts)),
		PrivateKeyFile:     strings.TrimSpace(os.Getenv(EnvSSHPrivateKeyFile)),
		PrivateKeySecretID: strings.TrimSpace(os.Getenv(EnvSSHPrivateKeySecretID)),
	}
	if p := strings.TrimSpace(os.Getenv(EnvSSHPort)); p != "" {
		port, err := strconv.Atoi(p)
		if err != nil {
			return s, fmt.Errorf("%s=%q is not a port number; set it to a number between 1 and 65535 or unset it", EnvSSHPort, p)
		}
		s.Port = port
	}
	return s, nil
}

// Validate checks the settings without reading any file.
func (s SSHSettings) Validate() error {
	var problems []error
	if s.Port < 0 || s.Port > 65535 {
		problems = append(problems, fmt.Errorf("ssh port must be between 1 and 65535 (0 for 22), got %d", s.Port))
	}
	if s.PrivateKey.IsZero() && s.PrivateKeyFile == "" && s.PrivateKeySecretID == "" {
		problems = append(problems, errors.New("no SSH private key: give a private key, a private key file, or the OCID of a Vault secret holding it"))
	}
	return errors.Join(problems...)
}

// Opener returns a Checker.SSH function: it reads the key (from Vault
// through client when that is where it is) and opens a connection pool.
// Connections are made per node on first use.
func (s SSHSettings) Opener(client *oci.Client) func(ctx context.Context) (Runner, error) {
	return func(ctx context.Context) (Runner, error) {
		if err := s.Validate(); err != nil {
			return nil, err
		}
		var (
			auth remote.AuthMethod
			err  error
		)
		switch {
		case !s.PrivateKey.IsZero():
			auth, err = remote.PrivateKey(s.PrivateKey.PEM(), nil)
		case s.PrivateKeyFile != "":
			auth, err = remote.PrivateKeyFile(s.PrivateKeyFile, nil)
		default:
			if client == nil {
				return nil, errors.New("the SSH key is in a Vault secret, but no OCI client is configured to read it")
			}
			var key oci.PrivateKey
			if key, err = client.SSHKeyFromSecret(ctx, s.PrivateKeySecretID); err == nil {
				auth, err = remote.PrivateKey(key.PEM(), nil)
			}
		}
		if err != nil {
			return nil, err
		}
		cfg := remote.Config{User: s.User, Port: s.Port, Auth: []remote.AuthMethod{auth}}
		if cfg.User == "" {
			cfg.User = DefaultSSHUser
		}
		if s.KnownHostsFile != "" {
			cfg.HostKey = remote.KnownHosts(s.KnownHostsFile)
		}
		return remote.NewPool(cfg)
	}
}

// Close closes the SSH connections the checker opened, if any.
func (c *Checker) Close() error {
	if closer, ok := c.sshRunner.(io.Closer); ok {
		return closer.Close()
	}
	return nil
}
