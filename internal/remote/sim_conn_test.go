package remote

import (
	"context"
	"crypto/rand"
	"errors"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/sshd"
	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

func TestSimHostKeyPolicies(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	dir := t.TempDir()
	line := knownhosts.Line([]string{knownhosts.Normalize(node.host)}, node.srv.HostKey())
	goodKnownHosts := writeFile(t, filepath.Join(dir, "good"), []byte(line+"\n"))
	hashed := knownhosts.Line([]string{knownhosts.HashHostname(knownhosts.Normalize(node.host))}, node.srv.HostKey())
	hashedKnownHosts := writeFile(t, filepath.Join(dir, "hashed"), []byte(hashed+"\n"))
	otherKey := newEd25519(t)
	wrongLine := knownhosts.Line([]string{knownhosts.Normalize(node.host)}, otherKey.PublicKey())
	wrongKnownHosts := writeFile(t, filepath.Join(dir, "wrong"), []byte(wrongLine+"\n"))
	emptyKnownHosts := writeFile(t, filepath.Join(dir, "empty"), nil)
	revokedKnownHosts := writeFile(t, filepath.Join(dir, "revoked"), []byte("@revoked * "+string(ssh.MarshalAuthorizedKey(node.srv.HostKey()))))

	tests := []struct {
		name     string
		policy   HostKeyPolicy
		wantErr  []string // substrings of the message; none means success
		wantWarn string
	}{
		{name: "pinned", policy: Pinned(node.fingerprint())},
		{name: "pinned among several", policy: Pinned(Fingerprint(otherKey.PublicKey()), node.fingerprint())},
		{name: "known_hosts", policy: KnownHosts(goodKnownHosts)},
		{name: "hashed known_hosts", policy: KnownHosts(emptyKnownHosts, hashedKnownHosts)},
		{name: "trust on first use", policy: TrustOnFirstUse(), wantWarn: "trusting the host key on first use"},
		{name: "ignore warns", policy: InsecureIgnoreHostKey(), wantWarn: "HOST KEY NOT VERIFIED"},
		{name: "pinned mismatch", policy: Pinned(Fingerprint(otherKey.PublicKey())),
			wantErr: []string{"changed", "expected " + Fingerprint(otherKey.PublicKey()), "got " + node.fingerprint(), node.host, "update known_hosts or the pinned fingerprint"}},
		{name: "known_hosts mismatch", policy: KnownHosts(wrongKnownHosts),
			wantErr: []string{"changed", Fingerprint(otherKey.PublicKey()), wrongKnownHosts + ":1", "got " + node.fingerprint()}},
		{name: "unknown host", policy: KnownHosts(emptyKnownHosts),
			wantErr: []string{"is not in", node.fingerprint(), "ssh-keyscan"}},
		{name: "revoked", policy: KnownHosts(goodKnownHosts, revokedKnownHosts), wantErr: []string{"@revoked"}},
		{name: "missing known_hosts file", policy: KnownHosts(filepath.Join(dir, "nope")), wantErr: []string{"read known_hosts"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			log, rec := recordingLogger()
			cfg := node.config(t)
			cfg.HostKey, cfg.Logger = tt.policy, log
			cfg.Retry = RetryPolicy{MaxAttempts: 5, Jitter: func(time.Duration) time.Duration {
				t.Error("a host key failure was retried")
				return 0
			}}
			c, err := Dial(testContext(t), node.host, cfg)
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("Dial: %v", err)
				}
				defer func() { _ = c.Close() }()
				if got := c.HostKeyFingerprint(); got != node.fingerprint() {
					t.Errorf("HostKeyFingerprint %q, want %q", got, node.fingerprint())
				}
				if tt.wantWarn != "" && rec.count(tt.wantWarn) != 1 {
					t.Errorf("log %q should warn %q once", rec, tt.wantWarn)
				}
				return
			}
			if KindOf(err) != KindHostKey {
				t.Fatalf("got %v, want KindHostKey", err)
			}
			for _, s := range tt.wantErr {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("message %q lacks %q", err, s)
				}
			}
		})
	}
}

