package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/fleetpatch/terraform-provider-fams/internal/access"
	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/patch"
)

// envCompartmentID is the compartment searched by display name when
// --compartment-id is not given; the simulator's env file sets it.
const envCompartmentID = "FAMS_COMPARTMENT_ID"

// ociFlags are the OCI API settings. Defaults come from the FAMS_*
// environment, so that a sourced simulator env file or a self-hosted
// instance's profile needs no flags at all.
type ociFlags struct {
	auth, configFile, profile, region, endpoint string
}

func (f *ociFlags) register(fs *pflag.FlagSet) {
	env := oci.ConfigFromEnv()
	fs.StringVar(&f.auth, "auth", string(env.Auth), "OCI authentication: api_key, instance_principal, resource_principal or security_token (or the OCI provider's ApiKey, InstancePrincipal, ...); default api_key")
	fs.StringVar(&f.configFile, "config-file", env.ConfigFilePath, "OCI config file for api_key and security_token (default ~/.oci/config)")
	fs.StringVar(&f.profile, "profile", env.ConfigFileProfile, "profile in the OCI config file (default DEFAULT)")
	fs.StringVar(&f.region, "region", env.Region, "OCI region, overriding the config file's or the instance's")
	fs.StringVar(&f.endpoint, "endpoint", env.Endpoint, "one URL for every OCI service (a proxy, a private endpoint or the simulator)")
}

// authMethod accepts the CLI spelling (instance_principal) and the OCI
// provider's (InstancePrincipal), in any case.
func authMethod(s string) (oci.AuthMethod, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	norm := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", ""))
	for _, m := range oci.AuthMethods() {
		if strings.ToLower(string(m)) == norm {
			return m, nil
		}
	}
	return "", fmt.Errorf("--auth %q is not supported: use api_key, instance_principal, resource_principal or security_token", s)
}

func (f *ociFlags) config() (oci.Config, error) {
	m, err := authMethod(f.auth)
	if err != nil {
		return oci.Config{}, err
	}
	cfg := oci.Config{Auth: m, Region: f.region, ConfigFilePath: f.configFile, ConfigFileProfile: f.profile, Endpoint: f.endpoint}
	if err := cfg.Validate(); err != nil {
		return oci.Config{}, err
	}
	return cfg, nil
}

// sshFlags say how to log in to the nodes.
type sshFlags struct {
	user, keyFile, keySecretID string
	port                       int
	knownHosts, fingerprints   []string
	bastionHost, bastionUser   string
	// envErr is a FAMS_SSH_* variable that could not be read.
	envErr error
}

func (f *sshFlags) register(fs *pflag.FlagSet) {
	env, err := access.SSHFromEnv()
	f.envErr = err
	user := env.User
	if user == "" {
		user = access.DefaultSSHUser
	}
	port := env.Port
	if port == 0 {
		port = 22
	}
	fs.StringVar(&f.user, "ssh-user", user, "login user on the nodes (needs passwordless sudo)")
	fs.IntVar(&f.port, "ssh-port", port, "SSH port of the nodes")
	fs.StringVar(&f.keyFile, "ssh-private-key-file", env.PrivateKeyFile, "PEM private key file")
	fs.StringVar(&f.keySecretID, "ssh-private-key-secret-id", env.PrivateKeySecretID, "OCID of an OCI Vault secret holding the PEM private key")
	fs.StringArrayVar(&f.knownHosts, "known-hosts", env.KnownHostsFiles, "known_hosts file to check host keys against (repeatable; default ~/.ssh/known_hosts)")
	fs.StringArrayVar(&f.fingerprints, "host-key-fingerprint", env.HostKeyFingerprints, "accepted host key fingerprint, SHA256:... (repeatable; replaces known_hosts)")
	fs.StringVar(&f.bastionHost, "bastion-host", env.BastionHost, "jump host, host or host:port")
	fs.StringVar(&f.bastionUser, "bastion-user", env.BastionUser, "login user on the jump host (default --ssh-user)")
}

// settings are the SSH settings, checked completely.
func (f *sshFlags) settings() (access.SSH, error) {
	s, err := f.build()
	if err != nil {
		return s, err
	}
	return s, s.Validate()
}

