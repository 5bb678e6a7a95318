package sshd

import (
	"time"

	"golang.org/x/crypto/ssh"
)

// SetRefuseAuth makes every authentication attempt fail while on, as when
// the authorized_keys file was damaged or the account is locked.
func (s *Server) SetRefuseAuth(refuse bool) {
	s.auth.refuse.Store(refuse)
}

// SetHostKey replaces the host key. Established connections keep the key
// they negotiated; every new handshake presents the new one, which clients
// that pinned the old key must reject. A nil key is ignored.
func (s *Server) SetHostKey(key ssh.Signer) {
	if key == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hostKey = key
}

// HostKey is the public half of the host key new handshakes present.
func (s *Server) HostKey() ssh.PublicKey {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hostKey.PublicKey()
}

// DropConnections closes every live connection now, like a network drop,
// while the server keeps accepting new ones.
func (s *Server) DropConnections() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropConnectionsLocked()
}

// SetHandshakeLatency delays the start of every later handshake by d; zero
// or less removes the delay.
func (s *Server) SetHandshakeLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}