// TestSimHostCertificate: a host presenting a certificate is accepted
// through @cert-authority, and through its plain key when known_hosts only
// has that.
func TestSimHostCertificate(t *testing.T) {
	t.Parallel()
	ca := newEd25519(t)
	hostKey := newEd25519(t)
	addr := nextLoopback()
	cert := &ssh.Certificate{Key: hostKey.PublicKey(), CertType: ssh.HostCert, KeyId: "node1",
		ValidPrincipals: []string{addr}, ValidBefore: ssh.CertTimeInfinity}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	certSigner, err := ssh.NewCertSigner(cert, hostKey)
	if err != nil {
		t.Fatal(err)
	}
	node := startSim(t, func(c *sshd.Config) { c.Addr, c.HostKey = addr+":0", certSigner })
	dir := t.TempDir()
	_, port, _ := net.SplitHostPort(node.host)
	// A wildcard pattern, as fleets use; off port 22 it is "[host]:port".
	caFile := writeFile(t, filepath.Join(dir, "ca"), []byte("@cert-authority [127.77.*]:"+port+" "+string(ssh.MarshalAuthorizedKey(ca.PublicKey()))))
	plainFile := writeFile(t, filepath.Join(dir, "plain"), []byte(knownhosts.Line([]string{knownhosts.Normalize(node.host)}, hostKey.PublicKey())+"\n"))
	otherCA := writeFile(t, filepath.Join(dir, "other"), []byte("@cert-authority * "+string(ssh.MarshalAuthorizedKey(newEd25519(t).PublicKey()))))
	for name, tc := range map[string]struct {
		file string
		ok   bool
	}{"cert-authority": {caFile, true}, "plain key": {plainFile, true}, "untrusted CA": {otherCA, false}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := node.config(t)
			cfg.HostKey = KnownHosts(tc.file)
			c, err := Dial(testContext(t), node.host, cfg)
			if tc.ok != (err == nil) {
				t.Fatalf("Dial: %v, want success %v", err, tc.ok)
			}
			if err != nil {
				if KindOf(err) != KindHostKey {
					t.Fatalf("got %v, want KindHostKey", err)
				}
				return
			}
			defer func() { _ = c.Close() }()
			if got := c.HostKeyFingerprint(); got != Fingerprint(hostKey.PublicKey()) {
				t.Errorf("fingerprint %s, want the certified key's %s", got, Fingerprint(hostKey.PublicKey()))
			}
		})
	}
}

func TestSimAuthMethods(t *testing.T) {
	t.Parallel()
	ecPriv := newECDSAKey(t)
	rsaKey, ecKey, edKey, ca := newRSA(t), mustSigner(t, ecPriv), newEd25519(t), newECDSA(t)
	node := startSim(t, func(c *sshd.Config) {
		c.AuthorizedKeys = append(c.AuthorizedKeys, rsaKey.PublicKey(), ecKey.PublicKey(), edKey.PublicKey())
		c.UserCAKeys = []ssh.PublicKey{ca.PublicKey()}
	})
	certKey := newEd25519(t)
	cert := &ssh.Certificate{Key: certKey.PublicKey(), CertType: ssh.UserCert, KeyId: "ci",
		ValidPrincipals: []string{sshd.DefaultUser}, ValidBefore: ssh.CertTimeInfinity}
	if err := cert.SignCert(rand.Reader, ca); err != nil {
		t.Fatal(err)
	}
	certMethod, err := Certificate(ssh.MarshalAuthorizedKey(cert), Signers(certKey))
	if err != nil {
		t.Fatal(err)
	}
	agentSock := startTestAgent(t, ecPriv)
	stranger := newEd25519(t)
	tests := []struct {
		name string
		auth []AuthMethod
		ok   bool
	}{
		{"rsa", []AuthMethod{Signers(rsaKey)}, true},
		{"ecdsa", []AuthMethod{Signers(ecKey)}, true},
		{"ed25519", []AuthMethod{Signers(edKey)}, true},
		{"certificate", []AuthMethod{certMethod}, true},
		{"agent", []AuthMethod{Agent(agentSock)}, true},
		{"refused key then good key", []AuthMethod{Signers(stranger), Signers(edKey)}, true},
		{"refused key", []AuthMethod{Signers(stranger)}, false},
		{"certified key without its certificate", []AuthMethod{Signers(certKey)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := node.config(t)
			cfg.Auth = tt.auth
			c, err := Dial(testContext(t), node.host, cfg)
			if tt.ok {
				if err != nil {
					t.Fatal(err)
				}
				_ = c.Close()
				return
			}
			if KindOf(err) != KindAuth || !strings.Contains(err.Error(), "authorized_keys") || !strings.Contains(err.Error(), "as opc") {
				t.Fatalf("got %v, want KindAuth naming the user and what to check", err)
			}
		})
	}
}

