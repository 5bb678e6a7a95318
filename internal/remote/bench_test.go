package remote

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"strings"
	"testing"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/sshd"
	"golang.org/x/crypto/ssh"
)

// BenchmarkHandshake is a cold command: dial, key exchange, login, one
// exec, close.
func BenchmarkHandshake(b *testing.B) {
	node := startSim(b)
	cfg := node.config(b)
	cfg.Logger = nil
	ctx := testContext(b)
	for b.Loop() {
		c, err := Dial(ctx, node.host, cfg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Run(ctx, Cmd{Line: "cat /proc/sys/kernel/random/boot_id"}); err != nil {
			b.Fatal(err)
		}
		_ = c.Close()
	}
}

// BenchmarkExecReused is one command on an open connection: what every
// phase after the first costs.
func BenchmarkExecReused(b *testing.B) {
	node := startSim(b)
	cfg := node.config(b)
	cfg.Logger = nil
	c := dialSim(b, node, cfg)
	ctx := testContext(b)
	for b.Loop() {
		if _, err := c.Run(ctx, Cmd{Line: "cat /proc/sys/kernel/random/boot_id"}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestSimLogsNeverShowKeyMaterial logs everything at debug level through
// a full session and looks for the private key in it.
func TestSimLogsNeverShowKeyMaterial(t *testing.T) {
	t.Parallel()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	pemText := pem.EncodeToMemory(block)
	auth, err := PrivateKey(pemText, nil)
	if err != nil {
		t.Fatal(err)
	}
	signer := mustSigner(t, priv)
	node := startSim(t, func(c *sshd.Config) { c.AuthorizedKeys = []ssh.PublicKey{signer.PublicKey()} })
	log, rec := recordingLogger()
	cfg := node.config(t)
	cfg.Auth, cfg.Logger, cfg.HostKey = []AuthMethod{auth}, log, TrustOnFirstUse()
	c := dialSim(t, node, cfg)
	runOK(t, c, Cmd{Line: "true"})
	node.srv.DropConnections()
	runOK(t, c, Cmd{Line: "true"})
	logged := rec.String()
	if logged == "" {
		t.Fatal("nothing was logged; the check would prove nothing")
	}
	for _, line := range strings.Split(string(pemText), "\n") {
		if len(line) > 16 && !strings.HasPrefix(line, "-----") && strings.Contains(logged, line[:16]) {
			t.Fatalf("the log shows key material:\n%s", logged)
		}
	}
}

// BenchmarkOpenSSH is the same pair against a real sshd, when installed.
func BenchmarkOpenSSH(b *testing.B) {
	server := startRealSSHD(b, "LogLevel ERROR")
	keyFile := userKey(b, "ed25519", "", "")
	server.authorize(b, keyFile+".pub")
	auth, err := PrivateKeyFile(keyFile, nil)
	if err != nil {
		b.Fatal(err)
	}
	cfg := server.config(b, auth)
	cfg.Logger = nil
	ctx := testContext(b)
	b.Run("Handshake", func(b *testing.B) {
		for b.Loop() {
			c, err := Dial(ctx, server.addr, cfg)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := c.Run(ctx, Cmd{Line: "true"}); err != nil {
				b.Fatal(err)
			}
			_ = c.Close()
		}
	})
	b.Run("ExecReused", func(b *testing.B) {
		c, err := Dial(ctx, server.addr, cfg)
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = c.Close() }()
		for b.Loop() {
			if _, err := c.Run(ctx, Cmd{Line: "true"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
