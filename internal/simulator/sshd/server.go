package sshd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/ssh"
)

// ErrServerClosed is returned by lifecycle calls made after Close.
var ErrServerClosed = errors.New("the SSH server is closed")

type powerState int

const (
	stateNew powerState = iota
	stateOn
	stateOff
	stateClosed
)

// Server is the SSH daemon of one simulated node. Its methods are safe for
// concurrent use.
type Server struct {
	cfg      Config
	clock    clockwork.Clock
	auth     *authenticator
	counters counters

	// ctx is the parent of every connection's context; Close cancels it.
	ctx    context.Context
	cancel context.CancelCauseFunc
	// wg counts every goroutine the server starts, so Close can wait for all.
	wg sync.WaitGroup

	mu       sync.Mutex
	state    powerState
	addr     string       // the bound address once started, reused by PowerOn
	listener net.Listener // nil unless powered on
	conns    map[*liveConn]struct{}
	hostKey  ssh.Signer
	latency  time.Duration
	log      *slog.Logger // names the bound address once started
}

// New checks cfg and returns a server that is not yet listening.
func New(cfg Config) (*Server, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	s := &Server{
		cfg:     cfg,
		log:     cfg.Logger.With("addr", cfg.Addr),
		clock:   cfg.Clock,
		ctx:     ctx,
		cancel:  cancel,
		addr:    cfg.Addr,
		conns:   make(map[*liveConn]struct{}),
		hostKey: cfg.HostKey,
	}
	s.auth = newAuthenticator(cfg, &s.counters.authFailures)
	return s, nil
}

// Start listens on the configured address and serves connections.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.state {
	case stateNew:
		return s.listenLocked()
	case stateClosed:
		return ErrServerClosed
	default:
		return fmt.Errorf("start the SSH server on %s: it is already started", s.addr)
	}
}

// Addr is the address the server listens on, with the real port once
// started.
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// PowerOff closes the listener and every open connection at once, like a
// machine going down: running commands are cancelled and new connections
// are refused until PowerOn. It does nothing unless the server is on.
func (s *Server) PowerOff() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != stateOn {
		return
	}
	s.closeListenerLocked()
	s.state = stateOff
	s.dropConnectionsLocked()
	s.log.Info("powered off")
}

// PowerOn listens again on the same address after PowerOff. It does nothing
// if the server is already on.
func (s *Server) PowerOn() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.state {
	case stateOff:
		return s.listenLocked()
	case stateOn:
		return nil
	case stateClosed:
		return ErrServerClosed
	default:
		return fmt.Errorf("power on the SSH server on %s: call Start first", s.addr)
	}
}

// Close stops the server for good and waits until every connection and
// command it started has ended. Later calls return nil.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.state == stateClosed {
		s.mu.Unlock()
		return nil
	}
	s.closeListenerLocked()
	s.state = stateClosed
	s.dropConnectionsLocked()
	s.mu.Unlock()

	s.cancel(ErrConnectionClosed)
	s.wg.Wait()
	return nil
}

func (s *Server) listenLocked() error {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("listen for SSH on %s: %w", s.addr, err)
	}
	s.listener = ln
	s.addr = ln.Addr().String()
	s.log = s.cfg.Logger.With("addr", s.addr)
	s.state = stateOn
	log := s.log
	s.wg.Go(func() { s.acceptLoop(ln, log) })
	return nil
}

func (s *Server) closeListenerLocked() {
	if s.listener == nil {
		return
	}
	if err := s.listener.Close(); err != nil {
		s.log.Warn("closing the SSH listener failed", "error", err)
	}
	s.listener = nil
}

func (s *Server) dropConnectionsLocked() {
	for c := range s.conns {
		c.drop()
	}
	clear(s.conns)
}

// acceptLoop serves one listener; it ends when that listener is closed.
func (s *Server) acceptLoop(ln net.Listener, log *slog.Logger) {
	for {
		nc, err := ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				log.Error("stopped accepting SSH connections", "error", err)
			}
			return
		}
		s.counters.connectionsAccepted.Add(1)
		lc := s.track(nc, ln)
		if lc == nil {
			continue
		}
		s.wg.Go(func() { s.serveConn(lc) })
	}
}

// track registers a new connection, unless the listener that accepted it
// was closed in the meantime: a connection that slipped in just before a
// power-off must not outlive it.
func (s *Server) track(nc net.Conn, from net.Listener) *liveConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state != stateOn || s.listener != from {
		_ = nc.Close()
		return nil
	}
	lc := newLiveConn(s.ctx, nc, s.log.With("remote", nc.RemoteAddr().String()))
	s.conns[lc] = struct{}{}
	return lc
}

func (s *Server) untrack(lc *liveConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, lc)
}
