package remote

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"

	"github.com/youmark/pkcs8"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// AuthMethod is one source of keys to log in with: a private key, a
// certificate and its key, an ssh-agent, or signers built elsewhere. Its
// String names it by public fingerprint only; key material never appears
// in errors or logs.
type AuthMethod struct {
	desc string
	// static holds in-memory signers; agentSocket is read at dial time.
	static      []ssh.Signer
	agentSocket string
	useAgent    bool
}

func (m AuthMethod) String() string { return m.desc }

// ErrPassphraseMissing means the private key is encrypted and no
// passphrase was given.
var ErrPassphraseMissing = errors.New("the private key is passphrase-protected: give its passphrase")

// ErrPassphraseIncorrect means the passphrase does not decrypt the key.
var ErrPassphraseIncorrect = errors.New("the passphrase does not decrypt the private key")

// PrivateKey parses a PEM private key: RSA, ECDSA or Ed25519, in OpenSSH,
// PKCS#8 (plain or encrypted), PKCS#1 or SEC 1 format. passphrase may be
// empty for an unencrypted key.
func PrivateKey(pemText, passphrase []byte) (AuthMethod, error) {
	signer, err := parseSigner(pemText, passphrase)
	if err != nil {
		return AuthMethod{}, fmt.Errorf("read private key: %w", err)
	}
	return AuthMethod{desc: "private key " + describeKey(signer.PublicKey()), static: []ssh.Signer{signer}}, nil
}

// PrivateKeyFile is PrivateKey reading the key from path.
func PrivateKeyFile(path string, passphrase []byte) (AuthMethod, error) {
	pemText, err := os.ReadFile(path)
	if err != nil {
		return AuthMethod{}, fmt.Errorf("read private key file: %w", err)
	}
	signer, err := parseSigner(pemText, passphrase)
	if err != nil {
		return AuthMethod{}, fmt.Errorf("read private key file %s: %w", path, err)
	}
	return AuthMethod{desc: "private key " + path + " " + describeKey(signer.PublicKey()), static: []ssh.Signer{signer}}, nil
}

// Certificate combines an OpenSSH user certificate (the one-line
// "…-cert-v01@openssh.com AAAA…" text of id_*-cert.pub) with the private
// key it certifies, given as a PrivateKey or Signers method.
func Certificate(certText []byte, key AuthMethod) (AuthMethod, error) {
	if len(key.static) != 1 {
		return AuthMethod{}, errors.New("a certificate needs exactly one private key to go with it")
	}
	pub, _, _, _, err := ssh.ParseAuthorizedKey(certText)
	if err != nil {
		return AuthMethod{}, fmt.Errorf("read certificate: %w", err)
	}
	cert, ok := pub.(*ssh.Certificate)
	if !ok {
		return AuthMethod{}, fmt.Errorf("read certificate: found a plain %s public key, not a certificate (id_*-cert.pub)", pub.Type())
	}
	if cert.CertType != ssh.UserCert {
		return AuthMethod{}, errors.New("read certificate: it is a host certificate, not a user certificate")
	}
	signer, err := ssh.NewCertSigner(cert, key.static[0])
	if err != nil {
		return AuthMethod{}, fmt.Errorf("certificate for %s does not match %s: %w",
			describeKey(cert.Key), describeKey(key.static[0].PublicKey()), err)
	}
	desc := fmt.Sprintf("certificate %q (principals %s) for %s", cert.KeyId,
		strings.Join(cert.ValidPrincipals, ","), describeKey(cert.Key))
	return AuthMethod{desc: desc, static: []ssh.Signer{signer}}, nil
}

