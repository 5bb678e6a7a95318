package remote

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

func TestRetryDelayIsCappedExponentialWithJitter(t *testing.T) {
	t.Parallel()
	full := RetryPolicy{InitialDelay: time.Second, MaxDelay: 10 * time.Second,
		Jitter: func(limit time.Duration) time.Duration { return limit }}.withDefaults()
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 60: 10 * time.Second} {
		if got := full.delay(n); got != want {
			t.Errorf("delay(%d) = %v, want %v", n, got, want)
		}
	}
	wild := RetryPolicy{Jitter: func(time.Duration) time.Duration { return time.Hour }}.withDefaults()
	if got := wild.delay(1); got != time.Second {
		t.Errorf("a jitter beyond the cap gave %v, want the cap", got)
	}
	random := RetryPolicy{}.withDefaults()
	for range 1000 {
		if d := random.delay(3); d < 0 || d > 4*time.Second {
			t.Fatalf("random delay %v outside [0, 4s]", d)
		}
	}
}

func TestCappedBuffer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		limit   int
		writes  []string
		want    string
		wantCut bool
	}{
		{10, []string{"hello"}, "hello", false},
		{5, []string{"hello"}, "hello", false},
		{4, []string{"hello"}, "hell", true},
		{6, []string{"abc", "def", "ghi"}, "abcdef", true},
		{0, []string{"x"}, "", true},
	}
	for _, tt := range tests {
		b := newCappedBuffer(tt.limit)
		for _, w := range tt.writes {
			if n, err := b.Write([]byte(w)); n != len(w) || err != nil {
				t.Fatalf("Write(%q) = %d, %v: the channel must always be drained", w, n, err)
			}
		}
		got, cut := b.snapshot()
		if string(got) != tt.want || cut != tt.wantCut {
			t.Errorf("limit %d writes %q: got %q cut %v, want %q cut %v", tt.limit, tt.writes, got, cut, tt.want, tt.wantCut)
		}
	}
}

func TestPinnedFingerprintValidation(t *testing.T) {
	t.Parallel()
	good := Fingerprint(newEd25519(t).PublicKey())
	tests := map[string]bool{
		good:       true,
		good + "=": true,
		"MD5:aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99": false,
		"SHA256:tooshort": false,
		"sha256:" + strings.TrimPrefix(good, "SHA256:"): false,
	}
	for fp, ok := range tests {
		err := Pinned(fp).validate()
		if ok != (err == nil) {
			t.Errorf("Pinned(%q).validate() = %v, want ok %v", fp, err, ok)
		}
	}
	if err := Pinned().validate(); err == nil {
		t.Error("Pinned() without fingerprints validated")
	}
}

func TestConfigValidation(t *testing.T) {
	t.Parallel()
	key := Signers(newEd25519(t))
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"complete", Config{User: "opc", Auth: []AuthMethod{key}}, nil},
		{"nothing", Config{}, []string{"no login user", "no authentication method"}},
		{"bad pin", Config{User: "opc", Auth: []AuthMethod{key}, HostKey: Pinned("abc")}, []string{"SHA256:"}},
		{"hop without user", Config{User: "opc", Auth: []AuthMethod{key}, Bastions: []Hop{{Host: "bastion", Auth: []AuthMethod{key}}}},
			[]string{"jump host 1 (bastion): no login user"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := New("10.0.0.5", tt.cfg)
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil {
				t.Fatal("invalid config accepted")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
		})
	}
}

func TestWithPort(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"10.0.0.5": "10.0.0.5:22", "10.0.0.5:2222": "10.0.0.5:2222", "node1": "node1:22",
		"::1": "[::1]:22", "[::1]": "[::1]:22", "[::1]:2200": "[::1]:2200",
	} {
		if got := withPort(in, 0); got != want {
			t.Errorf("withPort(%q) = %q, want %q", in, got, want)
		}
	}
	if got := withPort("node1", 2022); got != "node1:2022" {
		t.Errorf("withPort with a port = %q", got)
	}
}

