package sshd

import "sync/atomic"

// Counters is a snapshot of what a server has done since it was created.
type Counters struct {
	// ConnectionsAccepted counts TCP connections accepted, whatever became
	// of them.
	ConnectionsAccepted int64
	// HandshakesCompleted counts connections that finished key exchange and
	// authentication.
	HandshakesCompleted int64
	// AuthFailures counts refused public keys and certificates; a client
	// that offers several refused keys adds one per key.
	AuthFailures int64
	// SessionsOpened counts session channels.
	SessionsOpened int64
	// CommandsExecuted counts exec requests handed to the machine.
	CommandsExecuted int64
	// ForwardedConnections counts direct-tcpip channels that reached their
	// destination.
	ForwardedConnections int64
}

type counters struct {
	connectionsAccepted  atomic.Int64
	handshakesCompleted  atomic.Int64
	authFailures         atomic.Int64
	sessionsOpened       atomic.Int64
	commandsExecuted     atomic.Int64
	forwardedConnections atomic.Int64
}

// Counters returns the current counts.
func (s *Server) Counters() Counters {
	c := &s.counters
	return Counters{
		ConnectionsAccepted:  c.connectionsAccepted.Load(),
		HandshakesCompleted:  c.handshakesCompleted.Load(),
		AuthFailures:         c.authFailures.Load(),
		SessionsOpened:       c.sessionsOpened.Load(),
		CommandsExecuted:     c.commandsExecuted.Load(),
		ForwardedConnections: c.forwardedConnections.Load(),
	}
}