// build turns the flags into settings, checking the flags themselves but
// not yet whether a key was given.
func (f *sshFlags) build() (access.SSH, error) {
	if f.envErr != nil {
		return access.SSH{}, f.envErr
	}
	s := access.SSH{
		User: f.user, Port: f.port, PrivateKeyFile: f.keyFile, PrivateKeySecretID: f.keySecretID,
		KnownHostsFiles: f.knownHosts, HostKeyFingerprints: f.fingerprints,
		BastionHost: f.bastionHost, BastionUser: f.bastionUser,
	}
	if host, port, ok := strings.Cut(f.bastionHost, ":"); ok && !strings.Contains(port, ":") {
		var p int
		if _, err := fmt.Sscanf(port, "%d", &p); err != nil {
			return s, fmt.Errorf("--bastion-host %q: the port %q is not a number", f.bastionHost, port)
		}
		s.BastionHost, s.BastionPort = host, p
	}
	if f.port < 1 || f.port > 65535 {
		return s, fmt.Errorf("--ssh-port %d is not a TCP port: use 1-65535", f.port)
	}
	return s, nil
}

// selectFlags choose the DB systems, through OCI or directly by address.
type selectFlags struct {
	displayNames, ids []string
	compartmentID     string
	hosts             []string
	storage           string
	all               bool
}

func (f *selectFlags) register(fs *pflag.FlagSet, withAll bool) {
	fs.StringArrayVar(&f.displayNames, "display-name", nil, "display name of a DB system, searched in --compartment-id and below (repeatable)")
	fs.StringArrayVar(&f.ids, "db-system-id", nil, "OCID of a DB system (repeatable)")
	fs.StringVar(&f.compartmentID, "compartment-id", os.Getenv(envCompartmentID), "compartment (or tenancy) whose subtree --display-name searches; default $"+envCompartmentID)
	fs.StringArrayVar(&f.hosts, "host", nil, "direct mode: address (host or host:port) of a node of one DB system, without OCI; repeat in rolling order")
	fs.StringVar(&f.storage, "storage", "auto", "direct mode: storage management of the nodes: asm, lvm or auto (detected on the node)")
	if withAll {
		fs.BoolVar(&f.all, "all", false, "every DB system in --compartment-id and its sub-compartments")
	}
}

// runbookArgPrefix is the argument form FAMS runbook tasks pass on
// ("$@"), kept so that a task line written for the runbook script works.
const runbookArgPrefix = "dbsystemname="

// addPositional accepts dbsystemname=NAME arguments as --display-name.
func (f *selectFlags) addPositional(args []string) error {
	for _, a := range args {
		name, ok := strings.CutPrefix(a, runbookArgPrefix)
		if !ok || strings.TrimSpace(name) == "" {
			return fmt.Errorf("unexpected argument %q: the only accepted argument is dbsystemname=NAME (the FAMS runbook form); use flags for everything else", a)
		}
		f.displayNames = append(f.displayNames, name)
	}
	return nil
}

func (f *selectFlags) direct() bool { return len(f.hosts) > 0 }

func (f *selectFlags) validate() error {
	byOCI := len(f.displayNames) > 0 || len(f.ids) > 0 || f.all
	switch {
	case f.direct() && byOCI:
		return errors.New("--host (direct mode) excludes --display-name, --db-system-id, dbsystemname= and --all: choose one way to select the nodes")
	case !f.direct() && !byOCI:
		return errors.New("no DB system selected: give --display-name NAME (or dbsystemname=NAME), --db-system-id OCID, or --host ADDR")
	case (len(f.displayNames) > 0 || f.all) && f.compartmentID == "":
		return fmt.Errorf("--display-name and --all search a compartment: give --compartment-id or set %s", envCompartmentID)
	}
	if f.direct() {
		if _, ok := directStorage(f.storage); !ok {
			return fmt.Errorf("--storage %q is not valid: use asm, lvm or auto", f.storage)
		}
	}
	return nil
}

func directStorage(s string) (oci.Storage, bool) {
	if strings.EqualFold(s, "auto") {
		return oci.StorageUnknown, true
	}
	st, ok := oci.ParseStorage(s)
	return st, ok && s != ""
}

// commandFlags override the node commands of single steps.
type commandFlags struct{ overrides []string }

func (f *commandFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&f.overrides, "command", nil, "STEP=LINE: replace the command of one step (repeatable), e.g. db_stop='srvctl stop database -d {db_name}'")
}

func (f *commandFlags) commands() (dbnode.Commands, error) {
	m := map[dbnode.Step]dbnode.Override{}
	for _, o := range f.overrides {
		step, line, ok := strings.Cut(o, "=")
		if !ok {
			return dbnode.Commands{}, fmt.Errorf("--command %q: write STEP=LINE", o)
		}
		m[dbnode.Step(strings.TrimSpace(step))] = dbnode.Override{Line: line}
	}
	return dbnode.NewCommands(m)
}

