package oci

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// AuthMethod selects how requests are signed. The values are spelled as the
// OCI Terraform provider spells its `auth` argument, so that users can copy
// their existing provider settings.
type AuthMethod string

// The supported authentication methods.
const (
	// AuthAPIKey signs with the API key named in an OCI config file profile.
	AuthAPIKey AuthMethod = "ApiKey"
	// AuthInstancePrincipal uses the identity of the compute instance the
	// process runs on (a FAMS self-hosted instance, for example).
	AuthInstancePrincipal AuthMethod = "InstancePrincipal"
	// AuthResourcePrincipal uses the identity OCI Resource Manager and
	// Functions hand to the process through environment variables.
	AuthResourcePrincipal AuthMethod = "ResourcePrincipal"
	// AuthSecurityToken uses a session token created by `oci session
	// authenticate`, read from a config file profile with security_token_file.
	AuthSecurityToken AuthMethod = "SecurityToken"
)

// AuthMethods lists every accepted AuthMethod, in the order error messages
// and documentation show them.
func AuthMethods() []AuthMethod {
	return []AuthMethod{AuthAPIKey, AuthInstancePrincipal, AuthResourcePrincipal, AuthSecurityToken}
}

// Defaults used when Config leaves a field empty.
const (
	DefaultConfigFilePath    = "~/.oci/config"
	DefaultConfigFileProfile = "DEFAULT"
	// DefaultMaxConcurrency bounds parallel requests when one answer needs
	// many calls (a compartment tree, the VNICs of a fleet, the errata of
	// many instances). Each call waits mostly on the network, so the bound
	// is what makes a 1,000-instance report take seconds, not minutes;
	// when OCI throttles (429), the SDK's retry policy backs off.
	DefaultMaxConcurrency = 32
)

// Environment variables read by ConfigFromEnv. The simulator writes them, and
// the provider and famsctl use them as defaults.
const (
	EnvAuth              = "FAMS_AUTH"
	EnvRegion            = "FAMS_REGION"
	EnvConfigFilePath    = "FAMS_CONFIG_FILE_PATH"
	EnvConfigFileProfile = "FAMS_CONFIG_FILE_PROFILE"
	EnvEndpoint          = "FAMS_ENDPOINT"
)

// Config says how to reach and authenticate to OCI. The zero value means API
// key authentication from the DEFAULT profile of ~/.oci/config.
type Config struct {
	// Auth is the signing method (the provider's `auth`); empty means ApiKey.
	Auth AuthMethod
	// Region overrides the region of the config file or of the instance
	// (the provider's `region`).
	Region string
	// ConfigFilePath is the OCI config file for ApiKey and SecurityToken
	// (the provider's `config_file_path`).
	ConfigFilePath string
	// ConfigFileProfile is the profile in that file (the provider's
	// `config_file_profile`).
	ConfigFileProfile string
	// Endpoint, when set, replaces the host of every service client: one
	// URL serves all services. The simulator uses it, and so do users who
	// must go through a proxy or a private endpoint.
	Endpoint string
	// Retry tunes the SDK retry policy applied to every call.
	Retry RetrySettings
	// MaxConcurrency bounds parallel requests; zero means
	// DefaultMaxConcurrency.
	MaxConcurrency int
}

// RetrySettings tunes the SDK's retry of throttled (429) and failed (5xx)
// calls. The zero value keeps the SDK default (common.DefaultRetryPolicy):
// a handful of attempts with exponential backoff and jitter, up to a minute
// or two in total.
type RetrySettings struct {
	// MaxAttempts counts the first try; zero keeps the SDK default.
	MaxAttempts uint
	// FixedBackoff, when set, waits exactly this long between attempts
	// instead of backing off exponentially. It exists for simulators and
	// tests, where waiting seconds buys nothing.
	FixedBackoff time.Duration
}

// ConfigFromEnv reads the FAMS_* environment variables. Unset variables
// leave their fields empty, so that defaults still apply.
func ConfigFromEnv() Config {
	return Config{
		Auth:              AuthMethod(strings.TrimSpace(os.Getenv(EnvAuth))),
		Region:            strings.TrimSpace(os.Getenv(EnvRegion)),
		ConfigFilePath:    strings.TrimSpace(os.Getenv(EnvConfigFilePath)),
		ConfigFileProfile: strings.TrimSpace(os.Getenv(EnvConfigFileProfile)),
		Endpoint:          strings.TrimSpace(os.Getenv(EnvEndpoint)),
	}
}

// WithDefaults returns a copy with every empty field set to its default and
// the auth method spelled canonically. It does not validate.
func (c Config) WithDefaults() Config {
	if m, ok := parseAuthMethod(string(c.Auth)); ok {
		c.Auth = m
	}
	if c.ConfigFilePath == "" {
		c.ConfigFilePath = DefaultConfigFilePath
	}
	if c.ConfigFileProfile == "" {
		c.ConfigFileProfile = DefaultConfigFileProfile
	}
	if c.MaxConcurrency == 0 {
		c.MaxConcurrency = DefaultMaxConcurrency
	}
	return c
}

// Validate reports every problem at once, naming the setting to fix.
func (c Config) Validate() error {
	var problems []error
	if _, ok := parseAuthMethod(string(c.Auth)); !ok {
		problems = append(problems, fmt.Errorf("auth %q is not supported; use one of %s", c.Auth, joinAuthMethods()))
	}
	if c.Endpoint != "" && !strings.HasPrefix(c.Endpoint, "http://") && !strings.HasPrefix(c.Endpoint, "https://") {
		problems = append(problems, fmt.Errorf("endpoint %q must be a URL starting with https:// (or http:// for a local simulator)", c.Endpoint))
	}
	if c.MaxConcurrency < 0 {
		problems = append(problems, fmt.Errorf("max concurrency must not be negative, got %d", c.MaxConcurrency))
	}
	if c.Retry.FixedBackoff < 0 {
		problems = append(problems, fmt.Errorf("retry backoff must not be negative, got %s", c.Retry.FixedBackoff))
	}
	return errors.Join(problems...)
}

// parseAuthMethod accepts any letter case, as the OCI provider does; empty
// means ApiKey.
func parseAuthMethod(s string) (AuthMethod, bool) {
	if strings.TrimSpace(s) == "" {
		return AuthAPIKey, true
	}
	for _, m := range AuthMethods() {
		if strings.EqualFold(strings.TrimSpace(s), string(m)) {
			return m, true
		}
	}
	return "", false
}

func joinAuthMethods() string {
	names := make([]string, 0, len(AuthMethods()))
	for _, m := range AuthMethods() {
		names = append(names, string(m))
	}
	return strings.Join(names, ", ")
}