func TestSimAuthFailureIsNotRetried(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	node.srv.SetRefuseAuth(true)
	cfg := node.config(t)
	cfg.Retry = RetryPolicy{MaxAttempts: 5, Jitter: func(time.Duration) time.Duration {
		t.Error("an auth failure was retried")
		return 0
	}}
	_, err := Dial(testContext(t), node.host, cfg)
	var re *Error
	if !errors.As(err, &re) || re.Kind != KindAuth || re.Retryable() {
		t.Fatalf("got %v, want a final KindAuth error", err)
	}
	if got := node.srv.Counters().ConnectionsAccepted; got != 1 {
		t.Errorf("%d connections, want 1", got)
	}
}

func TestSimDialRetriesWithBackoffUntilTheNodeIsUp(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	node.srv.PowerOff()
	var mu sync.Mutex
	var limits []time.Duration
	cfg := node.config(t)
	cfg.Retry = RetryPolicy{MaxAttempts: 4, InitialDelay: time.Second, MaxDelay: 3 * time.Second,
		Jitter: func(limit time.Duration) time.Duration {
			mu.Lock()
			defer mu.Unlock()
			limits = append(limits, limit)
			return 0
		}}
	_, err := Dial(testContext(t), node.host, cfg)
	var re *Error
	if !errors.As(err, &re) || re.Kind != KindDial || !strings.Contains(err.Error(), "gave up after 4 attempts") ||
		!strings.Contains(err.Error(), "connection refused") || !strings.Contains(err.Error(), "security lists") {
		t.Fatalf("got %v, want a KindDial error after 4 attempts that says what to check", err)
	}
	if want := []time.Duration{time.Second, 2 * time.Second, 3 * time.Second}; !equalDurations(limits, want) {
		t.Errorf("backoff caps %v, want %v", limits, want)
	}

	// The node comes back during the backoff: the next attempt succeeds.
	cfg.Retry.Jitter = func(time.Duration) time.Duration {
		if err := node.srv.PowerOn(); err != nil {
			t.Error(err)
		}
		return 0
	}
	c, err := Dial(testContext(t), node.host, cfg)
	if err != nil {
		t.Fatalf("Dial after power-on: %v", err)
	}
	_ = c.Close()
}

func TestSimBastionHops(t *testing.T) {
	t.Parallel()
	outer := startSim(t, func(c *sshd.Config) { c.AllowTCPForwarding = true })
	inner := startSim(t, func(c *sshd.Config) { c.AllowTCPForwarding = true })
	target := startSim(t)
	closed := startSim(t) // forwarding disabled

	t.Run("two hops", func(t *testing.T) {
		t.Parallel()
		cfg := target.config(t)
		cfg.Bastions = []Hop{outer.hop(t), inner.hop(t)}
		c := dialSim(t, target, cfg)
		res, err := c.Run(testContext(t), Cmd{Line: "cat /proc/sys/kernel/random/boot_id"})
		if err != nil || string(res.Stdout) != "boot-1\n" {
			t.Fatalf("Run through two hops: %q, %v", res.Stdout, err)
		}
		if outer.srv.Counters().ForwardedConnections == 0 || inner.srv.Counters().ForwardedConnections == 0 {
			t.Error("the connection did not go through both jump hosts")
		}
	})
	t.Run("jump host key mismatch names the hop", func(t *testing.T) {
		t.Parallel()
		cfg := target.config(t)
		hop := outer.hop(t)
		hop.HostKey = Pinned(Fingerprint(newEd25519(t).PublicKey()))
		cfg.Bastions = []Hop{hop}
		_, err := Dial(testContext(t), target.host, cfg)
		var re *Error
		if !errors.As(err, &re) || re.Kind != KindHostKey || re.Hop != outer.host || !strings.Contains(err.Error(), "jump host "+outer.host) {
			t.Fatalf("got %v, want KindHostKey at jump host %s", err, outer.host)
		}
	})
	t.Run("target key is verified behind the hop", func(t *testing.T) {
		t.Parallel()
		cfg := target.config(t)
		cfg.HostKey = Pinned(Fingerprint(newEd25519(t).PublicKey()))
		cfg.Bastions = []Hop{outer.hop(t)}
		_, err := Dial(testContext(t), target.host, cfg)
		var re *Error
		if !errors.As(err, &re) || re.Kind != KindHostKey || re.Hop != "" {
			t.Fatalf("got %v, want KindHostKey on the target", err)
		}
	})
	t.Run("forwarding refused is a dial error at the hop", func(t *testing.T) {
		t.Parallel()
		cfg := target.config(t)
		cfg.Bastions = []Hop{closed.hop(t)}
		_, err := Dial(testContext(t), target.host, cfg)
		if KindOf(err) != KindDial || !strings.Contains(err.Error(), "through the jump host") {
			t.Fatalf("got %v, want KindDial through the jump host", err)
		}
	})
}

