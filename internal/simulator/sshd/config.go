package sshd

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/ssh"
)

const (
	// DefaultUser is the login user of Base Database Service DB nodes.
	DefaultUser = "opc"
	// DefaultServerVersion is what the sshd of Oracle Linux 8 announces.
	DefaultServerVersion = "SSH-2.0-OpenSSH_8.0"
)

// Config describes one simulated node's SSH daemon.
type Config struct {
	// Addr is the listen address, host:port. With port 0 the first Start
	// picks a free port and every later PowerOn reuses it, so the node keeps
	// its address across reboots.
	Addr string
	// HostKey identifies the node; SetHostKey replaces it at run time.
	HostKey ssh.Signer
	// User is the only account that may log in; empty means DefaultUser.
	User string
	// AuthorizedKeys are the public keys accepted for User.
	AuthorizedKeys []ssh.PublicKey
	// UserCAKeys are certificate authorities whose OpenSSH user
	// certificates are accepted when they name User as a principal.
	UserCAKeys []ssh.PublicKey
	// ServerVersion is the identification string; empty means
	// DefaultServerVersion. It must start with "SSH-2.0-".
	ServerVersion string
	// Banner, when not empty, is sent before authentication.
	Banner string
	// AllowTCPForwarding lets clients open direct-tcpip channels to
	// loopback addresses, so the node can act as a bastion (ProxyJump).
	AllowTCPForwarding bool
	// Machine runs the commands.
	Machine Machine
	// Logger receives connection-level events; nil discards them.
	Logger *slog.Logger
	// Clock times the handshake latency knob; nil means the real clock.
	Clock clockwork.Clock
}

func (c Config) withDefaults() Config {
	if c.User == "" {
		c.User = DefaultUser
	}
	if c.ServerVersion == "" {
		c.ServerVersion = DefaultServerVersion
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Clock == nil {
		c.Clock = clockwork.NewRealClock()
	}
	return c
}

func (c Config) validate() error {
	var problems []error
	if c.Addr == "" {
		problems = append(problems, errors.New("a listen address is required"))
	}
	if c.HostKey == nil {
		problems = append(problems, errors.New("a host key is required"))
	}
	if c.Machine == nil {
		problems = append(problems, errors.New("a machine to run commands is required"))
	}
	if len(c.AuthorizedKeys) == 0 && len(c.UserCAKeys) == 0 {
		problems = append(problems, fmt.Errorf("no authorized key and no user CA key is set, so %s could never log in", c.User))
	}
	if !strings.HasPrefix(c.ServerVersion, "SSH-2.0-") {
		problems = append(problems, fmt.Errorf("server version %q must start with SSH-2.0-", c.ServerVersion))
	}
	if err := errors.Join(problems...); err != nil {
		return fmt.Errorf("invalid SSH server configuration: %w", err)
	}
	return nil
}
