// Package access says how to reach DB nodes: the SSH settings users give
// (the provider's and resources' ssh, famsctl's flags, FAMS_SSH_*
// variables), the private key fetched from an OCI Vault secret, the host
// key policy and the jump host, turned into one connection pool.
package access

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/remote"
)

// DefaultSSHUser is the login user of Base Database Service nodes.
const DefaultSSHUser = "opc"

// SSH says how to reach and log in to the nodes: the provider's and the
// CLI's SSH settings, before they are turned into a transport.
type SSH struct {
	User string
	Port int
	// The private key comes from exactly one of PrivateKey (PEM),
	// PrivateKeyFile or PrivateKeySecretID (an OCI Vault secret whose
	// content is the PEM key).
	PrivateKey         oci.PrivateKey
	PrivateKeyFile     string
	PrivateKeySecretID string
	// Host keys are checked against HostKeyFingerprints when given, else
	// against KnownHostsFiles, else trusted on first use when
	// TrustOnFirstUse is set, else against ~/.ssh/known_hosts.
	HostKeyFingerprints []string
	KnownHostsFiles     []string
	TrustOnFirstUse     bool
	// BastionHost, when set, is the jump host (host or host:port); it
	// takes BastionUser (default User) and the same key.
	BastionHost    string
	BastionUser    string
	BastionPort    int
	ConnectTimeout time.Duration
}

// Environment variables that give SSH defaults; the simulator's env file
// sets the first four.
const (
	EnvUser                = "FAMS_SSH_USER"
	EnvPort                = "FAMS_SSH_PORT"
	EnvKnownHosts          = "FAMS_SSH_KNOWN_HOSTS"
	EnvPrivateKeySecretID  = "FAMS_SSH_PRIVATE_KEY_SECRET_ID"
	EnvPrivateKeyFile      = "FAMS_SSH_PRIVATE_KEY_FILE"
	EnvHostKeyFingerprints = "FAMS_SSH_HOST_KEY_FINGERPRINTS"
	EnvBastionHost         = "FAMS_SSH_BASTION_HOST"
	EnvBastionUser         = "FAMS_SSH_BASTION_USER"
)

// SSHFromEnv reads the FAMS_SSH_* environment variables; unset variables
// leave fields empty. A port that is not a number is an error naming the
// variable, not a silent default.
func SSHFromEnv() (SSH, error) {
	s := SSH{
		User:               strings.TrimSpace(os.Getenv(EnvUser)),
		PrivateKeyFile:     strings.TrimSpace(os.Getenv(EnvPrivateKeyFile)),
		PrivateKeySecretID: strings.TrimSpace(os.Getenv(EnvPrivateKeySecretID)),
		BastionHost:        strings.TrimSpace(os.Getenv(EnvBastionHost)),
		BastionUser:        strings.TrimSpace(os.Getenv(EnvBastionUser)),
	}
	if kh := strings.TrimSpace(os.Getenv(EnvKnownHosts)); kh != "" {
		s.KnownHostsFiles = strings.Split(kh, string(os.PathListSeparator))
	}
	if fp := strings.TrimSpace(os.Getenv(EnvHostKeyFingerprints)); fp != "" {
		s.HostKeyFingerprints = strings.Split(fp, ",")
	}
	if p := strings.TrimSpace(os.Getenv(EnvPort)); p != "" {
		port, err := strconv.Atoi(p)
		if err != nil {
			return s, fmt.Errorf("%s=%q is not a port number: set it to a number from 1 to 65535, or unset it", EnvPort, p)
		}
		s.Port = port
	}
	return s, nil
}

// Validate reports every problem together, each naming the setting.
func (s SSH) Validate() error {
	var errs []error
	keys := 0
	for _, set := range []bool{!s.PrivateKey.IsZero(), s.PrivateKeyFile != "", s.PrivateKeySecretID != ""} {
		if set {
			keys++
		}
	}
	switch {
	case keys == 0:
		errs = append(errs, errors.New("ssh: no private key: set private_key_secret_id (an OCI Vault secret holding the PEM key), private_key or private_key_file"))
	case keys > 1:
		errs = append(errs, errors.New("ssh: private_key, private_key_file and private_key_secret_id exclude each other: set only one"))
	}
	if s.PrivateKeySecretID != "" {
		if err := oci.CheckSecretID("ssh: private_key_secret_id", s.PrivateKeySecretID); err != nil {
			errs = append(errs, err)
		}
	}
	for _, p := range []struct {
		name string
		v    int
	}{{"port", s.Port}, {"bastion_port", s.BastionPort}} {
		if p.v < 0 || p.v > 65535 {
			errs = append(errs, fmt.Errorf("ssh: %s %d is not a TCP port: use 1-65535", p.name, p.v))
		}
	}
	for i, fp := range s.HostKeyFingerprints {
		if !strings.HasPrefix(fp, "SHA256:") {
			errs = append(errs, fmt.Errorf("ssh: host_key_fingerprints[%d] %q is not a SHA256 fingerprint: copy it from `ssh-keygen -lf` (SHA256:...)", i, fp))
		}
	}
	return errors.Join(errs...)
}

// Dial prepares the transport: it fetches the key from Vault when asked
// (api may be nil otherwise) and returns a pool that opens one connection
// per node on first use. Nothing is dialled yet.
func Dial(ctx context.Context, s SSH, api *oci.Client, logger *slog.Logger) (*remote.Pool, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	var auth remote.AuthMethod
	var err error
	switch {
	case s.PrivateKeyFile != "":
		auth, err = remote.PrivateKeyFile(s.PrivateKeyFile, nil)
	case s.PrivateKeySecretID != "":
		if api == nil {
			return nil, errors.New("ssh: private_key_secret_id needs OCI access, which this run does not have; give private_key_file instead")
		}
		var key oci.PrivateKey
		if key, err = api.SSHKeyFromSecret(ctx, s.PrivateKeySecretID); err == nil {
			auth, err = remote.PrivateKey(key.PEM(), nil)
		}
	default:
		auth, err = remote.PrivateKey(s.PrivateKey.PEM(), nil)
	}
	if err != nil {
		return nil, fmt.Errorf("ssh: load the private key: %w", err)
	}
	cfg := remote.Config{
		User: s.User, Port: s.Port, Auth: []remote.AuthMethod{auth},
		ConnectTimeout: s.ConnectTimeout, Logger: logger,
		// Short dial retries: the workflow's own waits (a rebooting
		// node) retry at their pace, and long backoffs inside one dial
		// would only hide a node that is back.
		Retry: remote.RetryPolicy{MaxAttempts: 3, InitialDelay: 250 * time.Millisecond, MaxDelay: 2 * time.Second},
	}
	if cfg.User == "" {
		cfg.User = DefaultSSHUser
	}
	switch {
	case len(s.HostKeyFingerprints) > 0:
		cfg.HostKey = remote.Pinned(s.HostKeyFingerprints...)
	case len(s.KnownHostsFiles) > 0:
		cfg.HostKey = remote.KnownHosts(s.KnownHostsFiles...)
	case s.TrustOnFirstUse:
		cfg.HostKey = remote.TrustOnFirstUse()
	}
	if s.BastionHost != "" {
		user := s.BastionUser
		if user == "" {
			user = cfg.User
		}
		cfg.Bastions = []remote.Hop{{Host: s.BastionHost, Port: s.BastionPort, User: user, Auth: cfg.Auth, HostKey: cfg.HostKey}}
	}
	return remote.NewPool(cfg)
}
