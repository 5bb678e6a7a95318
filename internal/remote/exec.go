package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/crypto/ssh"
)

// cancelGrace is how long a cancelled command's session may take to close
// before the whole connection is given up as unresponsive.
const cancelGrace = 5 * time.Second

// Cmd is one command to run on the node.
type Cmd struct {
	// Line is a shell command line. Build it with Join or Quote from
	// anything that is not a constant.
	Line string
	// Sudo runs Line as root (or User) with `sudo -n -- sh -c Line`: sudo
	// fails at once instead of prompting when it wants a password.
	Sudo bool
	// User runs Line as this user through sudo; it implies Sudo.
	User string
	// PTY allocates a pseudo-terminal, for sudo configured with requiretty.
	// With a PTY, stderr arrives merged into stdout with CRLF line ends.
	PTY bool
	// Stdin, if set, is sent to the command, then end of file.
	Stdin io.Reader
}

// commandLine is the line sent to the node.
func (c Cmd) commandLine() (string, error) {
	if c.Line == "" {
		return "", errors.New("empty command line")
	}
	if !c.Sudo && c.User == "" {
		return c.Line, nil
	}
	return sudoLine(c.Line, c.User)
}

// Result is what a command printed and how it exited.
type Result struct {
	Stdout, Stderr []byte
	// ExitStatus is the command's status; 128+N when killed by signal N.
	ExitStatus int
	// Truncated is set when stdout or stderr exceeded Config.OutputLimit
	// and only the first OutputLimit bytes were kept.
	Truncated bool
}

// Run runs cmd and waits for it, or for ctx. A non-zero exit status is a
// KindCommandFailed error and the Result is filled in as well. When ctx
// ends the command is sent SIGTERM and its session closed. If the
// connection drops while the command runs, the error is KindConnectionLost
// (IsHostGone) and the next Run reconnects; a connection found dead before
// the command started is reopened at once.
func (c *Client) Run(ctx context.Context, cmd Cmd) (Result, error) {
	line, err := cmd.commandLine()
	if err != nil {
		return Result{}, fmt.Errorf("run a command on %s: %w", c.host, err)
	}
	op := describeCommand(cmd.Line)
	for attempt := 1; ; attempt++ {
		cn, err := c.connection(ctx)
		if err != nil {
			return Result{}, err
		}
		sess, err := cn.client.NewSession()
		if err == nil {
			return c.runSession(ctx, cn, sess, cmd, line, op)
		}
		var rejected *ssh.OpenChannelError
		if errors.As(err, &rejected) {
			return Result{}, &Error{Kind: KindDial, Host: c.host, Op: op, Err: fmt.Errorf("open an SSH session: %w", err),
				Hint: "the server refused a new session; check sshd's MaxSessions"}
		}
		// Nothing was sent yet, so reconnecting cannot run anything twice.
		c.discard(cn, err)
		if attempt == 2 {
			return Result{}, c.lostError(op, cn, err)
		}
		c.log.Info("the connection had dropped before the command started, reconnecting", "error", err)
	}
}

func (c *Client) runSession(ctx context.Context, cn *conn, sess *ssh.Session, cmd Cmd, line, op string) (Result, error) {
	defer func() { _ = sess.Close() }()
	stdout, stderr := newCappedBuffer(c.cfg.OutputLimit), newCappedBuffer(c.cfg.OutputLimit)
	sess.Stdout, sess.Stderr, sess.Stdin = stdout, stderr, cmd.Stdin
	result := func() Result {
		out, outCut := stdout.snapshot()
		errOut, errCut := stderr.snapshot()
		return Result{Stdout: out, Stderr: errOut, Truncated: outCut || errCut}
	}

	if cmd.PTY {
		modes := ssh.TerminalModes{ssh.ECHO: 0, ssh.TTY_OP_ISPEED: 38400, ssh.TTY_OP_OSPEED: 38400}
		if err := sess.RequestPty("xterm", 40, 200, modes); err != nil {
			return Result{}, c.sessionError(op, cn, fmt.Errorf("allocate a PTY: %w", err))
		}
	}
	c.log.Debug("running", "command", line, "pty", cmd.PTY)
	if err := sess.Start(line); err != nil {
		return Result{}, c.sessionError(op, cn, fmt.Errorf("start the command: %w", err))
	}
	waited := make(chan error, 1)
	go func() { waited <- sess.Wait() }()

	var err error
	select {
	case err = <-waited:
	case <-ctx.Done():
		c.stop(cn, sess, waited)
		d := c.dialer()
		return result(), d.contextError(ctx, op, nil)
	}
	res := result()
	var exit *ssh.ExitError
	var missing *ssh.ExitMissingError
	switch {
	case err == nil:
		return res, nil
	case errors.As(err, &exit) && exit.Signal() != "" && !cn.probe(ctx, c.cfg.Clock, c.cfg.ConnectTimeout):
		// Killed by a signal and the host is gone right after: a reboot's
		// SIGTERM, not a command failure.
		res.ExitStatus = exit.ExitStatus()
		c.discard(cn, err)
		return res, c.lostError(op, cn, err)
	case errors.As(err, &exit):
		res.ExitStatus = exit.ExitStatus()
		return res, &Error{Kind: KindCommandFailed, Host: c.host, Op: op, ExitStatus: res.ExitStatus,
			Stdout: res.Stdout, Stderr: res.Stderr, Err: err, Hint: sudoHint(res.Stderr, c.cfg.User)}
	case errors.As(err, &missing) && cn.probe(ctx, c.cfg.Clock, c.cfg.ConnectTimeout):
		return res, &Error{Kind: KindCommandFailed, Host: c.host, Op: op, ExitStatus: -1,
			Stdout: res.Stdout, Stderr: res.Stderr, Err: err, Hint: "the server closed the session without an exit status"}
	default:
		c.discard(cn, err)
		return res, c.lostError(op, cn, err)
	}
}

// stop ends a command whose caller gave up: SIGTERM, then closing the
// session (sshd hangs up on the command). A session that does not close
// within cancelGrace means the connection no longer answers; it is
// dropped so the next Run dials afresh.
func (c *Client) stop(cn *conn, sess *ssh.Session, waited <-chan error) {
	_ = sess.Signal(ssh.SIGTERM)
	_ = sess.Close()
	select {
	case err := <-waited:
		c.log.Debug("the cancelled command ended", "error", err)
	case <-cn.done:
	case <-c.cfg.Clock.After(cancelGrace):
		c.discard(cn, errors.New("a cancelled command's session did not close"))
	}
}

// sessionError classifies a failure to set up a session: before the
// command was sent, a dead connection just means reconnect next time.
func (c *Client) sessionError(op string, cn *conn, err error) error {
	if !cn.alive() || errors.Is(err, io.EOF) {
		c.discard(cn, err)
		return c.lostError(op, cn, err)
	}
	return &Error{Kind: KindCommandFailed, Host: c.host, Op: op, ExitStatus: -1, Err: err}
}

func (c *Client) lostError(op string, cn *conn, err error) *Error {
	if why := cn.lostReason(); why != nil && !errors.Is(err, why) {
		err = fmt.Errorf("%w (%w)", err, why)
	}
	return &Error{Kind: KindConnectionLost, Host: c.host, Op: op, Err: err, Hint: hintLost}
}
