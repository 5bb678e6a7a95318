package oci

import (
	"strings"
	"testing"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"
)

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cfg     Config
		wantErr []string
	}{
		{name: "zero value is API key from the default file", cfg: Config{}},
		{name: "instance principal", cfg: Config{Auth: AuthInstancePrincipal, Region: "eu-frankfurt-1"}},
		{name: "auth in any case", cfg: Config{Auth: "resourceprincipal"}},
		{name: "security token", cfg: Config{Auth: "SecurityToken", ConfigFileProfile: "session"}},
		{name: "simulator endpoint", cfg: Config{Endpoint: "http://127.0.0.1:8443"}},
		{
			name:    "unknown auth lists the valid ones",
			cfg:     Config{Auth: "Password"},
			wantErr: []string{`auth "Password" is not supported`, "ApiKey, InstancePrincipal, ResourcePrincipal, SecurityToken"},
		},
		{
			name:    "endpoint without scheme",
			cfg:     Config{Endpoint: "127.0.0.1:8443"},
			wantErr: []string{`endpoint "127.0.0.1:8443"`, "https://"},
		},
		{
			name:    "every problem at once",
			cfg:     Config{Auth: "x", MaxConcurrency: -1, Retry: RetrySettings{FixedBackoff: -time.Second}},
			wantErr: []string{`auth "x"`, "max concurrency", "retry backoff"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.cfg.Validate()
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want an error containing %q", tt.wantErr)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Validate() = %q, want it to contain %q", err, want)
				}
			}
		})
	}
}

func TestConfigWithDefaults(t *testing.T) {
	t.Parallel()
	got := Config{Auth: "instanceprincipal"}.WithDefaults()
	want := Config{
		Auth:              AuthInstancePrincipal,
		ConfigFilePath:    DefaultConfigFilePath,
		ConfigFileProfile: DefaultConfigFileProfile,
		MaxConcurrency:    DefaultMaxConcurrency,
	}
	if got != want {
		t.Errorf("WithDefaults() = %+v, want %+v", got, want)
	}
	if got := (Config{}).WithDefaults().Auth; got != AuthAPIKey {
		t.Errorf("empty auth defaults to %q, want %q", got, AuthAPIKey)
	}
	kept := Config{ConfigFilePath: "/etc/oci/config", ConfigFileProfile: "OPS", MaxConcurrency: 2}.WithDefaults()
	if kept.ConfigFilePath != "/etc/oci/config" || kept.ConfigFileProfile != "OPS" || kept.MaxConcurrency != 2 {
		t.Errorf("WithDefaults() overwrote set fields: %+v", kept)
	}
}

// Not parallel: t.Setenv changes the process environment.
func TestConfigFromEnv(t *testing.T) {
	t.Setenv(EnvAuth, " ApiKey ")
	t.Setenv(EnvRegion, "us-ashburn-1")
	t.Setenv(EnvConfigFilePath, "/state/config")
	t.Setenv(EnvConfigFileProfile, "SIM")
	t.Setenv(EnvEndpoint, "http://127.0.0.1:9000")
	want := Config{
		Auth:              AuthAPIKey,
		Region:            "us-ashburn-1",
		ConfigFilePath:    "/state/config",
		ConfigFileProfile: "SIM",
		Endpoint:          "http://127.0.0.1:9000",
	}
	if got := ConfigFromEnv(); got != want {
		t.Errorf("ConfigFromEnv() = %+v, want %+v", got, want)
	}

	for _, name := range []string{EnvAuth, EnvRegion, EnvConfigFilePath, EnvConfigFileProfile, EnvEndpoint} {
		t.Setenv(name, "")
	}
	if got := ConfigFromEnv(); got != (Config{}) {
		t.Errorf("ConfigFromEnv() with nothing set = %+v, want the zero Config so defaults apply", got)
	}
}

func TestNewClientRejectsBadConfig(t *testing.T) {
	t.Parallel()
	_, err := NewClient(Config{Auth: "UserPassword"})
	if err == nil || !strings.Contains(err.Error(), "InstancePrincipal") {
		t.Fatalf("NewClient() error = %v, want one listing the valid auth methods", err)
	}
}

func TestRetryPolicy(t *testing.T) {
	t.Parallel()
	def := retryPolicy(RetrySettings{})
	if want := common.DefaultRetryPolicy().MaximumNumberAttempts; def.MaximumNumberAttempts != want {
		t.Errorf("default policy allows %d attempts, want the SDK default of %d", def.MaximumNumberAttempts, want)
	}
	tuned := retryPolicy(RetrySettings{MaxAttempts: 3, FixedBackoff: 5 * time.Millisecond})
	// The SDK retries with the policy DeterminePolicyToUse picks, which
	// may be another than the one configured.
	tuned, _, _ = tuned.DeterminePolicyToUse(tuned)
	if tuned.MaximumNumberAttempts != 3 {
		t.Errorf("tuned policy allows %d attempts, want 3", tuned.MaximumNumberAttempts)
	}
	if d := tuned.NextDuration(newAttempt(1)); d != 5*time.Millisecond {
		t.Errorf("tuned policy waits %s, want 5ms", d)
	}
}
