package remote

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// These tests run against a real OpenSSH sshd; they skip when it is not
// installed (CI installs openssh-server).

func TestOpenSSHKeyAuth(t *testing.T) {
	t.Parallel()
	server := startRealSSHD(t)
	tests := []struct {
		keyType, format, passphrase string
	}{
		{"ed25519", "", ""},
		{"ed25519", "", "correct horse"},
		{"ecdsa", "", "s3cret"},
		{"ecdsa", "PKCS8", ""},
		{"ecdsa", "PKCS8", "s3cret"},
		{"rsa", "PEM", ""},
		{"rsa", "PEM", "s3cret"},
		{"rsa", "PKCS8", "s3cret"},
		{"rsa", "", ""},
	}
	for _, tt := range tests {
		name := tt.keyType + "/" + map[string]string{"": "openssh", "PEM": "pem", "PKCS8": "pkcs8"}[tt.format]
		if tt.passphrase != "" {
			name += "/passphrase"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			keyFile := userKey(t, tt.keyType, tt.format, tt.passphrase)
			server.authorize(t, keyFile+".pub")
			if tt.passphrase != "" {
				if _, err := PrivateKeyFile(keyFile, nil); !errors.Is(err, ErrPassphraseMissing) {
					t.Errorf("no passphrase: got %v, want ErrPassphraseMissing", err)
				}
				if _, err := PrivateKeyFile(keyFile, []byte("wrong")); !errors.Is(err, ErrPassphraseIncorrect) {
					t.Errorf("wrong passphrase: got %v, want ErrPassphraseIncorrect", err)
				}
			}
			auth, err := PrivateKeyFile(keyFile, []byte(tt.passphrase))
			if err != nil {
				t.Fatal(err)
			}
			c := dialSim(t, &simNode{host: server.addr}, server.config(t, auth))
			if got := runOK(t, c, Cmd{Line: "echo ok"}); got != "ok\n" {
				t.Fatalf("got %q", got)
			}
		})
	}
}

func TestOpenSSHAgentAuth(t *testing.T) {
	t.Parallel()
	server := startRealSSHD(t)
	keyFile := userKey(t, "ecdsa", "", "")
	server.authorize(t, keyFile+".pub")
	sock := startRealAgent(t, keyFile)
	c := dialSim(t, &simNode{host: server.addr}, server.config(t, Agent(sock)))
	if got := runOK(t, c, Cmd{Line: "echo agent"}); got != "agent\n" {
		t.Fatalf("got %q", got)
	}
}

