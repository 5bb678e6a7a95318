package sshd

import (
	"context"
	"errors"
	"io"
)

// ExecRequest is one command line a client asked the node to run.
type ExecRequest struct {
	// Command is the exec request's command line, verbatim.
	Command string
	// PTY reports that the client asked for a pseudo-terminal (pty-req).
	PTY bool
	// Stdin reads what the client sends; it returns io.EOF once the client
	// closes its side, which is how `cat > file` style uploads end.
	Stdin io.Reader
	// Stdout and Stderr go back to the client. With PTY, Stderr is merged
	// into Stdout and newlines become CRLF, like a real terminal.
	Stdout io.Writer
	Stderr io.Writer
}

// Machine runs one command line as the login user.
//
// Exec must return soon after ctx is cancelled: the server cancels it when
// the client sends a signal, closes the session, or the connection drops,
// and the server's Close waits for every Exec to return. context.Cause(ctx)
// tells which of these happened: a [*SignalError], [ErrSessionClosed] or
// [ErrConnectionClosed].
type Machine interface {
	// A non-nil error means the machine dropped the connection (reboot, network drop,
	// powered off): the server closes the whole SSH connection without sending an exit status.
	Exec(ctx context.Context, req ExecRequest) (exitStatus int, err error)
}

// ErrConnectionClosed is the cause of a command's cancellation when the SSH
// connection it ran on went away: a network drop, a power-off, a sibling
// command whose machine dropped the connection, or the server closing.
var ErrConnectionClosed = errors.New("the SSH connection closed")

// ErrSessionClosed is the cause of a command's cancellation when the client
// closed the session channel while the command was still running, which a
// real sshd answers with SIGHUP.
var ErrSessionClosed = errors.New("the client closed the SSH session")

// SignalError is the cause of a command's cancellation when the client sent
// a signal request.
type SignalError struct {
	// Signal is the signal name without the SIG prefix, as sent on the wire
	// (for example "TERM" or "INT").
	Signal string
}

func (e *SignalError) Error() string {
	return "the client sent signal " + e.Signal
}
