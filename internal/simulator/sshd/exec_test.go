package sshd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// shellishMachine understands the few commands TestExec sends.
var shellishMachine = machineFunc(func(_ context.Context, req ExecRequest) (int, error) {
	switch req.Command {
	case "exit 3":
		return 3, nil
	case "exit -1":
		return -1, nil
	case "report":
		fmt.Fprintln(req.Stdout, "to stdout")
		fmt.Fprintln(req.Stderr, "to stderr")
		return 0, nil
	case "cat > /tmp/upload && wc -c < /tmp/upload":
		n, err := io.Copy(io.Discard, req.Stdin)
		if err != nil {
			return 1, nil
		}
		fmt.Fprintln(req.Stdout, n)
		return 0, nil
	case "tty":
		if !req.PTY {
			fmt.Fprintln(req.Stdout, "not a tty")
			return 1, nil
		}
		fmt.Fprintln(req.Stdout, "/dev/pts/0")
		return 0, nil
	}
	return 127, nil
})

func TestExec(t *testing.T) {
	t.Parallel()
	node := startNode(t, shellishMachine)
	client := node.dial(t)

	tests := []struct {
		name       string
		command    string
		stdin      string
		pty        bool
		wantStdout string
		wantStderr string
		wantStatus int
	}{
		{name: "exit status reaches the client", command: "exit 3", wantStatus: 3},
		{name: "exit status is cut to eight bits", command: "exit -1", wantStatus: 255},
		{name: "stdout and stderr stay apart", command: "report", wantStdout: "to stdout\n", wantStderr: "to stderr\n"},
		{name: "stdin is read to EOF", command: "cat > /tmp/upload && wc -c < /tmp/upload", stdin: strings.Repeat("x", 100_000), wantStdout: "100000\n"},
		{name: "without a pty the machine is told so", command: "tty", wantStdout: "not a tty\n", wantStatus: 1},
		{name: "with a pty the machine is told so", command: "tty", pty: true, wantStdout: "/dev/pts/0\r\n"},
		{name: "a pty merges stderr and writes CRLF", command: "report", pty: true, wantStdout: "to stdout\r\nto stderr\r\n"},
		{name: "unknown commands fail", command: "frobnicate", wantStatus: 127},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			session := newSession(t, client)
			var stdout, stderr bytes.Buffer
			session.Stdout, session.Stderr = &stdout, &stderr
			if tt.stdin != "" {
				session.Stdin = strings.NewReader(tt.stdin)
			}
			if tt.pty {
				if err := session.RequestPty("xterm", 24, 80, ssh.TerminalModes{}); err != nil {
					t.Fatalf("request a pty: %v", err)
				}
			}
			status := exitStatus(t, session.Run(tt.command))
			if status != tt.wantStatus {
				t.Errorf("exit status = %d, want %d", status, tt.wantStatus)
			}
			if got := stdout.String(); got != tt.wantStdout {
				t.Errorf("stdout = %q, want %q", got, tt.wantStdout)
			}
			if got := stderr.String(); got != tt.wantStderr {
				t.Errorf("stderr = %q, want %q", got, tt.wantStderr)
			}
		})
	}
}

func TestSignalCancelsRunningCommand(t *testing.T) {
	t.Parallel()
	machine := newBlockingMachine()
	node := startNode(t, machine)
	session := newSession(t, node.dial(t))

	if err := session.Start("sleep 3600"); err != nil {
		t.Fatal(err)
	}
	<-machine.started
	if err := session.Signal(ssh.SIGTERM); err != nil {
		t.Fatalf("send SIGTERM: %v", err)
	}
	var signalErr *SignalError
	if cause := <-machine.causes; !errors.As(cause, &signalErr) || signalErr.Signal != "TERM" {
		t.Errorf("the command was cancelled by %v, want the TERM signal", cause)
	}
	if status := exitStatus(t, session.Wait()); status != 143 {
		t.Errorf("exit status = %d, want the machine's 143", status)
	}
}

