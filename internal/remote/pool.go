package remote

import (
	"context"
	"errors"
	"sync"
)

// Pool keeps one Client per host, so every phase of a run reuses the
// node's connection. It is safe for concurrent use.
type Pool struct {
	cfg Config

	mu      sync.Mutex
	clients map[string]*Client
	closed  bool
}

// NewPool checks cfg once for all hosts.
func NewPool(cfg Config) (*Pool, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &Pool{cfg: cfg, clients: make(map[string]*Client)}, nil
}

var errPoolClosed = errors.New("the SSH connection pool is closed")

// Client returns the host's Client, creating it (without connecting) on
// first use.
func (p *Pool) Client(host string) (*Client, error) {
	key := withPort(host, p.cfg.Port)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, errPoolClosed
	}
	if c, ok := p.clients[key]; ok {
		return c, nil
	}
	c, err := New(host, p.cfg)
	if err != nil {
		return nil, err
	}
	p.clients[key] = c
	return c, nil
}

// Run runs cmd on host through its pooled Client.
func (p *Pool) Run(ctx context.Context, host string, cmd Cmd) (Result, error) {
	c, err := p.Client(host)
	if err != nil {
		return Result{}, err
	}
	return c.Run(ctx, cmd)
}

// Release closes host's connection and forgets its Client, for callers
// that are done with a node while the pool serves others: a fleet-wide
// read would otherwise hold every node's connection until the end.
func (p *Pool) Release(host string) {
	key := withPort(host, p.cfg.Port)
	p.mu.Lock()
	c := p.clients[key]
	delete(p.clients, key)
	p.mu.Unlock()
	if c != nil {
		_ = c.Close()
	}
}

// Close closes every Client.
func (p *Pool) Close() error {
	p.mu.Lock()
	clients := p.clients
	p.clients, p.closed = nil, true
	p.mu.Unlock()
	for _, c := range clients {
		_ = c.Close()
	}
	return nil
}
