package main

import (
	"bufio"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
)

// run executes famsctl in-process and returns its output and exit code.
func run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := newRootCommand()
	var out strings.Builder
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(t.Context())
	if err != nil {
		out.WriteString(err.Error())
	}
	return out.String(), exitCode(err)
}

func TestBadInputExitsWithCode2(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sim"}, "--state-dir is required"},
		{[]string{"sim", "--state-dir", "x", "--nodes-per-system", "3"}, "--nodes-per-system must be 1 or 2"},
		{[]string{"sim", "--state-dir", "x", "--storage", "zfs"}, "--storage must be asm, lvm or mixed"},
		{[]string{"sim", "--state-dir", "x", "--scenario", "/nonexistent/scenario.json"}, "read scenario"},
		{[]string{"sim", "--bogus"}, "unknown flag: --bogus"},
	} {
		out, code := run(t, tc.args...)
		if code != exitBadInput || !strings.Contains(out, tc.want) {
			t.Errorf("famsctl %s: exit %d, output %q; want exit %d and %q", strings.Join(tc.args, " "), code, out, exitBadInput, tc.want)
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	if out, code := run(t, "version"); code != 0 || strings.TrimSpace(out) != "famsctl dev" {
		t.Errorf("famsctl version: exit %d, %q", code, out)
	}
}

// famsctl sim serves until its context ends, then shuts down cleanly; the
// state directory it announces describes the fleet it ran.
func TestSimRunsUntilInterrupted(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "sim")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	pr, pw := io.Pipe()
	cmd := newRootCommand()
	cmd.SetOut(pw)
	cmd.SetArgs([]string{"sim", "--state-dir", dir, "--systems", "1", "--nodes-per-system", "2", "--storage", "asm",
		"--ssh-port", "0", "--first-node-ip", "127.0.90.1"})
	done := make(chan error, 1)
	go func() {
		done <- cmd.ExecuteContext(ctx)
		_ = pw.Close()
	}()

	lines := bufio.NewScanner(pr)
	var out []string
	for lines.Scan() {
		out = append(out, lines.Text())
		if strings.HasPrefix(lines.Text(), "settings:") {
			break
		}
	}
	info, err := simulator.ReadInfo(dir)
	if err != nil {
		t.Fatalf("%v\noutput:\n%s", err, strings.Join(out, "\n"))
	}
	if len(info.Systems) != 1 || len(info.Systems[0].Nodes) != 2 || info.Systems[0].Storage != "ASM" {
		t.Errorf("fleet.json describes %+v, want one 2-node ASM system", info.Systems)
	}
	if !strings.Contains(strings.Join(out, "\n"), info.Systems[0].Nodes[1].PrivateIP) {
		t.Errorf("the summary does not list the nodes:\n%s", strings.Join(out, "\n"))
	}

	cancel()
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if err := <-done; err != nil {
		t.Errorf("famsctl sim after interrupt: %v; want a clean shutdown", err)
	}
}
