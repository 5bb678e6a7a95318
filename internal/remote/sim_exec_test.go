package remote

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/sshd"
)

func TestSimRunCapturesOutputAndStatus(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	c := dialSim(t, node, node.config(t))
	tests := []struct {
		name       string
		cmd        Cmd
		wantOut    string
		wantErrOut string
		wantStatus int
	}{
		{name: "stdout", cmd: Cmd{Line: "echo out"}, wantOut: "out\n"},
		{name: "stderr apart", cmd: Cmd{Line: "echo out; echo err >&2"}, wantOut: "out\n", wantErrOut: "err\n"},
		{name: "exit status", cmd: Cmd{Line: "echo bad >&2; exit 3"}, wantErrOut: "bad\n", wantStatus: 3},
		{name: "stdin", cmd: Cmd{Line: "tr a-z A-Z", Stdin: strings.NewReader("hello")}, wantOut: "HELLO"},
		{name: "pty merges stderr", cmd: Cmd{Line: "echo err >&2", PTY: true}, wantOut: "err\r\n"},
	}
	// Cleanup runs after the parallel subtests, so it sees every command.
	t.Cleanup(func() {
		if got := node.srv.Counters().HandshakesCompleted; got != 1 {
			t.Errorf("%d handshakes, want 1: every command must reuse the connection", got)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res, err := c.Run(testContext(t), tt.cmd)
			if tt.wantStatus == 0 && err != nil {
				t.Fatalf("Run: %v", err)
			}
			if tt.wantStatus != 0 {
				var re *Error
				if !errors.As(err, &re) || re.Kind != KindCommandFailed || re.ExitStatus != tt.wantStatus {
					t.Fatalf("got %v, want a CommandFailed error with status %d", err, tt.wantStatus)
				}
				if !strings.Contains(err.Error(), node.host) || !strings.Contains(err.Error(), "status 3: bad") {
					t.Errorf("message %q should name the host, status and stderr", err)
				}
			}
			if string(res.Stdout) != tt.wantOut || string(res.Stderr) != tt.wantErrOut || res.ExitStatus != tt.wantStatus {
				t.Errorf("got stdout %q stderr %q status %d; want %q %q %d",
					res.Stdout, res.Stderr, res.ExitStatus, tt.wantOut, tt.wantErrOut, tt.wantStatus)
			}
		})
	}
}

func TestSimOutputIsCapped(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	cfg := node.config(t)
	cfg.OutputLimit = 1000
	c := dialSim(t, node, cfg)
	res, err := c.Run(testContext(t), Cmd{Line: "head -c 100000 /dev/zero; head -c 10 /dev/zero >&2"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stdout) != 1000 || len(res.Stderr) != 10 || !res.Truncated {
		t.Fatalf("got %d stdout bytes, %d stderr bytes, truncated %v; want 1000, 10, true", len(res.Stdout), len(res.Stderr), res.Truncated)
	}
}

func TestSimSudoWrapping(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	c := dialSim(t, node, node.config(t))
	var wrapped string
	node.machine.handle("sudo -n -u oracle -- sh -c 'echo \"$USER\"; id'", func(_ context.Context, req sshd.ExecRequest) (int, error) {
		wrapped = req.Command
		_, err := req.Stderr.Write([]byte("sudo: a password is required\n"))
		return 1, err
	})
	_, err := c.Run(testContext(t), Cmd{Line: `echo "$USER"; id`, User: "oracle"})
	if wrapped == "" {
		t.Fatalf("the node never saw the sudo-wrapped line; it saw %q", node.machine.seen())
	}
	if KindOf(err) != KindCommandFailed || !strings.Contains(err.Error(), "passwordless sudo") {
		t.Fatalf("got %v, want a CommandFailed error with a sudo hint", err)
	}
}

func TestSimContextCancelStopsTheCommand(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	c := dialSim(t, node, node.config(t))
	ctx, cancel := context.WithCancel(testContext(t))
	errs := make(chan error, 1)
	go func() {
		_, err := c.Run(ctx, Cmd{Line: "sleep 1000"})
		errs <- err
	}()
	waitStarted(t, node.machine, "sleep 1000")
	cancel()
	err := <-errs
	if KindOf(err) != KindCanceled || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want KindCanceled wrapping context.Canceled", err)
	}
	// The connection stays usable.
	if _, err := c.Run(testContext(t), Cmd{Line: "true"}); err != nil {
		t.Fatalf("Run after a cancelled command: %v", err)
	}
	if got := node.srv.Counters().HandshakesCompleted; got != 1 {
		t.Errorf("%d handshakes, want 1", got)
	}
}

func TestSimDeadlineIsATimeout(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	c := dialSim(t, node, node.config(t))
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	// A deadline that has passed by the time the command runs, without
	// depending on how long anything takes.
	ctx, cancelDeadline := context.WithDeadline(ctx, fixedPast)
	defer cancelDeadline()
	_, err := c.Run(ctx, Cmd{Line: "sleep 1000"})
	if KindOf(err) != KindTimeout || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want KindTimeout wrapping context.DeadlineExceeded", err)
	}
}

func TestSimUploadAndFetch(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	c := dialSim(t, node, node.config(t))
	dir := t.TempDir()
	target := filepath.Join(dir, "hook it's.sh")
	data := []byte("#!/bin/sh\necho '$(not expanded)'\n\x00binary\xff")
	if err := c.Upload(testContext(t), File{Path: target, Mode: 0o750}, data); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(target)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o750 {
		t.Errorf("mode %v, want 0750", info.Mode().Perm())
	}
	got, err := c.Fetch(testContext(t), File{Path: target})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("fetched %q, want %q", got, data)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".fams-upload.*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
	_, err = c.Fetch(testContext(t), File{Path: filepath.Join(dir, "missing")})
	if KindOf(err) != KindCommandFailed {
		t.Errorf("fetching a missing file: got %v, want CommandFailed", err)
	}
	if err := c.Upload(testContext(t), File{Path: "relative/path"}, data); err == nil {
		t.Error("a relative upload path was accepted")
	}
}

func TestSimFetchRefusesFilesOverTheLimit(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	cfg := node.config(t)
	cfg.OutputLimit = 10
	c := dialSim(t, node, cfg)
	path := writeFile(t, filepath.Join(t.TempDir(), "big"), bytes.Repeat([]byte("x"), 11))
	if _, err := c.Fetch(testContext(t), File{Path: path}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("got %v, want ErrTooLarge", err)
	}
}

func waitStarted(t testing.TB, m *testMachine, line string) {
	t.Helper()
	ctx := testContext(t)
	for {
		select {
		case got := <-m.started:
			if got == line {
				return
			}
		case <-ctx.Done():
			t.Fatalf("%q never started; the node saw %q", line, m.seen())
		}
	}
}