// CertificateFile is Certificate reading the certificate from path.
func CertificateFile(path string, key AuthMethod) (AuthMethod, error) {
	certText, err := os.ReadFile(path)
	if err != nil {
		return AuthMethod{}, fmt.Errorf("read certificate file: %w", err)
	}
	m, err := Certificate(certText, key)
	if err != nil {
		return AuthMethod{}, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Agent uses the keys (and certificates) held by the ssh-agent listening
// on socket; an empty socket means $SSH_AUTH_SOCK, read at each dial.
func Agent(socket string) AuthMethod {
	desc := "ssh-agent at " + socket
	if socket == "" {
		desc = "ssh-agent (SSH_AUTH_SOCK)"
	}
	return AuthMethod{desc: desc, agentSocket: socket, useAgent: true}
}

// Signers uses signers built by the caller, e.g. from an HSM.
func Signers(signers ...ssh.Signer) AuthMethod {
	descs := make([]string, len(signers))
	for i, s := range signers {
		descs[i] = describeKey(s.PublicKey())
	}
	return AuthMethod{desc: "keys " + strings.Join(descs, ", "), static: signers}
}

// describeKey names a public key by type and SHA256 fingerprint, the form
// ssh-keygen -l prints.
func describeKey(pub ssh.PublicKey) string {
	if cert, ok := pub.(*ssh.Certificate); ok {
		pub = cert.Key
	}
	return ssh.FingerprintSHA256(pub) + " (" + pub.Type() + ")"
}

func parseSigner(pemText, passphrase []byte) (ssh.Signer, error) {
	block, _ := pem.Decode(pemText)
	if block == nil {
		return nil, errors.New("no PEM block found: expect text starting with -----BEGIN … PRIVATE KEY-----")
	}
	// x/crypto/ssh does not decrypt PKCS#8 (what ssh-keygen -m PKCS8 and
	// openssl write for a passphrase-protected key).
	if block.Type == "ENCRYPTED PRIVATE KEY" {
		if len(passphrase) == 0 {
			return nil, ErrPassphraseMissing
		}
		key, err := pkcs8.ParsePKCS8PrivateKey(block.Bytes, passphrase)
		if err != nil {
			return nil, ErrPassphraseIncorrect
		}
		return ssh.NewSignerFromKey(key)
	}
	signer, err := ssh.ParsePrivateKey(pemText)
	var missing *ssh.PassphraseMissingError
	switch {
	case err == nil:
		return signer, nil
	case errors.As(err, &missing) && len(passphrase) == 0:
		return nil, ErrPassphraseMissing
	case errors.As(err, &missing):
		signer, err = ssh.ParsePrivateKeyWithPassphrase(pemText, passphrase)
		if errors.Is(err, x509.IncorrectPasswordError) {
			return nil, ErrPassphraseIncorrect
		}
		return signer, err
	default:
		return nil, err
	}
}

// authSession is the ssh.AuthMethod list for one handshake and what to
// release after it.
type authSession struct {
	methods []ssh.AuthMethod
	closers []io.Closer
}

func (a *authSession) Close() {
	for _, c := range a.closers {
		_ = c.Close()
	}
}

// openAuth gathers the signers of every method into one publickey method:
// x/crypto/ssh tries each method name once, so a second publickey method
// would never be offered.
func openAuth(ctx context.Context, methods []AuthMethod) (*authSession, error) {
	sess := &authSession{}
	var signers []ssh.Signer
	for _, m := range methods {
		if !m.useAgent {
			signers = append(signers, m.static...)
			continue
		}
		conn, err := dialAgent(ctx, m.agentSocket)
		if err != nil {
			sess.Close()
			return nil, err
		}
		sess.closers = append(sess.closers, conn)
		agentSigners, err := agent.NewClient(conn).Signers()
		if err != nil {
			sess.Close()
			return nil, fmt.Errorf("list keys in %s: %w", m.desc, err)
		}
		signers = append(signers, agentSigners...)
	}
	if len(signers) == 0 {
		sess.Close()
		return nil, errors.New("no key to log in with: give a private key or certificate, or load keys into ssh-agent (ssh-add)")
	}
	sess.methods = []ssh.AuthMethod{ssh.PublicKeys(dedupe(signers)...)}
	return sess, nil
}

// dedupe drops repeated keys (a key given directly and also loaded in the
// agent), since every refused key counts against the server's MaxAuthTries.
func dedupe(signers []ssh.Signer) []ssh.Signer {
	var out []ssh.Signer
	seen := make(map[string]bool)
	for _, s := range signers {
		blob := string(s.PublicKey().Marshal())
		if !seen[blob] {
			seen[blob] = true
			out = append(out, s)
		}
	}
	return out
}

func dialAgent(ctx context.Context, socket string) (net.Conn, error) {
	if socket == "" {
		socket = os.Getenv("SSH_AUTH_SOCK")
		if socket == "" {
			return nil, errors.New("ssh-agent requested but SSH_AUTH_SOCK is not set: start ssh-agent and ssh-add a key, or give a private key")
		}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", socket)
	if err != nil {
		return nil, fmt.Errorf("reach ssh-agent at %s (is it running?): %w", socket, err)
	}
	return conn, nil
}