// workflowFlags tune the patch workflow.
type workflowFlags struct {
	commandFlags
	option                             string
	jobTimeout, rebootTimeout, pollMax time.Duration
	eolSeries                          []string
	eolAction                          string
	preUpdate, postReboot              []string
	breakLockOlderThan                 time.Duration
	runID                              string
}

func (f *workflowFlags) register(fs *pflag.FlagSet) {
	f.commandFlags.register(fs)
	fs.StringVar(&f.option, "option", string(patch.OptionUpdate), "precheck (check only, change nothing) or update (patch and reboot)")
	fs.DurationVar(&f.jobTimeout, "job-timeout", patch.DefaultJobTimeout, "how long to wait for the dbcli OS update job")
	fs.DurationVar(&f.rebootTimeout, "reboot-timeout", patch.DefaultRebootTimeout, "how long to wait for a node to come back after its reboot")
	fs.DurationVar(&f.pollMax, "poll-interval-max", patch.DefaultPollMax, "longest wait between two polls of a job or a rebooting node")
	fs.StringArrayVar(&f.eolSeries, "eol-kernel-series", patch.DefaultEndOfLifeSeries(), "end-of-life kernel series major.minor (repeatable)")
	fs.StringVar(&f.eolAction, "eol-kernel-action", string(patch.KernelSkip), "what to do with a node on an end-of-life kernel: skip or fail")
	fs.StringArrayVar(&f.preUpdate, "pre-update-command", nil, "command run on each node, as the login user, before its update (repeatable)")
	fs.StringArrayVar(&f.postReboot, "post-reboot-command", nil, "command run on each node, as the login user, after its reboot (repeatable)")
	fs.DurationVar(&f.breakLockOlderThan, "break-lock-older-than", 0, "break another run's node lock once it is older than this (0: never)")
	fs.StringVar(&f.runID, "run-id", "famsctl", `lock identity of this caller, scoped to each DB system; a rerun with the same id resumes its own lock`)
}

// config builds the engine configuration; RunID is left to the caller,
// which derives it per DB system.
func (f *workflowFlags) config() (patch.Config, error) {
	var problems []error
	opt := patch.Option(f.option)
	if !slices.Contains(patch.Options(), opt) {
		problems = append(problems, fmt.Errorf("--option %q is not valid: use precheck or update", f.option))
	}
	cmds, err := f.commands()
	if err != nil {
		problems = append(problems, err)
	}
	hooks := dbnode.Hooks{}
	for _, l := range f.preUpdate {
		hooks.PreUpdate = append(hooks.PreUpdate, dbnode.Command{Line: l, RunAs: dbnode.LoginUser})
	}
	for _, l := range f.postReboot {
		hooks.PostReboot = append(hooks.PostReboot, dbnode.Command{Line: l, RunAs: dbnode.LoginUser})
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"--job-timeout", f.jobTimeout}, {"--reboot-timeout", f.rebootTimeout}, {"--poll-interval-max", f.pollMax}} {
		if d.v <= 0 {
			problems = append(problems, fmt.Errorf("%s must be a positive duration such as 30s, got %s", d.name, d.v))
		}
	}
	cfg := patch.Config{
		Option: opt, Commands: cmds, Hooks: hooks,
		Kernel:     patch.KernelPolicy{EndOfLifeSeries: f.eolSeries, Action: patch.KernelAction(f.eolAction)},
		JobTimeout: f.jobTimeout, RebootTimeout: f.rebootTimeout, PollMax: f.pollMax,
		BreakLockOlderThan: f.breakLockOlderThan,
		Owner:              owner(),
	}
	if len(problems) == 0 {
		if err := cfg.Validate(); err != nil {
			problems = append(problems, err)
		}
	}
	return cfg, errors.Join(problems...)
}

// owner names this process in node locks, for whoever finds one.
func owner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("famsctl@%s (pid %d)", host, os.Getpid())
}

// outputFlags choose how results are printed.
type outputFlags struct{ format string }

func (f *outputFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&f.format, "output", "o", "table", "table, json or csv")
}

func (f *outputFlags) validate() error {
	if !slices.Contains([]string{"table", "json", "csv"}, f.format) {
		return fmt.Errorf("--output %q is not valid: use table, json or csv", f.format)
	}
	return nil
}
