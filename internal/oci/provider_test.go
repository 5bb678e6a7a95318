package oci

import (
	"path/filepath"
	"testing"
)

func TestConfigurationProviderFromFile(t *testing.T) {
	t.Parallel()
	key := newAPIKey(t)
	withRegion := writeOCIConfig(t, key, "DEFAULT", testRegion)
	withoutRegion := writeOCIConfig(t, key, "OPS", "")

	tests := []struct {
		name       string
		cfg        Config
		wantRegion string
		wantErr    []string
	}{
		{name: "region from the file", cfg: Config{ConfigFilePath: withRegion}, wantRegion: testRegion},
		{name: "region override wins", cfg: Config{ConfigFilePath: withRegion, Region: "eu-frankfurt-1"}, wantRegion: "eu-frankfurt-1"},
		{name: "override fills a missing region", cfg: Config{ConfigFilePath: withoutRegion, ConfigFileProfile: "OPS", Region: "eu-zurich-1"}, wantRegion: "eu-zurich-1"},
		{
			name:    "missing region says where to add it",
			cfg:     Config{ConfigFilePath: withoutRegion, ConfigFileProfile: "OPS"},
			wantErr: []string{"profile [OPS]", withoutRegion, "region"},
		},
		{
			name:    "missing file names the file and the settings",
			cfg:     Config{ConfigFilePath: filepath.Join(t.TempDir(), "nope")},
			wantErr: []string{"nope", "config_file_path", "config_file_profile"},
		},
		{
			name:    "missing profile names the profile",
			cfg:     Config{ConfigFilePath: withRegion, ConfigFileProfile: "PROD"},
			wantErr: []string{"profile [PROD]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := configurationProvider(tt.cfg.WithDefaults())
			if len(tt.wantErr) > 0 {
				mustContain(t, err, tt.wantErr...)
				return
			}
			if err != nil {
				t.Fatalf("configurationProvider() = %v", err)
			}
			region, err := p.Region()
			if err != nil || region != tt.wantRegion {
				t.Errorf("Region() = %q, %v; want %q", region, err, tt.wantRegion)
			}
			keyID, err := p.KeyID()
			if err != nil || keyID != key.keyID() {
				t.Errorf("KeyID() = %q, %v; want %q", keyID, err, key.keyID())
			}
		})
	}
}

func TestConfigurationProviderOutsideOCI(t *testing.T) {
	// Not parallel: clears the resource principal environment.
	for _, v := range []string{"OCI_RESOURCE_PRINCIPAL_VERSION", "OCI_RESOURCE_PRINCIPAL_RPST", "OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM", "OCI_RESOURCE_PRINCIPAL_REGION"} {
		t.Setenv(v, "")
	}
	_, err := configurationProvider(Config{Auth: AuthResourcePrincipal}.WithDefaults())
	mustContain(t, err, "resource principal", "OCI Resource Manager")
}

func TestClientBuildsServiceClientsLazily(t *testing.T) {
	t.Parallel()
	// A config file that does not exist is fine until a call needs it.
	c, err := NewClient(Config{ConfigFilePath: filepath.Join(t.TempDir(), "absent")})
	if err != nil {
		t.Fatalf("NewClient() = %v, want no error before any call", err)
	}
	_, err = c.databaseClient()
	mustContain(t, err, "absent")
}

func TestClientAppliesEndpointAndRetry(t *testing.T) {
	t.Parallel()
	key := newAPIKey(t)
	c, err := NewClient(Config{
		ConfigFilePath: writeOCIConfig(t, key, "DEFAULT", testRegion),
		Endpoint:       "http://127.0.0.1:1/",
		Region:         "eu-frankfurt-1",
		Retry:          RetrySettings{MaxAttempts: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	db, err := c.databaseClient()
	if err != nil {
		t.Fatal(err)
	}
	if db.Host != "http://127.0.0.1:1" {
		t.Errorf("database client host = %q, want the endpoint", db.Host)
	}
	if db.Configuration.RetryPolicy == nil || db.Configuration.RetryPolicy.MaximumNumberAttempts != 2 {
		t.Errorf("database client retry policy = %v, want 2 attempts", db.Configuration.RetryPolicy)
	}
	vn, err := c.networkClient()
	if err != nil {
		t.Fatal(err)
	}
	if vn.Host != "http://127.0.0.1:1" {
		t.Errorf("network client host = %q, want the endpoint", vn.Host)
	}

	noEndpoint, err := NewClient(Config{ConfigFilePath: writeOCIConfig(t, key, "DEFAULT", testRegion), Region: "eu-frankfurt-1"})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := noEndpoint.secretsClient()
	if err != nil {
		t.Fatal(err)
	}
	if want := "https://secrets.vaults.eu-frankfurt-1.oci.oraclecloud.com"; sc.Host != want {
		t.Errorf("secrets client host = %q, want %q (the region override)", sc.Host, want)
	}
}
