package oci

import (
	"fmt"
	"strings"
	"sync"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"
	"github.com/oracle/oci-go-sdk/v65/database"
	"github.com/oracle/oci-go-sdk/v65/identity"
	"github.com/oracle/oci-go-sdk/v65/osmanagementhub"
	"github.com/oracle/oci-go-sdk/v65/secrets"
)

// Client reaches the OCI services a patch run needs. Service clients are
// built on first use, so that a caller who only reads a secret never needs
// database permissions, and a bad config file is reported by the first call
// that needs it. A Client is safe for concurrent use.
type Client struct {
	cfg Config

	provider lazy[common.ConfigurationProvider]
	database lazy[*database.DatabaseClient]
	network  lazy[*core.VirtualNetworkClient]
	identity lazy[*identity.IdentityClient]
	secrets  lazy[*secrets.SecretsClient]
	osmh     lazy[*osmanagementhub.ManagedInstanceClient]
}

// NewClient checks cfg and returns a Client for it. It does not contact OCI
// or read the config file yet.
func NewClient(cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("invalid OCI settings: %w", err)
	}
	return &Client{cfg: cfg.WithDefaults()}, nil
}

// Config returns the settings the client uses, defaults applied.
func (c *Client) Config() Config { return c.cfg }

func (c *Client) configProvider() (common.ConfigurationProvider, error) {
	return c.provider.get(func() (common.ConfigurationProvider, error) {
		return configurationProvider(c.cfg)
	})
}

// prepare applies what every service client shares: the retry policy, the
// region override, and the endpoint override (last, because SetRegion
// rewrites the host).
func (c *Client) prepare(base *common.BaseClient, setRegion func(string)) {
	policy := retryPolicy(c.cfg.Retry)
	base.Configuration.RetryPolicy = &policy
	if c.cfg.Region != "" {
		setRegion(c.cfg.Region)
	}
	if c.cfg.Endpoint != "" {
		base.Host = strings.TrimRight(c.cfg.Endpoint, "/")
	}
}

func (c *Client) databaseClient() (*database.DatabaseClient, error) {
	return c.database.get(func() (*database.DatabaseClient, error) {
		p, err := c.configProvider()
		if err != nil {
			return nil, err
		}
		cl, err := database.NewDatabaseClientWithConfigurationProvider(p)
		if err != nil {
			return nil, fmt.Errorf("create the Database service client: %w", err)
		}
		c.prepare(&cl.BaseClient, cl.SetRegion)
		return &cl, nil
	})
}

func (c *Client) networkClient() (*core.VirtualNetworkClient, error) {
	return c.network.get(func() (*core.VirtualNetworkClient, error) {
		p, err := c.configProvider()
		if err != nil {
			return nil, err
		}
		cl, err := core.NewVirtualNetworkClientWithConfigurationProvider(p)
		if err != nil {
			return nil, fmt.Errorf("create the Networking service client: %w", err)
		}
		c.prepare(&cl.BaseClient, cl.SetRegion)
		return &cl, nil
	})
}

func (c *Client) identityClient() (*identity.IdentityClient, error) {
	return c.identity.get(func() (*identity.IdentityClient, error) {
		p, err := c.configProvider()
		if err != nil {
			return nil, err
		}
		cl, err := identity.NewIdentityClientWithConfigurationProvider(p)
		if err != nil {
			return nil, fmt.Errorf("create the Identity service client: %w", err)
		}
		c.prepare(&cl.BaseClient, cl.SetRegion)
		return &cl, nil
	})
}

func (c *Client) secretsClient() (*secrets.SecretsClient, error) {
	return c.secrets.get(func() (*secrets.SecretsClient, error) {
		p, err := c.configProvider()
		if err != nil {
			return nil, err
		}
		cl, err := secrets.NewSecretsClientWithConfigurationProvider(p)
		if err != nil {
			return nil, fmt.Errorf("create the Vault Secrets service client: %w", err)
		}
		c.prepare(&cl.BaseClient, cl.SetRegion)
		return &cl, nil
	})
}

func (c *Client) osmhClient() (*osmanagementhub.ManagedInstanceClient, error) {
	return c.osmh.get(func() (*osmanagementhub.ManagedInstanceClient, error) {
		p, err := c.configProvider()
		if err != nil {
			return nil, err
		}
		cl, err := osmanagementhub.NewManagedInstanceClientWithConfigurationProvider(p)
		if err != nil {
			return nil, fmt.Errorf("create the OS Management Hub service client: %w", err)
		}
		c.prepare(&cl.BaseClient, cl.SetRegion)
		return &cl, nil
	})
}

// lazy builds a value once. A failure is kept too: the causes (a missing
// config file, no instance metadata) do not heal between calls, and
// retrying would only repeat the same slow probe.
type lazy[T any] struct {
	once  sync.Once
	value T
	err   error
}

func (l *lazy[T]) get(build func() (T, error)) (T, error) {
	l.once.Do(func() { l.value, l.err = build() })
	return l.value, l.err
}