// TestSimRebootMidSession: the reboot drops the connection without an exit
// status, which is reported as the host going away; the next command
// reconnects by itself, and a host key changed by the reboot is refused.
func TestSimRebootMidSession(t *testing.T) {
	t.Parallel()
	for _, keyChanged := range []bool{false, true} {
		t.Run(map[bool]string{false: "same host key", true: "host key changed"}[keyChanged], func(t *testing.T) {
			t.Parallel()
			node := startSim(t)
			cfg := node.config(t)
			cfg.HostKey = TrustOnFirstUse()
			c := dialSim(t, node, cfg)
			ctx := testContext(t)
			before, err := c.Run(ctx, Cmd{Line: "cat /proc/sys/kernel/random/boot_id"})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Run(ctx, Cmd{Line: "systemctl reboot", Sudo: true})
			if !IsHostGone(err) || !strings.Contains(err.Error(), "may or may not have finished") {
				t.Fatalf("reboot: got %v, want IsHostGone", err)
			}
			node.srv.PowerOff()
			node.machine.setBootID("boot-2")
			oldKey := node.fingerprint()
			if keyChanged {
				node.srv.SetHostKey(newEd25519(t))
			}
			if err := node.srv.PowerOn(); err != nil {
				t.Fatal(err)
			}
			after, err := c.Run(ctx, Cmd{Line: "cat /proc/sys/kernel/random/boot_id"})
			if keyChanged {
				if KindOf(err) != KindHostKey || !strings.Contains(err.Error(), "expected "+oldKey) ||
					!strings.Contains(err.Error(), "got "+node.fingerprint()) {
					t.Fatalf("got %v, want the changed key refused with both fingerprints", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Run after the reboot: %v", err)
			}
			if string(before.Stdout) == string(after.Stdout) {
				t.Errorf("boot id %q did not change", after.Stdout)
			}
			if got := node.srv.Counters().HandshakesCompleted; got != 2 {
				t.Errorf("%d handshakes, want 2", got)
			}
		})
	}
}

func TestSimDropDuringLongCommand(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	c := dialSim(t, node, node.config(t))
	errs := make(chan error, 1)
	go func() {
		_, err := c.Run(testContext(t), Cmd{Line: "sleep 1000"})
		errs <- err
	}()
	waitStarted(t, node.machine, "sleep 1000")
	node.srv.DropConnections()
	if err := <-errs; !IsHostGone(err) {
		t.Fatalf("got %v, want IsHostGone", err)
	}
	if _, err := c.Run(testContext(t), Cmd{Line: "true"}); err != nil {
		t.Fatalf("Run after the drop: %v", err)
	}
}

// TestSimReconnectBeforeTheCommandStarts: a connection that dropped while
// idle is replaced transparently, without an error.
func TestSimReconnectBeforeTheCommandStarts(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	c := dialSim(t, node, node.config(t))
	c.mu.Lock()
	cn := c.cur
	c.mu.Unlock()
	node.srv.DropConnections()
	<-cn.done
	if _, err := c.Run(testContext(t), Cmd{Line: "true"}); err != nil {
		t.Fatalf("Run after an idle drop: %v", err)
	}
	if got := node.srv.Counters().HandshakesCompleted; got != 2 {
		t.Errorf("%d handshakes, want 2", got)
	}
}

// TestSimKeepaliveDetectsASilentPeer: the network swallows everything but
// the TCP connection stays up; keepalives end the connection after
// KeepaliveMaxMissed unanswered intervals and the blocked command returns.
func TestSimKeepaliveDetectsASilentPeer(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	proxy := startFreezingProxy(t, node.host)
	clock := clockwork.NewFakeClock()
	cfg := node.config(t)
	cfg.Clock, cfg.KeepaliveInterval, cfg.KeepaliveMaxMissed = clock, 10*time.Second, 2
	ctx := testContext(t)
	c, err := Dial(ctx, proxy.addr(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = c.Close() }()
	errs := make(chan error, 1)
	go func() {
		_, err := c.Run(ctx, Cmd{Line: "sleep 1000"})
		errs <- err
	}()
	waitStarted(t, node.machine, "sleep 1000")
	proxy.frozen.Store(true)

	// Tick 1 sends a probe, ticks 2 and 3 find it unanswered: the second
	// miss ends the connection. After each tick but the last, the timer is
	// re-armed, which proves the connection was kept until then.
	for tick := 1; tick <= 3; tick++ {
		if err := clock.BlockUntilContext(ctx, 1); err != nil {
			t.Fatalf("tick %d: keepalive timer not armed: %v", tick, err)
		}
		select {
		case err := <-errs:
			t.Fatalf("the command ended before tick %d: %v", tick, err)
		default:
		}
		clock.Advance(10 * time.Second)
	}
	select {
	case err := <-errs:
		if !IsHostGone(err) || !strings.Contains(err.Error(), "no answer to keepalives for 20s") {
			t.Fatalf("got %v, want IsHostGone because keepalives went unanswered", err)
		}
	case <-ctx.Done():
		t.Fatal("the command never returned after keepalives went unanswered")
	}
}

// TestSimConnectTimeoutOnAStalledHandshake: a node that accepts TCP but
// never speaks (busy booting) fails the attempt at the connect timeout.
func TestSimConnectTimeoutOnAStalledHandshake(t *testing.T) {
	t.Parallel()
	simClock := clockwork.NewFakeClock() // never advanced: the stall never ends
	node := startSim(t, func(c *sshd.Config) { c.Clock = simClock })
	node.srv.SetHandshakeLatency(time.Hour)
	clock := clockwork.NewFakeClock()
	cfg := node.config(t)
	cfg.Clock, cfg.ConnectTimeout = clock, 7*time.Second
	ctx := testContext(t)
	errs := make(chan error, 1)
	go func() {
		_, err := Dial(ctx, node.host, cfg)
		errs <- err
	}()
	if err := clock.BlockUntilContext(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Advance(7 * time.Second)
	err := <-errs
	if KindOf(err) != KindDial || !strings.Contains(err.Error(), "no SSH handshake within 7s") {
		t.Fatalf("got %v, want a KindDial error naming the connect timeout", err)
	}
}

func TestSimHandshakeLatencyIsTolerated(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	node.srv.SetHandshakeLatency(50 * time.Millisecond)
	c := dialSim(t, node, node.config(t))
	if _, err := c.Run(testContext(t), Cmd{Line: "true"}); err != nil {
		t.Fatal(err)
	}
}

func TestSimPoolReusesOneClientPerHost(t *testing.T) {
	t.Parallel()
	a, b := startSim(t), startSim(t)
	cfg := a.config(t)
	cfg.Auth = []AuthMethod{Signers(a.clientKey, b.clientKey)}
	cfg.HostKey = Pinned(a.fingerprint(), b.fingerprint())
	pool, err := NewPool(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = pool.Close() }()
	ctx := testContext(t)
	for range 3 {
		for _, n := range []*simNode{a, b} {
			if _, err := pool.Run(ctx, n.host, Cmd{Line: "true"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if a.srv.Counters().HandshakesCompleted != 1 || b.srv.Counters().HandshakesCompleted != 1 {
		t.Errorf("handshakes %d and %d, want 1 each", a.srv.Counters().HandshakesCompleted, b.srv.Counters().HandshakesCompleted)
	}
	_ = pool.Close()
	if _, err := pool.Client(a.host); err == nil {
		t.Error("a closed pool handed out a client")
	}
}

func TestSimClosedClientRefusesToRun(t *testing.T) {
	t.Parallel()
	node := startSim(t)
	c := dialSim(t, node, node.config(t))
	_ = c.Close()
	if _, err := c.Run(context.Background(), Cmd{Line: "true"}); err == nil {
		t.Fatal("Run on a closed client succeeded")
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