func TestClosingSessionCancelsCommand(t *testing.T) {
	t.Parallel()
	machine := newBlockingMachine()
	node := startNode(t, machine)
	session := newSession(t, node.dial(t))

	if err := session.Start("sleep 3600"); err != nil {
		t.Fatal(err)
	}
	<-machine.started
	if err := session.Close(); err != nil {
		t.Fatal(err)
	}
	if cause := <-machine.causes; !errors.Is(cause, ErrSessionClosed) {
		t.Errorf("the command was cancelled by %v, want %v", cause, ErrSessionClosed)
	}
}

func TestMachineErrorDropsConnection(t *testing.T) {
	t.Parallel()
	blocked := newBlockingMachine()
	machine := machineFunc(func(ctx context.Context, req ExecRequest) (int, error) {
		if req.Command == "reboot" {
			fmt.Fprintln(req.Stdout, "Connection to node closed by remote host.")
			return 0, errors.New("the machine is rebooting")
		}
		return blocked.Exec(ctx, req)
	})
	node := startNode(t, machine)
	client := node.dial(t)

	sibling := newSession(t, client)
	if err := sibling.Start("dbcli describe-job -i 1 -j"); err != nil {
		t.Fatal(err)
	}
	<-blocked.started

	err := newSession(t, client).Run("reboot")
	var missing *ssh.ExitMissingError
	if !errors.As(err, &missing) {
		t.Errorf("running reboot returned %v, want *ssh.ExitMissingError", err)
	}
	if err := sibling.Wait(); !errors.As(err, &missing) {
		t.Errorf("the command running beside reboot returned %v, want *ssh.ExitMissingError", err)
	}
	if cause := <-blocked.causes; !errors.Is(cause, ErrConnectionClosed) {
		t.Errorf("the command running beside reboot was cancelled by %v, want %v", cause, ErrConnectionClosed)
	}
	// Wait returns only once the transport is gone.
	if err := client.Wait(); err == nil {
		t.Error("the client connection ended without an error, want the connection lost")
	}
}

func TestSessionRefusesWhatNodesDoNotOffer(t *testing.T) {
	t.Parallel()
	node := startNode(t, unameMachine)
	client := node.dial(t)

	tests := []struct {
		name string
		do   func(*ssh.Session) error
	}{
		{name: "interactive shell", do: func(s *ssh.Session) error { return s.Shell() }},
		{name: "sftp subsystem", do: func(s *ssh.Session) error { return s.RequestSubsystem("sftp") }},
		{name: "agent forwarding", do: func(s *ssh.Session) error {
			ok, err := s.SendRequest("auth-agent-req@openssh.com", true, nil)
			if err == nil && !ok {
				return errors.New("refused")
			}
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if err := tt.do(newSession(t, client)); err == nil {
				t.Errorf("the node accepted a request for %s", tt.name)
			}
		})
	}
}

func TestSessionAcceptsEnvironment(t *testing.T) {
	t.Parallel()
	node := startNode(t, unameMachine)
	session := newSession(t, node.dial(t))
	if err := session.Setenv("LANG", "C"); err != nil {
		t.Errorf("setting LANG was refused: %v", err)
	}
	out, err := session.Output("uname -r")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != testKernel {
		t.Errorf("uname -r printed %q, want %q", got, testKernel)
	}
}

func TestUnknownChannelTypeRejected(t *testing.T) {
	t.Parallel()
	node := startNode(t, unameMachine)
	_, _, err := node.dial(t).OpenChannel("x11", nil)
	var openErr *ssh.OpenChannelError
	if !errors.As(err, &openErr) || openErr.Reason != ssh.UnknownChannelType {
		t.Errorf("opening an x11 channel returned %v, want an unknown channel type rejection", err)
	}
}

func TestGlobalRequests(t *testing.T) {
	t.Parallel()
	node := startNode(t, unameMachine)
	client := node.dial(t)

	tests := []struct {
		request string
		wantOK  bool
	}{
		{request: "keepalive@openssh.com", wantOK: true},
		{request: "tcpip-forward", wantOK: false},
		{request: "no-such-request@example.com", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.request, func(t *testing.T) {
			t.Parallel()
			ok, _, err := client.SendRequest(tt.request, true, nil)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tt.wantOK {
				t.Errorf("reply to %s = %v, want %v", tt.request, ok, tt.wantOK)
			}
		})
	}
}
