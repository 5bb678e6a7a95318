package remote

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
)

// Client is one node's SSH connection, opened on first use, shared by
// every command of a run and reopened transparently when it drops. Each
// reconnect verifies the host key again; with TrustOnFirstUse the key seen
// first stays pinned for the Client's lifetime. A Client is safe for
// concurrent use.
type Client struct {
	host string
	cfg  Config
	log  *slog.Logger

	// connecting serialises dials; a channel rather than a mutex so that
	// waiting for it honours the caller's context.
	connecting chan struct{}

	mu          sync.Mutex
	route       []endpoint
	cur         *conn
	fingerprint string
	closed      bool
}

// New checks cfg and returns a Client for host ("host" or "host:port")
// without connecting.
func New(host string, cfg Config) (*Client, error) {
	if host == "" {
		return nil, errors.New("SSH client: no host given")
	}
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("SSH settings for %s: %w", host, err)
	}
	cfg = cfg.withDefaults()
	addr := withPort(host, cfg.Port)
	return &Client{
		host:       addr,
		cfg:        cfg,
		log:        cfg.Logger.With("host", addr),
		connecting: make(chan struct{}, 1),
		route:      cfg.route(host),
	}, nil
}

// Dial is New followed by Connect.
func Dial(ctx context.Context, host string, cfg Config) (*Client, error) {
	c, err := New(host, cfg)
	if err != nil {
		return nil, err
	}
	if err := c.Connect(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// Host is the target address, host:port.
func (c *Client) Host() string { return c.host }

// HostKeyFingerprint is the SHA256 fingerprint of the key the target
// presented on the last handshake, empty before the first one. With
// TrustOnFirstUse this is what to pin.
func (c *Client) HostKeyFingerprint() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fingerprint
}

// Connect makes sure a connection is open, dialing (with retries) if there
// is none or the last one dropped.
func (c *Client) Connect(ctx context.Context) error {
	_, err := c.connection(ctx)
	return err
}

// Close closes the connection; later calls to Run fail.
func (c *Client) Close() error {
	c.mu.Lock()
	cur := c.cur
	c.cur, c.closed = nil, true
	c.mu.Unlock()
	if cur != nil {
		cur.end(errClientClosed)
	}
	return nil
}

func (c *Client) current() (*conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil, &Error{Kind: KindCanceled, Host: c.host, Op: "connect", Err: errClientClosed}
	}
	if c.cur != nil && c.cur.alive() {
		return c.cur, nil
	}
	return nil, nil
}

func (c *Client) connection(ctx context.Context) (*conn, error) {
	if cn, err := c.current(); cn != nil || err != nil {
		return cn, err
	}
	select {
	case c.connecting <- struct{}{}:
		defer func() { <-c.connecting }()
	case <-ctx.Done():
		d := c.dialer()
		return nil, d.contextError(ctx, "wait for the connection", nil)
	}
	// Someone else may have connected while we waited.
	if cn, err := c.current(); cn != nil || err != nil {
		return cn, err
	}
	cn, err := c.dialer().dialWithRetry(ctx)
	if err != nil {
		return nil, err
	}
	cn.watch(c.cfg.Clock, c.cfg.KeepaliveInterval, c.cfg.KeepaliveMaxMissed, c.log)

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		cn.end(errClientClosed)
		return nil, &Error{Kind: KindCanceled, Host: c.host, Op: "connect", Err: errClientClosed}
	}
	if c.cur != nil {
		c.log.Info("reconnected", "previous_connection_ended", c.cur.lostReason())
	}
	c.cur = cn
	c.fingerprint = Fingerprint(cn.targetHostKey())
	c.pinFirstUse(cn)
	return cn, nil
}

// pinFirstUse turns every trust-on-first-use endpoint into a pinned one
// now that its key has been seen: a reconnect after a reboot must meet the
// same key (Ansible's reboot action forgets this).
func (c *Client) pinFirstUse(cn *conn) {
	for i := range c.route {
		if c.route[i].hostKey.mode == modeTrustOnFirstUse {
			c.route[i].hostKey = Pinned(Fingerprint(cn.hostKeys[i]))
		}
	}
}

func (c *Client) dialer() *dialer {
	c.mu.Lock()
	route := append([]endpoint(nil), c.route...)
	c.mu.Unlock()
	return &dialer{host: c.host, cfg: c.cfg, log: c.log, route: route}
}

// discard forgets a connection that is known to be unusable, so that the
// next command dials again.
func (c *Client) discard(cn *conn, why error) {
	cn.end(why)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == cn {
		c.cur = nil
	}
}
