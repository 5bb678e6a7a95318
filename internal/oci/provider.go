package oci

import (
	"fmt"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/common/auth"
)

// configurationProvider builds the SDK's signer source for cfg, which must
// already carry its defaults. Every method comes from the SDK itself; this
// only picks one and applies the region override.
func configurationProvider(cfg Config) (common.ConfigurationProvider, error) {
	var (
		provider common.ConfigurationProvider
		err      error
	)
	switch cfg.Auth {
	case AuthAPIKey:
		provider, err = common.ConfigurationProviderFromFileWithProfile(cfg.ConfigFilePath, cfg.ConfigFileProfile, "")
		if err == nil {
			err = checkFileProvider(provider, cfg)
		}
	case AuthSecurityToken:
		provider, err = common.ConfigurationProviderForSessionTokenWithProfile(cfg.ConfigFilePath, cfg.ConfigFileProfile, "")
		if err == nil {
			err = checkFileProvider(provider, cfg)
		}
	case AuthInstancePrincipal:
		if cfg.Region != "" {
			provider, err = auth.InstancePrincipalConfigurationProviderForRegion(common.StringToRegion(cfg.Region))
		} else {
			provider, err = auth.InstancePrincipalConfigurationProvider()
		}
		if err != nil {
			err = fmt.Errorf("instance principal authentication works only on an OCI compute instance that a dynamic group matches: %w", err)
		}
	case AuthResourcePrincipal:
		provider, err = auth.ResourcePrincipalConfigurationProvider()
		if err != nil {
			err = fmt.Errorf("resource principal authentication needs the OCI_RESOURCE_PRINCIPAL_* environment that OCI Resource Manager and Functions provide: %w", err)
		}
	default:
		err = fmt.Errorf("auth %q is not supported; use one of %s", cfg.Auth, joinAuthMethods())
	}
	if err != nil {
		return nil, err
	}
	if cfg.Region != "" {
		provider = regionOverride{ConfigurationProvider: provider, region: cfg.Region}
	}
	return provider, nil
}

// checkFileProvider reads the profile now, so that a wrong path or profile
// is reported once, in words, rather than as the SDK's first failed call.
// A missing region is tolerated when Config supplies one.
func checkFileProvider(provider common.ConfigurationProvider, cfg Config) error {
	where := fmt.Sprintf("profile [%s] of the OCI config file %s", cfg.ConfigFileProfile, cfg.ConfigFilePath)
	for _, field := range []struct {
		name string
		get  func() (string, error)
	}{
		{"tenancy", provider.TenancyOCID},
		{"fingerprint", provider.KeyFingerprint},
		{"key_file", provider.KeyID},
	} {
		if _, err := field.get(); err != nil {
			return fmt.Errorf("read %s from %s (set config_file_path and config_file_profile, or run `oci setup config`): %w", field.name, where, err)
		}
	}
	if cfg.Region == "" {
		if _, err := provider.Region(); err != nil {
			return fmt.Errorf("%s sets no region; add region= to it or set region: %w", where, err)
		}
	}
	if _, err := provider.PrivateRSAKey(); err != nil {
		return fmt.Errorf("load the private key named by key_file in %s: %w", where, err)
	}
	return nil
}

// regionOverride answers Config.Region instead of the wrapped provider's
// region. The SDK refuses to build a client whose provider has no region, so
// overriding after construction is not enough.
type regionOverride struct {
	common.ConfigurationProvider
	region string
}

func (r regionOverride) Region() (string, error) { return r.region, nil }

// Refreshable forwards the wrapped provider's answer: the SDK asks it to
// decide whether to refresh a session token after a 401.
func (r regionOverride) Refreshable() bool {
	if p, ok := r.ConfigurationProvider.(common.RefreshableConfigurationProvider); ok {
		return p.Refreshable()
	}
	return false
}
