package sshd

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/ssh"
)

const testKernel = "5.4.17-2136.307.3.1.el8uek.x86_64"

// machineFunc adapts a function to Machine.
type machineFunc func(ctx context.Context, req ExecRequest) (int, error)

func (f machineFunc) Exec(ctx context.Context, req ExecRequest) (int, error) {
	return f(ctx, req)
}

// unameMachine answers `uname -r` and fails every other command the way a
// shell would.
var unameMachine = machineFunc(func(_ context.Context, req ExecRequest) (int, error) {
	if req.Command == "uname -r" {
		_, err := fmt.Fprintln(req.Stdout, testKernel)
		return 0, err
	}
	_, err := fmt.Fprintf(req.Stderr, "bash: %s: command not found\n", req.Command)
	return 127, err
})

// lastTestHost hands every test server its own loopback address in
// 127.0.1.0-127.0.255.255, so that parallel tests never compete for an
// address. After 64,000 servers (-count=N) addresses are reused, which is
// safe because every server asks for an ephemeral port.
var lastTestHost atomic.Uint32

func nextLoopbackAddr(t testing.TB) string {
	t.Helper()
	n := lastTestHost.Add(1) % (255 * 250)
	return fmt.Sprintf("127.0.%d.%d:0", 1+n/250, 2+n%250)
}

func newSigner(t testing.TB) ssh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// testNode is a started server and the key its user logs in with.
type testNode struct {
	srv       *Server
	clientKey ssh.Signer
}

// startNode starts a server on a fresh loopback address; adjust may change
// the configuration before the server is created.
func startNode(t testing.TB, machine Machine, adjust ...func(*Config)) testNode {
	t.Helper()
	clientKey := newSigner(t)
	cfg := Config{
		Addr:           nextLoopbackAddr(t),
		HostKey:        newSigner(t),
		AuthorizedKeys: []ssh.PublicKey{clientKey.PublicKey()},
		Machine:        machine,
	}
	for _, f := range adjust {
		f(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return testNode{srv: srv, clientKey: clientKey}
}

// clientConfig logs in as user with signer, trusting only the node's
// current host key.
func (n testNode) clientConfig(user string, signer ssh.Signer) *ssh.ClientConfig {
	return &ssh.ClientConfig{
		User:            user,
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.FixedHostKey(n.srv.HostKey()),
	}
}

func (n testNode) dialAs(user string, signer ssh.Signer) (*ssh.Client, error) {
	return ssh.Dial("tcp", n.srv.Addr(), n.clientConfig(user, signer))
}

// dial logs in as the authorized user and closes the client at cleanup.
func (n testNode) dial(t testing.TB) *ssh.Client {
	t.Helper()
	client, err := n.dialAs(DefaultUser, n.clientKey)
	if err != nil {
		t.Fatalf("log in to %s: %v", n.srv.Addr(), err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return client
}

func newSession(t testing.TB, client *ssh.Client) *ssh.Session {
	t.Helper()
	session, err := client.NewSession()
	if err != nil {
		t.Fatalf("open a session: %v", err)
	}
	t.Cleanup(func() { _ = session.Close() })
	return session
}

// exitStatus turns the error of Session.Run or Wait into the remote exit
// status, failing the test for any other error.
func exitStatus(t *testing.T, err error) int {
	t.Helper()
	var exitErr *ssh.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exitErr):
		return exitErr.ExitStatus()
	default:
		t.Fatalf("the command did not report an exit status: %v", err)
		return -1
	}
}

// blockingMachine runs every command until it is cancelled, announcing the
// start on started and the cancellation cause on causes.
type blockingMachine struct {
	started chan string
	causes  chan error
}

func newBlockingMachine() *blockingMachine {
	return &blockingMachine{started: make(chan string, 8), causes: make(chan error, 8)}
}

func (m *blockingMachine) Exec(ctx context.Context, req ExecRequest) (int, error) {
	m.started <- req.Command
	<-ctx.Done()
	m.causes <- context.Cause(ctx)
	return 143, nil
}
