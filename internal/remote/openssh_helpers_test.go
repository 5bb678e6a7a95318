package remote

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

const sshdPath = "/usr/sbin/sshd"

// realSSHD is an OpenSSH server started by a test on a loopback address,
// with its own configuration, host key and authorized_keys.
type realSSHD struct {
	addr       string
	dir        string
	hostKey    ssh.PublicKey
	authorized string // the authorized_keys file
	userCA     string // the TrustedUserCAKeys file
	user       string
	log        *lockedBuffer
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func requireOpenSSH(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(sshdPath); err != nil {
		t.Skip("sshd not installed: apt-get install openssh-server to run the tests against a real OpenSSH")
	}
	for _, tool := range []string{"ssh-keygen", "ssh-agent", "ssh-add"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed: apt-get install openssh-client", tool)
		}
	}
	// sshd refuses to start without its privilege separation directory,
	// which the package's tmpfiles.d entry creates at boot; containers
	// often lack it.
	if _, err := os.Stat("/run/sshd"); err != nil {
		if os.Geteuid() != 0 {
			t.Skip("/run/sshd is missing and only root can create it; run as root or create it")
		}
		if err := os.MkdirAll("/run/sshd", 0o755); err != nil {
			t.Fatalf("create /run/sshd: %v", err)
		}
	}
}

// freePort asks the kernel for an unused port on ip.
func freePort(t testing.TB, ip string) string {
	t.Helper()
	ln, err := net.Listen("tcp", ip+":0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return port
}

func keygen(t testing.TB, args ...string) {
	t.Helper()
	out, err := exec.CommandContext(testContext(t), "ssh-keygen", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// startRealSSHD starts sshd -D -e on 127.0.0.1 and a free port. It logs
// at DEBUG1, which a PTY session also shows (sshd -e); pass "LogLevel
// INFO" in extraConfig for PTY tests.
func startRealSSHD(t testing.TB, extraConfig ...string) *realSSHD {
	t.Helper()
	s := newRealSSHD(t)
	s.start(t, extraConfig...)
	return s
}

// newRealSSHD prepares the directory, host key and empty authorized_keys
// of an sshd without starting it, for tests that need the host key first
// (to sign a host certificate); start it with start.
func newRealSSHD(t testing.TB) *realSSHD {
	t.Helper()
	requireOpenSSH(t)
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s := &realSSHD{dir: dir, user: me.Username, log: &lockedBuffer{},
		authorized: filepath.Join(dir, "authorized_keys"), userCA: filepath.Join(dir, "user_ca.pub")}
	keygen(t, "-q", "-t", "ed25519", "-N", "", "-C", "test host", "-f", s.hostKeyFile())
	s.hostKey = readPublicKey(t, s.hostKeyFile()+".pub")
	writeFile(t, s.authorized, nil)
	writeFile(t, s.userCA, nil)
	return s
}

// hostKeyFile is the path of the server's private host key.
func (s *realSSHD) hostKeyFile() string { return filepath.Join(s.dir, "host_ed25519") }

// start runs sshd with the configuration below, extraConfig first.
func (s *realSSHD) start(t testing.TB, extraConfig ...string) {
	t.Helper()
	dir := s.dir
	port := freePort(t, "127.0.0.1")
	s.addr = net.JoinHostPort("127.0.0.1", port)
	// sshd keeps the first value of a keyword, so extraConfig comes first
	// to override the defaults below.
	config := strings.Join(append(extraConfig,
		"Port "+port,
		"ListenAddress 127.0.0.1",
		"HostKey "+s.hostKeyFile(),
		"PidFile "+filepath.Join(dir, "sshd.pid"),
		"AuthorizedKeysFile "+s.authorized,
		"TrustedUserCAKeys "+s.userCA,
		"StrictModes no",
		"PermitRootLogin prohibit-password",
		"UsePAM no",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"AllowTcpForwarding yes",
		"LogLevel DEBUG1",
	), "\n") + "\n"
	configFile := writeFile(t, filepath.Join(dir, "sshd_config"), []byte(config))

	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, sshdPath, "-D", "-e", "-f", configFile)
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start sshd: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cancel()
		if err := <-exited; err != nil {
			t.Logf("stopped: %v", err) // killed on purpose
		}
		if t.Failed() {
			t.Logf("sshd on %s logged:\n%s", s.addr, s.log)
		}
	})
	s.waitReady(t, exited)
}

// waitReady dials until sshd answers, fails if it exits, and gives up at
// the test deadline.
func (s *realSSHD) waitReady(t testing.TB, exited <-chan error) {
	t.Helper()
	ctx := testContext(t)
	var d net.Dialer
	for {
		conn, err := d.DialContext(ctx, "tcp", s.addr)
		if err == nil {
			_ = conn.Close()
			return
		}
		select {
		case err := <-exited:
			t.Fatalf("sshd exited before listening: %v\n%s", err, s.log)
		case <-ctx.Done():
			t.Fatalf("sshd never listened on %s: %v\n%s", s.addr, err, s.log)
		default:
		}
	}
}

func (s *realSSHD) authorize(t testing.TB, pubFile string) {
	t.Helper()
	pub, err := os.ReadFile(pubFile)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(s.authorized, os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if _, err := f.Write(pub); err != nil {
		t.Fatal(err)
	}
}

// knownHosts writes a known_hosts file that trusts this server.
func (s *realSSHD) knownHosts(t testing.TB) string {
	t.Helper()
	line := knownhosts.Line([]string{knownhosts.Normalize(s.addr)}, s.hostKey)
	return writeFile(t, filepath.Join(t.TempDir(), "known_hosts"), []byte(line+"\n"))
}

func (s *realSSHD) config(t testing.TB, auth ...AuthMethod) Config {
	t.Helper()
	return Config{User: s.user, Auth: auth, HostKey: KnownHosts(s.knownHosts(t)), Logger: testLogger(t),
		Retry: RetryPolicy{MaxAttempts: 1}}
}

func readPublicKey(t testing.TB, path string) ssh.PublicKey {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey(data)
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

// userKey makes a key pair with ssh-keygen and returns the private key path.
func userKey(t testing.TB, keyType, format, passphrase string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "id_"+keyType)
	args := []string{"-q", "-t", keyType, "-N", passphrase, "-C", "test user", "-f", path}
	if format != "" {
		args = append(args, "-m", format)
	}
	keygen(t, args...)
	return path
}

func runOK(t testing.TB, c *Client, cmd Cmd) string {
	t.Helper()
	res, err := c.Run(testContext(t), cmd)
	if err != nil {
		t.Fatalf("run %q: %v (stderr %q)", cmd.Line, err, res.Stderr)
	}
	return string(res.Stdout)
}

func startRealAgent(t testing.TB, keyFiles ...string) string {
	t.Helper()
	sock := filepath.Join(t.TempDir(), "agent.sock")
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "ssh-agent", "-D", "-a", sock)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start ssh-agent: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cancel()
		if err := <-exited; err != nil {
			t.Logf("stopped: %v", err) // killed on purpose
		}
	})
	waitCtx := testContext(t)
	for {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("ssh-agent exited: %v\n%s", err, out)
		case <-waitCtx.Done():
			t.Fatalf("ssh-agent never created %s\n%s", sock, out)
		default:
		}
	}
	for _, k := range keyFiles {
		add := exec.CommandContext(waitCtx, "ssh-add", k)
		add.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
		if b, err := add.CombinedOutput(); err != nil {
			t.Fatalf("ssh-add %s: %v\n%s", k, err, b)
		}
	}
	return sock
}
