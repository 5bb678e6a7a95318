package sshd

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// TestOpenSSHClient checks the server against the client operators and
// runbooks actually use, with strict host key checking.
func TestOpenSSHClient(t *testing.T) {
	t.Parallel()
	sshPath, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("the OpenSSH client (ssh) is not installed; install openssh-client to run this test")
	}

	dir := t.TempDir()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(dir, "id_ed25519")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	clientKey, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}

	machine := machineFunc(func(ctx context.Context, req ExecRequest) (int, error) {
		if req.Command == "sudo /opt/oracle/dcs/bin/dbcli describe-job -i 42 -j" {
			_, err := io.WriteString(req.Stderr, "DCS-10032:Resource job 42 is not found.\n")
			return 1, err
		}
		return unameMachine(ctx, req)
	})
	node := startNode(t, machine, func(c *Config) {
		c.AuthorizedKeys = []ssh.PublicKey{clientKey.PublicKey()}
	})
	addr := node.srv.Addr()
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	knownHostsFile := filepath.Join(dir, "known_hosts")
	writeKnownHosts := func(key ssh.PublicKey) {
		line := knownhosts.Line([]string{knownhosts.Normalize(addr)}, key) + "\n"
		if err := os.WriteFile(knownHostsFile, []byte(line), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeKnownHosts(node.srv.HostKey())

	runSSH := func(t *testing.T, command string) (stdout, stderr string, status int) {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), sshPath,
			"-F", "/dev/null",
			"-o", "UserKnownHostsFile="+knownHostsFile,
			"-o", "GlobalKnownHostsFile=/dev/null",
			"-o", "StrictHostKeyChecking=yes",
			"-o", "IdentitiesOnly=yes",
			"-o", "BatchMode=yes",
			"-i", keyFile,
			"-p", port,
			DefaultUser+"@"+host, command)
		// Keep the client away from the real home directory's ~/.ssh.
		cmd.Env = append(os.Environ(), "HOME="+dir)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		var exitErr *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &exitErr):
			status = exitErr.ExitCode()
		default:
			t.Fatalf("run ssh: %v", err)
		}
		return out.String(), errOut.String(), status
	}

	t.Run("command output and exit status", func(t *testing.T) {
		stdout, stderr, status := runSSH(t, "uname -r")
		if status != 0 || strings.TrimSpace(stdout) != testKernel {
			t.Errorf("ssh uname -r: status %d, stdout %q, stderr %q; want status 0 and %q", status, stdout, stderr, testKernel)
		}
		stdout, stderr, status = runSSH(t, "sudo /opt/oracle/dcs/bin/dbcli describe-job -i 42 -j")
		if status != 1 || stdout != "" || !strings.Contains(stderr, "DCS-10032") {
			t.Errorf("ssh dbcli: status %d, stdout %q, stderr %q; want status 1 and DCS-10032 on stderr", status, stdout, stderr)
		}
	})
	t.Run("a changed host key is refused", func(t *testing.T) {
		node.srv.SetHostKey(newSigner(t))
		_, stderr, status := runSSH(t, "uname -r")
		if status != 255 || !strings.Contains(stderr, "REMOTE HOST IDENTIFICATION HAS CHANGED") {
			t.Errorf("ssh after a host key change: status %d, stderr %q; want 255 and a host key warning", status, stderr)
		}
		writeKnownHosts(node.srv.HostKey())
		if _, stderr, status := runSSH(t, "uname -r"); status != 0 {
			t.Errorf("ssh after updating known_hosts: status %d, stderr %q", status, stderr)
		}
	})
}
