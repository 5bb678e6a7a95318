package remote

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"
)

// Defaults for the zero values of Config.
const (
	DefaultPort               = 22
	DefaultConnectTimeout     = 30 * time.Second
	DefaultKeepaliveInterval  = 15 * time.Second
	DefaultKeepaliveMaxMissed = 3
	DefaultOutputLimit        = 4 << 20
)

// Config says how to reach and log in to hosts. One Config serves every
// node of a run; it is read, never modified, by the clients using it.
type Config struct {
	// User is the login user on the target (Base Database nodes: opc).
	User string
	// Port is the target's SSH port when the host has none; 0 means 22.
	Port int
	// Auth lists the keys to offer, in order.
	Auth []AuthMethod
	// HostKey verifies the target's host key; the zero value checks
	// ~/.ssh/known_hosts.
	HostKey HostKeyPolicy
	// Bastions are the jump hosts, outermost first (ProxyJump order).
	Bastions []Hop

	// ConnectTimeout bounds TCP connect plus SSH handshake, per hop and
	// per attempt; 0 means DefaultConnectTimeout.
	ConnectTimeout time.Duration
	// KeepaliveInterval is how often an idle or busy connection is probed
	// with keepalive@openssh.com; 0 means DefaultKeepaliveInterval and a
	// negative value turns keepalives off.
	KeepaliveInterval time.Duration
	// KeepaliveMaxMissed is how many intervals may pass without an answer
	// before the connection is declared dead and closed, so that a dead
	// peer is detected within (KeepaliveMaxMissed+1) intervals; 0 means
	// DefaultKeepaliveMaxMissed.
	KeepaliveMaxMissed int
	// Retry governs dial retries. Only dial failures are retried:
	// authentication failures and host key mismatches are final.
	Retry RetryPolicy
	// OutputLimit caps what is kept of stdout and of stderr per command;
	// the rest is read and dropped, and Result.Truncated is set. 0 means
	// DefaultOutputLimit.
	OutputLimit int

	// Logger receives connection events (never key material); nil
	// discards them.
	Logger *slog.Logger
	// Clock drives keepalives, backoff and timeouts; nil is the real clock.
	Clock clockwork.Clock
}

// Hop is one jump host. A Hop with no User, Auth or HostKey set uses none
// of the target's: each hop states its own, since bastions rarely share
// users or keys with the nodes behind them.
type Hop struct {
	// Host is "host" or "host:port"; without a port, Port or 22 applies.
	Host string
	Port int
	// User logs in to the jump host. For an OCI Bastion managed SSH
	// session it is the session OCID and Host is
	// host.bastion.<region>.oci.oraclecloud.com.
	User    string
	Auth    []AuthMethod
	HostKey HostKeyPolicy
}

// endpoint is one SSH server on the way: a hop or the target.
type endpoint struct {
	addr    string
	user    string
	auth    []AuthMethod
	hostKey HostKeyPolicy
}

func (c Config) withDefaults() Config {
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = DefaultConnectTimeout
	}
	if c.KeepaliveInterval == 0 {
		c.KeepaliveInterval = DefaultKeepaliveInterval
	}
	if c.KeepaliveMaxMissed <= 0 {
		c.KeepaliveMaxMissed = DefaultKeepaliveMaxMissed
	}
	if c.OutputLimit <= 0 {
		c.OutputLimit = DefaultOutputLimit
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Clock == nil {
		c.Clock = clockwork.NewRealClock()
	}
	c.Retry = c.Retry.withDefaults()
	return c
}

func (c Config) validate() error {
	var problems []error
	if c.User == "" {
		problems = append(problems, errors.New("no login user: set the user (Base Database nodes use opc)"))
	}
	if len(c.Auth) == 0 {
		problems = append(problems, errors.New("no authentication method: give a private key, a certificate or ssh-agent"))
	}
	if err := c.HostKey.validate(); err != nil {
		problems = append(problems, err)
	}
	for i, h := range c.Bastions {
		if err := h.validate(); err != nil {
			problems = append(problems, fmt.Errorf("jump host %d (%s): %w", i+1, h.Host, err))
		}
	}
	return errors.Join(problems...)
}

func (h Hop) validate() error {
	var problems []error
	if h.Host == "" {
		problems = append(problems, errors.New("no host"))
	}
	if h.User == "" {
		problems = append(problems, errors.New("no login user"))
	}
	if len(h.Auth) == 0 {
		problems = append(problems, errors.New("no authentication method"))
	}
	if err := h.HostKey.validate(); err != nil {
		problems = append(problems, err)
	}
	return errors.Join(problems...)
}

// route is the chain of endpoints to reach host, jump hosts first.
func (c Config) route(host string) []endpoint {
	hops := make([]endpoint, 0, len(c.Bastions)+1)
	for _, h := range c.Bastions {
		hops = append(hops, endpoint{addr: withPort(h.Host, h.Port), user: h.User, auth: h.Auth, hostKey: h.HostKey})
	}
	return append(hops, endpoint{addr: withPort(host, c.Port), user: c.User, auth: c.Auth, hostKey: c.HostKey})
}

// withPort adds the port unless host already has one; IPv6 literals get
// their brackets.
func withPort(host string, port int) string {
	if _, _, err := net.SplitHostPort(host); err == nil {
		return host
	}
	if port <= 0 {
		port = DefaultPort
	}
	return net.JoinHostPort(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), strconv.Itoa(port))
}