func TestOpenSSHCertificateAuth(t *testing.T) {
	t.Parallel()
	server := startRealSSHD(t)
	ca := filepath.Join(t.TempDir(), "ca")
	keygen(t, "-q", "-t", "ed25519", "-N", "", "-f", ca)
	caPub, err := os.ReadFile(ca + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, server.userCA, caPub)
	keyFile := userKey(t, "ed25519", "", "")
	keygen(t, "-q", "-s", ca, "-I", "ci-runner", "-n", server.user, "-V", "-5m:+1h", keyFile+".pub")

	key, err := PrivateKeyFile(keyFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("certificate file", func(t *testing.T) {
		t.Parallel()
		auth, err := CertificateFile(keyFile+"-cert.pub", key)
		if err != nil {
			t.Fatal(err)
		}
		c := dialSim(t, &simNode{host: server.addr}, server.config(t, auth))
		runOK(t, c, Cmd{Line: "true"})
	})
	t.Run("certificate in the agent", func(t *testing.T) {
		t.Parallel()
		// ssh-add loads id-cert.pub beside the key.
		sock := startRealAgent(t, keyFile)
		c := dialSim(t, &simNode{host: server.addr}, server.config(t, Agent(sock)))
		runOK(t, c, Cmd{Line: "true"})
	})
	t.Run("plain key alone is refused", func(t *testing.T) {
		t.Parallel()
		_, err := Dial(testContext(t), server.addr, server.config(t, key))
		if KindOf(err) != KindAuth {
			t.Fatalf("got %v, want KindAuth", err)
		}
	})
}

func TestOpenSSHHostKeys(t *testing.T) {
	t.Parallel()
	server := startRealSSHD(t)
	keyFile := userKey(t, "ed25519", "", "")
	server.authorize(t, keyFile+".pub")
	auth, err := PrivateKeyFile(keyFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	impostor := startRealSSHD(t)
	impostor.authorize(t, keyFile+".pub")

	t.Run("hashed known_hosts written by ssh-keygen -H", func(t *testing.T) {
		t.Parallel()
		cfg := server.config(t, auth)
		file := server.knownHosts(t)
		keygen(t, "-H", "-f", file)
		if data, _ := os.ReadFile(file); !strings.HasPrefix(string(data), "|1|") {
			t.Fatalf("known_hosts not hashed: %q", data)
		}
		cfg.HostKey = KnownHosts(file)
		c := dialSim(t, &simNode{host: server.addr}, cfg)
		runOK(t, c, Cmd{Line: "true"})
	})
	t.Run("a different host key is refused", func(t *testing.T) {
		t.Parallel()
		// known_hosts trusts server's key for the impostor's address.
		cfg := server.config(t, auth)
		line := strings.Replace(readString(t, server.knownHosts(t)), server.addr[len("127.0.0.1:"):], impostor.addr[len("127.0.0.1:"):], 1)
		cfg.HostKey = KnownHosts(writeFile(t, filepath.Join(t.TempDir(), "kh"), []byte(line)))
		_, err := Dial(testContext(t), impostor.addr, cfg)
		if KindOf(err) != KindHostKey || !strings.Contains(err.Error(), Fingerprint(impostor.hostKey)) ||
			!strings.Contains(err.Error(), Fingerprint(server.hostKey)) {
			t.Fatalf("got %v, want KindHostKey naming both fingerprints", err)
		}
	})
	t.Run("pinned mismatch", func(t *testing.T) {
		t.Parallel()
		cfg := server.config(t, auth)
		cfg.HostKey = Pinned(Fingerprint(server.hostKey))
		if _, err := Dial(testContext(t), impostor.addr, cfg); KindOf(err) != KindHostKey {
			t.Fatalf("got %v, want KindHostKey", err)
		}
	})
	t.Run("trust on first use reports the key", func(t *testing.T) {
		t.Parallel()
		cfg := server.config(t, auth)
		cfg.HostKey = TrustOnFirstUse()
		c := dialSim(t, &simNode{host: server.addr}, cfg)
		if got := c.HostKeyFingerprint(); got != Fingerprint(server.hostKey) {
			t.Fatalf("fingerprint %s, want %s", got, Fingerprint(server.hostKey))
		}
	})
}

func TestOpenSSHBastion(t *testing.T) {
	t.Parallel()
	bastion := startRealSSHD(t)
	target := startRealSSHD(t)
	bastionKey, targetKey := userKey(t, "ed25519", "", ""), userKey(t, "ecdsa", "", "")
	bastion.authorize(t, bastionKey+".pub")
	target.authorize(t, targetKey+".pub")
	bastionAuth, err := PrivateKeyFile(bastionKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	targetAuth, err := PrivateKeyFile(targetKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := target.config(t, targetAuth)
	cfg.Bastions = []Hop{{Host: bastion.addr, User: bastion.user, Auth: []AuthMethod{bastionAuth}, HostKey: KnownHosts(bastion.knownHosts(t))}}
	c := dialSim(t, &simNode{host: target.addr}, cfg)
	runOK(t, c, Cmd{Line: "true"})
	_, port := splitPort(target.addr)
	if !strings.Contains(bastion.log.String(), "target 127.0.0.1 port "+port) {
		t.Errorf("the bastion's log shows no forwarding to the target:\n%s", bastion.log)
	}
}

func TestOpenSSHSudo(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat("/usr/bin/sudo"); err != nil {
		t.Skip("sudo not installed: apt-get install sudo")
	}
	server := startRealSSHD(t, "LogLevel INFO")
	keyFile := userKey(t, "ed25519", "", "")
	server.authorize(t, keyFile+".pub")
	auth, err := PrivateKeyFile(keyFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := dialSim(t, &simNode{host: server.addr}, server.config(t, auth))
	tests := []struct {
		name string
		cmd  Cmd
		want string
	}{
		{"root", Cmd{Line: "id -un", Sudo: true}, "root\n"},
		{"target user", Cmd{Line: "id -un", User: "nobody"}, "nobody\n"},
		{"shell syntax stays inside sh -c", Cmd{Line: "echo \"$0\" 'it''s'; echo $((1+1))", Sudo: true}, "sh its\n2\n"},
		{"pty", Cmd{Line: "test -t 0 && echo tty", Sudo: true, PTY: true}, "tty\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := runOK(t, c, tt.cmd); got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
	_, err = c.Run(testContext(t), Cmd{Line: "true", User: "no-such-user"})
	if KindOf(err) != KindCommandFailed || !strings.Contains(err.Error(), "unknown user") {
		t.Fatalf("got %v, want CommandFailed with sudo's complaint", err)
	}
}

func readString(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func splitPort(addr string) (string, string) {
	i := strings.LastIndexByte(addr, ':')
	return addr[:i], addr[i+1:]
}
