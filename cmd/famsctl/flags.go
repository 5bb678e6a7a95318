package main

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/fleetpatch/terraform-provider-fams/internal/compliance"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
)

// authFlags are the OCI settings every subcommand that calls OCI takes.
// They mirror the provider block; each defaults from the FAMS_* variable
// the simulator's env file sets.
type authFlags struct {
	auth, configFile, profile, region, endpoint string
}

// cliAuthNames are the --auth spellings, in the CLI's snake case; the
// provider's spellings (ApiKey, ...) are accepted too.
var cliAuthNames = map[string]oci.AuthMethod{
	"api_key":            oci.AuthAPIKey,
	"instance_principal": oci.AuthInstancePrincipal,
	"resource_principal": oci.AuthResourcePrincipal,
	"security_token":     oci.AuthSecurityToken,
}

// addAuthFlags adds --auth, --config-file, --profile, --region and
// --endpoint to fs.
func addAuthFlags(fs *pflag.FlagSet) *authFlags {
	env := oci.ConfigFromEnv()
	a := &authFlags{}
	fs.StringVar(&a.auth, "auth", cliAuthName(env.Auth), "how OCI requests are signed: api_key, instance_principal, resource_principal or security_token (env "+oci.EnvAuth+")")
	fs.StringVar(&a.configFile, "config-file", env.ConfigFilePath, "OCI config file for api_key and security_token (default ~/.oci/config; env "+oci.EnvConfigFilePath+")")
	fs.StringVar(&a.profile, "profile", env.ConfigFileProfile, "profile in the OCI config file (default DEFAULT; env "+oci.EnvConfigFileProfile+")")
	fs.StringVar(&a.region, "region", env.Region, "OCI region, such as eu-frankfurt-1 (default: the profile's or the instance's; env "+oci.EnvRegion+")")
	fs.StringVar(&a.endpoint, "endpoint", env.Endpoint, "one URL replacing every OCI service host: a proxy, a private endpoint or the simulator (env "+oci.EnvEndpoint+")")
	return a
}

// cliAuthName shows an auth method from the environment in CLI spelling.
func cliAuthName(m oci.AuthMethod) string {
	for name, method := range cliAuthNames {
		if strings.EqualFold(string(m), string(method)) {
			return name
		}
	}
	return string(m)
}

// client builds the OCI client; a bad setting is a usage error.
func (a *authFlags) client() (*oci.Client, error) {
	method := oci.AuthMethod(a.auth)
	if m, ok := cliAuthNames[strings.ToLower(strings.TrimSpace(a.auth))]; ok {
		method = m
	}
	c, err := oci.NewClient(oci.Config{
		Auth:              method,
		ConfigFilePath:    a.configFile,
		ConfigFileProfile: a.profile,
		Region:            a.region,
		Endpoint:          a.endpoint,
	})
	if err != nil {
		return nil, usageError{fmt.Errorf("%w (--auth takes api_key, instance_principal, resource_principal or security_token)", flagNames(err))}
	}
	return c, nil
}

// complianceSSHFlags say how to log in to DB nodes.
type complianceSSHFlags struct {
	user, keyFile, secretID, knownHosts string
	port                                int
	envErr                              error
}

// addSSHFlags adds --ssh-user, --ssh-port, --ssh-private-key-file,
// --ssh-private-key-secret-id and --known-hosts to fs, defaulting from
// the FAMS_SSH_* variables.
func addSSHFlags(fs *pflag.FlagSet) *complianceSSHFlags {
	env, err := compliance.SSHSettingsFromEnv()
	s := &complianceSSHFlags{envErr: err}
	fs.StringVar(&s.user, "ssh-user", env.User, "login user on the DB nodes (default "+compliance.DefaultSSHUser+"; env "+compliance.EnvSSHUser+")")
	fs.IntVar(&s.port, "ssh-port", env.Port, "SSH port of the DB nodes (default 22; env "+compliance.EnvSSHPort+")")
	fs.StringVar(&s.keyFile, "ssh-private-key-file", env.PrivateKeyFile, "PEM private key file of the login user (env "+compliance.EnvSSHPrivateKeyFile+"); preferred over --ssh-private-key-secret-id")
	fs.StringVar(&s.secretID, "ssh-private-key-secret-id", env.PrivateKeySecretID, "OCID of the Vault secret holding the private key (env "+compliance.EnvSSHPrivateKeySecretID+")")
	fs.StringVar(&s.knownHosts, "known-hosts", env.KnownHostsFile, "known_hosts file that verifies the nodes' host keys (default ~/.ssh/known_hosts; env "+compliance.EnvSSHKnownHosts+")")
	return s
}

// settings returns the SSH settings; a bad environment value only matters
// when its flag was not given.
func (s *complianceSSHFlags) settings(fs *pflag.FlagSet) (compliance.SSHSettings, error) {
	if s.envErr != nil && !fs.Changed("ssh-port") {
		return compliance.SSHSettings{}, usageError{s.envErr}
	}
	if s.port < 0 || s.port > 65535 {
		return compliance.SSHSettings{}, usageError{fmt.Errorf("--ssh-port must be between 1 and 65535, got %d", s.port)}
	}
	return compliance.SSHSettings{
		User:               s.user,
		Port:               s.port,
		PrivateKeyFile:     s.keyFile,
		PrivateKeySecretID: s.secretID,
		KnownHostsFile:     s.knownHosts,
	}, nil
}

// flagNames rewrites the setting names internal packages use (their
// Terraform spelling) into this CLI's flags.
func flagNames(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s", flagNameReplacer.Replace(err.Error()))
}

var flagNameReplacer = strings.NewReplacer(
	"managed_instance_group_id", "--managed-instance-group-id",
	"db_system_id", "--db-system-id",
	"compartment_id", "--compartment-id",
	"display_name", "--display-name",
	"include_subtree", "--recursive",
	"max_severity", "--max-severity",
	"max_age", "--max-age",
	"ssh_private_key_secret_id", "--ssh-private-key-secret-id",
	"config_file_path", "--config-file",
	"config_file_profile", "--profile",
)
