package sshd

import (
	"crypto/rand"
	"testing"

	"golang.org/x/crypto/ssh"
)

// userCert signs a user certificate for key, valid forever for principals.
func userCert(t *testing.T, ca, key ssh.Signer, principals ...string) ssh.Signer {
	t.Helper()
	cert := &ssh.Certificate{
		Key:             key.PublicKey(),
		CertType:        ssh.UserCert,
		KeyId:           "patch-runner",
		ValidPrincipals: principals,
		ValidBefore:     ssh.CertTimeInfinity,
	}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewCertSigner(cert, key)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	trustedCA, untrustedCA := newSigner(t), newSigner(t)
	node := startNode(t, unameMachine, func(c *Config) {
		c.UserCAKeys = []ssh.PublicKey{trustedCA.PublicKey()}
	})
	unknownKey := newSigner(t)

	tests := []struct {
		name    string
		user    string
		key     ssh.Signer
		wantErr bool
	}{
		{name: "authorized key", user: "opc", key: node.clientKey},
		{name: "another user with the authorized key", user: "root", key: node.clientKey, wantErr: true},
		{name: "unknown key", user: "opc", key: unknownKey, wantErr: true},
		{name: "certificate from the trusted CA", user: "opc", key: userCert(t, trustedCA, unknownKey, "opc")},
		{name: "certificate for another principal", user: "opc", key: userCert(t, trustedCA, unknownKey, "oracle"), wantErr: true},
		{name: "certificate from an untrusted CA", user: "opc", key: userCert(t, untrustedCA, unknownKey, "opc"), wantErr: true},
	}
	// Sequential: each case checks how the shared failure counter moved.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := node.srv.Counters().AuthFailures
			client, err := node.dialAs(tt.user, tt.key)
			if err == nil {
				_ = client.Close()
			}
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Fatalf("login error = %v, want an error: %v", err, tt.wantErr)
			}
			wantFailures := int64(0)
			if tt.wantErr {
				wantFailures = 1
			}
			if got := node.srv.Counters().AuthFailures - before; got != wantFailures {
				t.Errorf("auth failures went up by %d, want %d", got, wantFailures)
			}
		})
	}
}

func TestRefuseAuth(t *testing.T) {
	t.Parallel()
	node := startNode(t, unameMachine)

	node.srv.SetRefuseAuth(true)
	if client, err := node.dialAs(DefaultUser, node.clientKey); err == nil {
		_ = client.Close()
		t.Fatal("logged in while the node refuses authentication")
	}
	node.srv.SetRefuseAuth(false)
	node.dial(t)
}

func TestHostKeyChange(t *testing.T) {
	t.Parallel()
	node := startNode(t, unameMachine)
	oldKey := node.srv.HostKey()
	pinned := node.clientConfig(DefaultUser, node.clientKey)
	pinned.HostKeyCallback = ssh.FixedHostKey(oldKey)

	established, err := ssh.Dial("tcp", node.srv.Addr(), pinned)
	if err != nil {
		t.Fatalf("log in before the host key change: %v", err)
	}
	t.Cleanup(func() { _ = established.Close() })

	newKey := newSigner(t)
	node.srv.SetHostKey(newKey)

	if client, err := ssh.Dial("tcp", node.srv.Addr(), pinned); err == nil {
		_ = client.Close()
		t.Fatal("a client that pinned the old host key logged in after the key changed")
	}
	// A client that learned the new key gets in; the old connection lives on.
	node.dial(t)
	if _, err := newSession(t, established).Output("uname -r"); err != nil {
		t.Errorf("the connection made before the key change stopped working: %v", err)
	}
	if got := node.srv.HostKey(); string(got.Marshal()) != string(newKey.PublicKey().Marshal()) {
		t.Error("HostKey does not report the new key")
	}
}

func TestBannerAndVersion(t *testing.T) {
	t.Parallel()
	const banner = "Authorized users only. All activity may be monitored and reported.\n"
	node := startNode(t, unameMachine, func(c *Config) { c.Banner = banner })

	banners := make(chan string, 1)
	cfg := node.clientConfig(DefaultUser, node.clientKey)
	cfg.BannerCallback = func(message string) error {
		banners <- message
		return nil
	}
	client, err := ssh.Dial("tcp", node.srv.Addr(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()

	if got := string(client.ServerVersion()); got != DefaultServerVersion {
		t.Errorf("server version = %q, want %q", got, DefaultServerVersion)
	}
	select {
	case got := <-banners:
		if got != banner {
			t.Errorf("banner = %q, want %q", got, banner)
		}
	default:
		t.Error("no banner was shown before login")
	}
}

func TestNewRejectsIncompleteConfig(t *testing.T) {
	t.Parallel()
	valid := func() Config {
		key := newSigner(t)
		return Config{
			Addr:           "127.0.1.1:0",
			HostKey:        key,
			AuthorizedKeys: []ssh.PublicKey{key.PublicKey()},
			Machine:        unameMachine,
		}
	}
	tests := []struct {
		name   string
		breaks func(*Config)
	}{
		{name: "no address", breaks: func(c *Config) { c.Addr = "" }},
		{name: "no host key", breaks: func(c *Config) { c.HostKey = nil }},
		{name: "no machine", breaks: func(c *Config) { c.Machine = nil }},
		{name: "nobody can log in", breaks: func(c *Config) { c.AuthorizedKeys = nil }},
		{name: "not an SSH 2 version", breaks: func(c *Config) { c.ServerVersion = "OpenSSH_8.0" }},
	}
	if _, err := New(valid()); err != nil {
		t.Fatalf("the valid configuration was rejected: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := valid()
			tt.breaks(&cfg)
			if _, err := New(cfg); err == nil {
				t.Error("New accepted the configuration")
			}
		})
	}
}
