package sshd

import (
	"context"
	"io"

	"golang.org/x/crypto/ssh"
)

// serveSession handles the requests of one session channel. It runs at most
// one command, in its own goroutine, so that signals can still arrive.
func (s *Server) serveSession(lc *liveConn, ch ssh.Channel, reqs <-chan *ssh.Request) {
	ctx, cancel := context.WithCancelCause(lc.ctx)
	// The request stream ends when the client closes the channel: a command
	// still running then is hung up on, as sshd does with SIGHUP.
	defer cancel(ErrSessionClosed)

	var pty, started bool
	for req := range reqs {
		switch req.Type {
		case "pty-req":
			pty = true
			_ = req.Reply(true, nil)
		case "env", "window-change":
			_ = req.Reply(true, nil)
		case "signal":
			var msg struct{ Signal string }
			if err := ssh.Unmarshal(req.Payload, &msg); err != nil || !started {
				_ = req.Reply(false, nil)
				continue
			}
			cancel(&SignalError{Signal: msg.Signal})
			_ = req.Reply(true, nil)
		case "exec":
			var msg struct{ Command string }
			if err := ssh.Unmarshal(req.Payload, &msg); err != nil || started {
				_ = req.Reply(false, nil)
				continue
			}
			started = true
			_ = req.Reply(true, nil)
			exec := newExecRequest(msg.Command, pty, ch)
			s.wg.Go(func() { s.runCommand(ctx, lc, ch, exec) })
		default:
			// Includes "shell" and "subsystem" (sftp): a DB node is driven by
			// exec requests only, and clients must not rely on more.
			_ = req.Reply(false, nil)
		}
	}
}

func newExecRequest(command string, pty bool, ch ssh.Channel) ExecRequest {
	req := ExecRequest{
		Command: command,
		PTY:     pty,
		// Hide the channel's other methods so the machine cannot close it.
		Stdin: struct{ io.Reader }{ch},
	}
	if pty {
		term := newTerminalWriter(ch)
		req.Stdout, req.Stderr = term, term
	} else {
		req.Stdout, req.Stderr = struct{ io.Writer }{ch}, ch.Stderr()
	}
	return req
}

// runCommand runs one command and reports how it ended.
func (s *Server) runCommand(ctx context.Context, lc *liveConn, ch ssh.Channel, req ExecRequest) {
	s.counters.commandsExecuted.Add(1)
	status, err := s.cfg.Machine.Exec(ctx, req)
	if err != nil {
		// The machine went away mid-command (reboot, network drop): the
		// client must see the connection die, not an exit status.
		lc.log.Debug("the machine dropped the connection", "command", req.Command, "error", err)
		lc.drop()
		return
	}
	// The order OpenSSH uses: EOF, exit-status, close. The status is cut to
	// eight bits as the kernel does, so `exit 256` reads as 0 and -1 as 255.
	_ = ch.CloseWrite()
	_, _ = ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{uint32(status & 0xff)}))
	_ = ch.Close()
}
