package remote

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/sshd"
	"golang.org/x/crypto/ssh"
)

// testTimeout bounds every wait in a test, so a bug fails the test instead
// of hanging it.
const testTimeout = 30 * time.Second

func testContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// lastAddr hands every simulated node its own loopback address, so that
// known_hosts entries never collide between parallel tests.
var lastAddr atomic.Uint32

func nextLoopback() string {
	n := lastAddr.Add(1) % (250 * 250)
	return fmt.Sprintf("127.77.%d.%d", 1+n/250, 1+n%250)
}

func newEd25519(t testing.TB) ssh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return mustSigner(t, priv)
}

func newECDSA(t testing.TB) ssh.Signer {
	t.Helper()
	return mustSigner(t, newECDSAKey(t))
}

func newECDSAKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return priv
}

func newRSA(t testing.TB) ssh.Signer {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return mustSigner(t, priv)
}

func mustSigner(t testing.TB, key any) ssh.Signer {
	t.Helper()
	s, err := ssh.NewSignerFromKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// handler answers one command on the test machine.
type handler func(ctx context.Context, req sshd.ExecRequest) (int, error)

// testMachine answers scripted commands and runs anything else with the
// local /bin/sh, so that quoting, sudo wrapping and uploads are exercised
// by a real shell. It records every command line it receives.
type testMachine struct {
	mu       sync.Mutex
	handlers map[string]handler
	commands []string
	bootID   string
	// started announces every command as it starts.
	started chan string
}

func newTestMachine() *testMachine {
	m := &testMachine{handlers: make(map[string]handler), bootID: "boot-1", started: make(chan string, 64)}
	m.handle("cat /proc/sys/kernel/random/boot_id", func(_ context.Context, req sshd.ExecRequest) (int, error) {
		m.mu.Lock()
		id := m.bootID
		m.mu.Unlock()
		_, err := fmt.Fprintln(req.Stdout, id)
		return 0, err
	})
	// reboot drops the connection without an exit status, as a real one
	// does most of the time.
	m.handle("sudo -n -- sh -c 'systemctl reboot'", func(context.Context, sshd.ExecRequest) (int, error) {
		return 0, io.ErrUnexpectedEOF
	})
	m.handle("sleep 1000", func(ctx context.Context, _ sshd.ExecRequest) (int, error) {
		<-ctx.Done()
		return 143, nil
	})
	return m
}

func (m *testMachine) handle(line string, h handler) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.handlers[line] = h
}

func (m *testMachine) setBootID(id string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.bootID = id
}

func (m *testMachine) seen() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string(nil), m.commands...)
}

func (m *testMachine) Exec(ctx context.Context, req sshd.ExecRequest) (int, error) {
	m.mu.Lock()
	m.commands = append(m.commands, req.Command)
	h := m.handlers[req.Command]
	m.mu.Unlock()
	select {
	case m.started <- req.Command:
	default:
	}
	if h != nil {
		return h(ctx, req)
	}
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", req.Command)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = req.Stdin, req.Stdout, req.Stderr
	err := cmd.Run()
	if exitErr, ok := err.(*exec.ExitError); ok {
		return exitErr.ExitCode(), nil
	}
	return 0, err
}

// simNode is a simulated node and what a client needs to log in to it.
type simNode struct {
	srv       *sshd.Server
	machine   *testMachine
	clientKey ssh.Signer
	host      string // ip:port
}

func startSim(t testing.TB, adjust ...func(*sshd.Config)) *simNode {
	t.Helper()
	n := &simNode{machine: newTestMachine(), clientKey: newEd25519(t)}
	cfg := sshd.Config{
		Addr:           nextLoopback() + ":0",
		HostKey:        newEd25519(t),
		AuthorizedKeys: []ssh.PublicKey{n.clientKey.PublicKey()},
		Machine:        n.machine,
	}
	for _, f := range adjust {
		f(&cfg)
	}
	srv, err := sshd.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	n.srv, n.host = srv, srv.Addr()
	return n
}

func (n *simNode) fingerprint() string { return Fingerprint(n.srv.HostKey()) }

// config logs in as opc with the node's key and pins its host key.
func (n *simNode) config(t testing.TB) Config {
	t.Helper()
	return Config{
		User:    sshd.DefaultUser,
		Auth:    []AuthMethod{Signers(n.clientKey)},
		HostKey: Pinned(n.fingerprint()),
		Logger:  testLogger(t),
		Retry:   RetryPolicy{MaxAttempts: 1},
	}
}

func (n *simNode) hop(t testing.TB) Hop {
	t.Helper()
	return Hop{Host: n.host, User: sshd.DefaultUser, Auth: []AuthMethod{Signers(n.clientKey)}, HostKey: Pinned(n.fingerprint())}
}

func dialSim(t testing.TB, n *simNode, cfg Config) *Client {
	t.Helper()
	c, err := Dial(testContext(t), n.host, cfg)
	if err != nil {
		t.Fatalf("dial %s: %v", n.host, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// logRecorder keeps every log line, to check what is logged and that
// secrets never are.
type logRecorder struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (r *logRecorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.Write(p)
}

func (r *logRecorder) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.String()
}

func (r *logRecorder) count(substr string) int {
	return strings.Count(r.String(), substr)
}

func recordingLogger() (*slog.Logger, *logRecorder) {
	rec := &logRecorder{}
	return slog.New(slog.NewTextHandler(rec, &slog.HandlerOptions{Level: slog.LevelDebug})), rec
}

// testLogger writes to the test log only with -v, keeping failures quiet.
func testLogger(t testing.TB) *slog.Logger {
	t.Helper()
	if !testing.Verbose() {
		return nil
	}
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type tWriter struct{ t testing.TB }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// freezingProxy forwards TCP to a target until frozen; then it swallows
// everything while keeping the connections open, like a peer that died
// without a FIN or a firewall that silently drops packets.
type freezingProxy struct {
	ln     net.Listener
	target string
	frozen atomic.Bool
	mu     sync.Mutex
	conns  []net.Conn
}

func startFreezingProxy(t testing.TB, target string) *freezingProxy {
	t.Helper()
	ln, err := net.Listen("tcp", nextLoopback()+":0")
	if err != nil {
		t.Fatal(err)
	}
	p := &freezingProxy{ln: ln, target: target}
	go p.serve()
	t.Cleanup(p.close)
	return p
}

func (p *freezingProxy) addr() string { return p.ln.Addr().String() }

func (p *freezingProxy) serve() {
	for {
		down, err := p.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = down.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, down, up)
		p.mu.Unlock()
		go p.pipe(down, up)
		go p.pipe(up, down)
	}
}

func (p *freezingProxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 && !p.frozen.Load() {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			_ = dst.Close()
			return
		}
	}
}

func (p *freezingProxy) close() {
	_ = p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		_ = c.Close()
	}
}

// writeFile writes a test fixture.
func writeFile(t testing.TB, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// fixedPast is a deadline that has always passed.
var fixedPast = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
