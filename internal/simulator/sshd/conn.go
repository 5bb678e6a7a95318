package sshd

import (
	"context"
	"fmt"

	"golang.org/x/crypto/ssh"
)

// requestKeepalive is what OpenSSH clients (ServerAliveInterval) and most
// Go clients send to learn whether the peer is still there.
const requestKeepalive = "keepalive@openssh.com"

// serveConn runs one connection from handshake to close.
func (s *Server) serveConn(lc *liveConn) {
	defer s.untrack(lc)
	defer lc.drop()

	if err := s.pauseBeforeHandshake(lc.ctx); err != nil {
		return
	}
	sshConn, chans, reqs, err := ssh.NewServerConn(lc, s.serverConfig())
	if err != nil {
		lc.log.Debug("SSH handshake failed", "error", err)
		return
	}
	s.counters.handshakesCompleted.Add(1)
	lc.log.Debug("SSH login", "user", sshConn.User(), "client", string(sshConn.ClientVersion()))

	s.wg.Go(func() { serveGlobalRequests(reqs) })
	// chans is closed when the transport dies, which ends this loop.
	for newCh := range chans {
		s.openChannel(lc, newCh)
	}
}

// serverConfig is built per connection so that a host key set by the knob
// applies to the next handshake.
func (s *Server) serverConfig() *ssh.ServerConfig {
	s.mu.Lock()
	hostKey := s.hostKey
	s.mu.Unlock()

	cfg := &ssh.ServerConfig{
		PublicKeyCallback: s.auth.publicKey,
		ServerVersion:     s.cfg.ServerVersion,
	}
	if banner := s.cfg.Banner; banner != "" {
		cfg.BannerCallback = func(ssh.ConnMetadata) string { return banner }
	}
	cfg.AddHostKey(hostKey)
	return cfg
}

// pauseBeforeHandshake applies the handshake latency knob. The client has
// connected but hears nothing, like a node busy booting or a slow link.
func (s *Server) pauseBeforeHandshake(ctx context.Context) error {
	s.mu.Lock()
	latency := s.latency
	s.mu.Unlock()
	if latency <= 0 {
		return nil
	}
	timer := s.clock.NewTimer(latency)
	defer timer.Stop()
	select {
	case <-timer.Chan():
		return nil
	case <-ctx.Done():
		return context.Cause(ctx)
	}
}

func (s *Server) openChannel(lc *liveConn, newCh ssh.NewChannel) {
	switch newCh.ChannelType() {
	case "session":
		// Counted before the client can learn of the session, so a client
		// that has a session always sees it in the counters.
		s.counters.sessionsOpened.Add(1)
		ch, reqs, err := newCh.Accept()
		if err != nil {
			lc.log.Debug("accepting a session channel failed", "error", err)
			return
		}
		s.wg.Go(func() { s.serveSession(lc, ch, reqs) })
	case "direct-tcpip":
		// Dialing may take a while; the channel loop must keep going.
		s.wg.Go(func() { s.forward(lc, newCh) })
	default:
		_ = newCh.Reject(ssh.UnknownChannelType, fmt.Sprintf("channel type %q is not supported", newCh.ChannelType()))
	}
}

// serveGlobalRequests answers keepalives and refuses everything else, such
// as remote port forwarding (tcpip-forward).
func serveGlobalRequests(reqs <-chan *ssh.Request) {
	for req := range reqs {
		_ = req.Reply(req.Type == requestKeepalive, nil)
	}
}
