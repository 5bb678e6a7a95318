package sshd

import (
	"context"
	"log/slog"
	"net"
)

// liveConn is an accepted TCP connection whose context is cancelled as soon
// as the connection is known to be dead, so the commands running on it stop.
type liveConn struct {
	net.Conn
	ctx    context.Context
	cancel context.CancelCauseFunc
	log    *slog.Logger
}

func newLiveConn(parent context.Context, nc net.Conn, log *slog.Logger) *liveConn {
	ctx, cancel := context.WithCancelCause(parent)
	return &liveConn{Conn: nc, ctx: ctx, cancel: cancel, log: log}
}

// Read cancels the context on the first read error. The SSH transport
// reads before it tears down its channels, so commands see the connection
// loss as their cause rather than their session closing.
func (c *liveConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if err != nil {
		c.cancel(ErrConnectionClosed)
	}
	return n, err
}

// drop cuts the connection, like a network failure.
func (c *liveConn) drop() {
	c.cancel(ErrConnectionClosed)
	_ = c.Close()
}
