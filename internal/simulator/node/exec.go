package node

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync/atomic"
)

// stderrNoise is what a login profile with a missing locale prints.
const stderrNoise = "-bash: warning: setlocale: LC_ALL: cannot change locale (en_US.UTF-8)"

// statusKilled is the exit status of a command the client cancelled, as
// bash reports a child killed by SIGTERM.
const statusKilled = 128 + 15

// session is one exec request: what the emulated programs may need to
// know about the command line they are part of.
type session struct {
	command string
	pty     bool
	// dropped is set by a program that answers by dropping the connection.
	dropped atomic.Bool
}

// Exec runs one command line as the login user opc, as sshd runs
// `bash -c COMMAND`, and returns its exit status. A non-nil error means
// the node dropped the connection: it was powered off ([ErrPoweredOff]),
// or a reboot or a fault cut the command short ([ErrConnectionDropped]).
func (n *Node) Exec(ctx context.Context, command string, pty bool, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	n.mu.Lock()
	if n.power == powerOff {
		n.mu.Unlock()
		return 0, fmt.Errorf("node %s cannot run a command: %w", n.cfg.Hostname, ErrPoweredOff)
	}
	n.counters.CommandsExecuted++
	n.settleLocked(n.clock.Now())
	bootCtx, faults := n.bootCtx, n.faults
	n.mu.Unlock()

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := context.AfterFunc(bootCtx, func() { cancel(ErrConnectionDropped) })
	defer stop()
	dropped := func() error {
		return fmt.Errorf("node %s stopped answering %q: %w", n.cfg.Hostname, command, ErrConnectionDropped)
	}

	if faults.CommandLatency > 0 {
		select {
		case <-n.clock.After(faults.CommandLatency):
		case <-ctx.Done():
			if bootCtx.Err() != nil {
				return 0, dropped()
			}
			return statusKilled, nil
		}
	}
	if faults.StderrNoise {
		fmt.Fprintln(stderr, stderrNoise)
	}
	if stdout == nil {
		stdout = io.Discard
	}
	if stderr == nil {
		stderr = io.Discard
	}
	sess := &session{command: command, pty: pty}
	ctx = context.WithValue(ctx, sessionKey{}, sess)
	in, closeIn, err := stdinPipe(stdin)
	if err != nil {
		return 0, fmt.Errorf("node %s cannot set up standard input: %w", n.cfg.Hostname, err)
	}
	defer closeIn()
	status := n.runScript(ctx, userOpc, userOpc.home, nil, command, in, stdout, stderr)
	switch {
	case bootCtx.Err() != nil || sess.dropped.Load():
		n.mu.Lock()
		n.counters.ConnectionsDropped++
		n.mu.Unlock()
		return 0, dropped()
	case ctx.Err() != nil:
		return statusKilled, nil
	}
	return status, nil
}

// stdinPipe hands the interpreter an *os.File, which it needs for
// standard input; copying through a pipe we own lets us close the read
// end when the command ends, whether or not it read everything.
func stdinPipe(stdin io.Reader) (*os.File, func(), error) {
	if stdin == nil {
		return nil, func() {}, nil
	}
	if f, ok := stdin.(*os.File); ok {
		return f, func() {}, nil
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	go func() {
		_, _ = io.Copy(pw, stdin)
		_ = pw.Close()
	}()
	return pr, func() { _ = pr.Close() }, nil
}

type sessionKey struct{}

func sessionFrom(ctx context.Context) *session {
	if s, ok := ctx.Value(sessionKey{}).(*session); ok {
		return s
	}
	return &session{}
}