// TestPrivateKeyErrorsNeverShowKeyMaterial feeds damaged and unsupported
// keys and checks that no piece of the PEM body reaches the message.
func TestPrivateKeyErrorsNeverShowKeyMaterial(t *testing.T) {
	t.Parallel()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	good := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	corrupt := append([]byte(nil), der...)
	corrupt[1] ^= 0x40 // the outer SEQUENCE length
	inputs := map[string][]byte{
		"truncated":   good[:len(good)/2],
		"corrupt DER": pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: corrupt}),
		"wrong type":  pem.EncodeToMemory(&pem.Block{Type: "SECRET THING", Bytes: der}),
		"not PEM":     []byte(strings.Repeat("QUJDREVGR0hJSktMTU5PUA", 4)),
		"empty":       nil,
	}
	var body string
	for _, line := range strings.Split(string(good), "\n") {
		if !strings.HasPrefix(line, "-----") {
			body += line
		}
	}
	for name, input := range inputs {
		_, err := PrivateKey(input, nil)
		if err == nil {
			t.Errorf("%s: accepted", name)
			continue
		}
		msg := err.Error()
		for i := 0; i+12 <= len(body); i += 6 {
			if strings.Contains(msg, body[i:i+12]) {
				t.Errorf("%s: message %q shows key material", name, msg)
			}
		}
		if strings.Contains(msg, "QUJDREVGR0hJ") {
			t.Errorf("%s: message %q echoes the input", name, msg)
		}
	}
	if _, err := PrivateKey(good, nil); err != nil {
		t.Fatalf("a good PKCS#8 key was refused: %v", err)
	}
}

func TestCertificateMustMatchItsKey(t *testing.T) {
	t.Parallel()
	ca, key, other := newEd25519(t), newEd25519(t), newEd25519(t)
	cert := &ssh.Certificate{Key: key.PublicKey(), CertType: ssh.UserCert, ValidPrincipals: []string{"opc"}, ValidBefore: ssh.CertTimeInfinity}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	text := ssh.MarshalAuthorizedKey(cert)
	if _, err := Certificate(text, Signers(other)); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("certificate with the wrong key: %v", err)
	}
	if _, err := Certificate(ssh.MarshalAuthorizedKey(key.PublicKey()), Signers(key)); err == nil || !strings.Contains(err.Error(), "not a certificate") {
		t.Errorf("plain public key as certificate: %v", err)
	}
	m, err := Certificate(text, Signers(key))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.String(), Fingerprint(key.PublicKey())) {
		t.Errorf("String() %q should name the certified key", m)
	}
}

func TestAgentWithoutSocket(t *testing.T) {
	t.Setenv("SSH_AUTH_SOCK", "")
	_, err := openAuth(t.Context(), []AuthMethod{Agent("")})
	if err == nil || !strings.Contains(err.Error(), "SSH_AUTH_SOCK is not set") {
		t.Fatalf("got %v", err)
	}
}

func TestErrorClassification(t *testing.T) {
	t.Parallel()
	cause := errors.New("boom")
	tests := []struct {
		err      error
		kind     Kind
		gone     bool
		status   int
		hasState bool
		retry    bool
	}{
		{&Error{Kind: KindConnectionLost, Err: cause}, KindConnectionLost, true, 0, false, true},
		{fmt.Errorf("phase reboot: %w", &Error{Kind: KindConnectionLost}), KindConnectionLost, true, 0, false, true},
		{&Error{Kind: KindCommandFailed, ExitStatus: 3}, KindCommandFailed, false, 3, true, false},
		{&Error{Kind: KindDial}, KindDial, false, 0, false, true},
		{&Error{Kind: KindAuth}, KindAuth, false, 0, false, false},
		{cause, 0, false, 0, false, false},
	}
	for _, tt := range tests {
		if KindOf(tt.err) != tt.kind || IsHostGone(tt.err) != tt.gone {
			t.Errorf("%v: kind %v gone %v", tt.err, KindOf(tt.err), IsHostGone(tt.err))
		}
		if status, ok := ExitStatus(tt.err); status != tt.status || ok != tt.hasState {
			t.Errorf("%v: ExitStatus = %d, %v", tt.err, status, ok)
		}
		var re *Error
		if errors.As(tt.err, &re) && re.Retryable() != tt.retry {
			t.Errorf("%v: Retryable = %v", tt.err, re.Retryable())
		}
	}
	e := &Error{Kind: KindCommandFailed, Host: "10.0.0.5:22", Op: describeCommand("dbcli describe-job -i 1 -j"), ExitStatus: 1,
		Stderr: []byte("line one\nDCS-10001: Internal error\n"), Hint: "check the DCS agent"}
	want := "run `dbcli describe-job -i 1 -j` on 10.0.0.5:22: exited with status 1: line one | DCS-10001: Internal error; check the DCS agent"
	if e.Error() != want {
		t.Errorf("message\n%q, want\n%q", e.Error(), want)
	}
	for k := KindDial; k <= KindCommandFailed; k++ {
		if strings.HasPrefix(k.String(), "Kind(") {
			t.Errorf("kind %d has no name", k)
		}
	}
}
