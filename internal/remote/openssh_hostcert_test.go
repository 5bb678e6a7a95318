package remote

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenSSHHostCertificate: a real sshd presenting a host certificate
// (HostCertificate) is accepted through a known_hosts @cert-authority line
// alone, and refused when that line names another CA or the certificate
// names another host.
func TestOpenSSHHostCertificate(t *testing.T) {
	t.Parallel()
	keyFile := userKey(t, "ed25519", "", "")
	auth, err := PrivateKeyFile(keyFile, nil)
	if err != nil {
		t.Fatal(err)
	}
	caDir := t.TempDir()
	ca, otherCA := filepath.Join(caDir, "ca"), filepath.Join(caDir, "other_ca")
	keygen(t, "-q", "-t", "ed25519", "-N", "", "-C", "host CA", "-f", ca)
	keygen(t, "-q", "-t", "ed25519", "-N", "", "-C", "other host CA", "-f", otherCA)

	// certified starts an sshd whose host key ca signed for principal.
	certified := func(principal string) *realSSHD {
		s := newRealSSHD(t)
		keygen(t, "-q", "-s", ca, "-I", "host", "-h", "-n", principal, s.hostKeyFile()+".pub")
		cert := s.hostKeyFile() + "-cert.pub"
		if _, err := os.Stat(cert); err != nil {
			t.Fatal(err)
		}
		s.start(t, "HostCertificate "+cert)
		s.authorize(t, keyFile+".pub")
		return s
	}
	server := certified("127.0.0.1")
	misnamed := certified("otherhost")

	tests := []struct {
		name    string
		server  *realSSHD
		pattern string // the @cert-authority host pattern, before ":port"
		ca      string
		ok      bool
		errText string // in the error when !ok
	}{
		{name: "cert-authority for host and port", server: server, pattern: "[127.0.0.1]", ca: ca, ok: true},
		{name: "cert-authority wildcard", server: server, pattern: "[127.0.0.*]", ca: ca, ok: true},
		{name: "another CA is refused", server: server, pattern: "[127.0.0.1]", ca: otherCA, errText: "no authorities"},
		{name: "certificate for another host is refused", server: misnamed, pattern: "[127.0.0.1]", ca: ca, errText: "principal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			// Off port 22 the pattern must be "[host]:port": knownhosts
			// matches a bare pattern, even "*", against port 22 only.
			_, port, err := net.SplitHostPort(tt.server.addr)
			if err != nil {
				t.Fatal(err)
			}
			line := "@cert-authority " + tt.pattern + ":" + port + " " + readString(t, tt.ca+".pub")
			cfg := tt.server.config(t, auth)
			cfg.HostKey = KnownHosts(writeFile(t, filepath.Join(t.TempDir(), "known_hosts"), []byte(line)))
			c, err := Dial(testContext(t), tt.server.addr, cfg)
			if !tt.ok {
				if KindOf(err) != KindHostKey || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("got %v, want KindHostKey mentioning %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatalf("dial %s: %v", tt.server.addr, err)
			}
			t.Cleanup(func() { _ = c.Close() })
			if got := c.HostKeyFingerprint(); got != Fingerprint(tt.server.hostKey) {
				t.Errorf("fingerprint %s, want the certified key's %s", got, Fingerprint(tt.server.hostKey))
			}
			runOK(t, c, Cmd{Line: "true"})
		})
	}
}
