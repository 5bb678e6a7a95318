package remote

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

type hostKeyMode int

const (
	modeKnownHosts hostKeyMode = iota // the zero value: verified by default
	modePinned
	modeTrustOnFirstUse
	modeInsecureIgnore
)

// HostKeyPolicy says how a host proves its identity. The zero value checks
// ~/.ssh/known_hosts, as OpenSSH does.
type HostKeyPolicy struct {
	mode  hostKeyMode
	files []string
	pins  []string
}

// KnownHosts verifies host keys against OpenSSH known_hosts files, with
// hashed host names, @cert-authority and @revoked lines. No files means
// ~/.ssh/known_hosts.
func KnownHosts(files ...string) HostKeyPolicy {
	return HostKeyPolicy{mode: modeKnownHosts, files: files}
}

// Pinned accepts only host keys with one of these SHA256 fingerprints, as
// ssh-keygen -l prints them ("SHA256:" then unpadded base64). For a host
// with a certificate, pin the fingerprint of the certified key.
func Pinned(fingerprints ...string) HostKeyPolicy {
	return HostKeyPolicy{mode: modePinned, pins: fingerprints}
}

// TrustOnFirstUse accepts whatever key the host presents on the first
// handshake and pins it for every later handshake of the same Client, so
// a reconnect after a reboot still refuses a changed key. Read the key with
// Client.HostKeyFingerprint and pass it to Pinned next time.
func TrustOnFirstUse() HostKeyPolicy {
	return HostKeyPolicy{mode: modeTrustOnFirstUse}
}

// InsecureIgnoreHostKey accepts any host key. Every handshake logs a
// warning, because anyone on the network path can then impersonate the host
// and read everything sent to it.
func InsecureIgnoreHostKey() HostKeyPolicy {
	return HostKeyPolicy{mode: modeInsecureIgnore}
}

func (p HostKeyPolicy) String() string {
	switch p.mode {
	case modePinned:
		return "pinned fingerprints " + strings.Join(p.pins, ", ")
	case modeTrustOnFirstUse:
		return "trust on first use"
	case modeInsecureIgnore:
		return "no host key verification"
	default:
		return "known_hosts " + strings.Join(p.knownHostsFiles(), ", ")
	}
}

func (p HostKeyPolicy) knownHostsFiles() []string {
	if len(p.files) > 0 {
		return p.files
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return []string{"~/.ssh/known_hosts"}
	}
	return []string{filepath.Join(home, ".ssh", "known_hosts")}
}

func (p HostKeyPolicy) validate() error {
	if p.mode != modePinned {
		return nil
	}
	if len(p.pins) == 0 {
		return errors.New("pinned host key policy without a fingerprint")
	}
	for _, fp := range p.pins {
		if err := checkFingerprint(fp); err != nil {
			return err
		}
	}
	return nil
}

func checkFingerprint(fp string) error {
	b64, ok := strings.CutPrefix(fp, "SHA256:")
	if !ok {
		return fmt.Errorf("host key fingerprint %q must start with SHA256: (MD5 fingerprints are not accepted); get it with ssh-keygen -lf", fp)
	}
	sum, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(b64, "="))
	if err != nil || len(sum) != 32 {
		return fmt.Errorf("host key fingerprint %q is not SHA256: followed by 43 base64 characters", fp)
	}
	return nil
}

// Fingerprint returns the SHA256 fingerprint of a host key, of the
// certified key for a certificate: the form Pinned accepts.
func Fingerprint(key ssh.PublicKey) string {
	if cert, ok := key.(*ssh.Certificate); ok {
		key = cert.Key
	}
	return ssh.FingerprintSHA256(key)
}

// HostKeyError is a host key that could not be verified.
type HostKeyError struct {
	Host string
	// Expected lists the fingerprints that would have been accepted; empty
	// when the host is unknown.
	Expected []string
	// Actual is the fingerprint the host presented and its key type.
	Actual, KeyType string
	// Revoked is set when a known_hosts @revoked line names the key.
	Revoked bool
	// Source says where the expected keys come from.
	Source string
	// Reason carries a certificate's validation failure, if any.
	Reason error
}

func (e *HostKeyError) Error() string {
	switch {
	case e.Revoked:
		return fmt.Sprintf("host key %s (%s) of %s is marked @revoked in %s", e.Actual, e.KeyType, e.Host, e.Source)
	case len(e.Expected) == 0 && e.Reason != nil:
		return fmt.Sprintf("host certificate of %s (key %s, %s) was not accepted: %v", e.Host, e.Actual, e.KeyType, e.Reason)
	case len(e.Expected) == 0:
		return fmt.Sprintf("host %s is not in %s: it presented %s (%s)", e.Host, e.Source, e.Actual, e.KeyType)
	default:
		return fmt.Sprintf("host key for %s changed: expected %s, got %s (%s)",
			e.Host, strings.Join(e.Expected, " or "), e.Actual, e.KeyType)
	}
}

func (e *HostKeyError) Unwrap() error { return e.Reason }

func (e *HostKeyError) hint() string {
	switch {
	case e.Revoked:
		return "this key must not be trusted; ask who rebuilt the host"
	case len(e.Expected) == 0:
		return "verify the fingerprint out of band (OCI console connection or cloud-init log), then add the host to known_hosts (ssh-keyscan) or pin it"
	default:
		return "if the node was rebuilt, update known_hosts or the pinned fingerprint; otherwise someone may be impersonating it"
	}
}

// verifier checks the host key of one handshake and remembers what it saw.
type verifier struct {
	host   string
	policy HostKeyPolicy
	known  ssh.HostKeyCallback
	warn   func(msg string, args ...any)
	seen   ssh.PublicKey
	failed *HostKeyError
}

func newVerifier(host string, policy HostKeyPolicy, warn func(string, ...any)) (*verifier, error) {
	v := &verifier{host: host, policy: policy, warn: warn}
	if policy.mode == modeKnownHosts {
		// Read at every handshake so that edits made while a long run goes
		// on (a rebuilt node re-added) take effect on the next reconnect.
		known, err := knownhosts.New(policy.knownHostsFiles()...)
		if err != nil {
			return nil, fmt.Errorf("read known_hosts (create it with ssh-keyscan, or pin the host key instead): %w", err)
		}
		v.known = known
	}
	return v, nil
}

func (v *verifier) check(hostname string, remote net.Addr, key ssh.PublicKey) error {
	v.seen = key
	actual := Fingerprint(key)
	keyType := key.Type()
	switch v.policy.mode {
	case modeInsecureIgnore:
		v.warn("HOST KEY NOT VERIFIED: accepting any key, so anyone on the network path can impersonate this host",
			"host", v.host, "fingerprint", actual)
		return nil
	case modeTrustOnFirstUse:
		v.warn("trusting the host key on first use; pin this fingerprint to verify it from now on",
			"host", v.host, "fingerprint", actual)
		return nil
	case modePinned:
		if slices.ContainsFunc(v.policy.pins, func(p string) bool { return strings.TrimRight(p, "=") == actual }) {
			return nil
		}
		v.failed = &HostKeyError{Host: v.host, Expected: v.policy.pins, Actual: actual, KeyType: keyType, Source: "the pinned fingerprints"}
		return v.failed
	}
	err := v.checkKnownHosts(hostname, remote, key)
	if err == nil {
		return nil
	}
	v.failed = &HostKeyError{Host: v.host, Actual: actual, KeyType: keyType,
		Source: strings.Join(v.policy.knownHostsFiles(), ", ")}
	var keyErr *knownhosts.KeyError
	var revoked *knownhosts.RevokedError
	switch {
	case errors.As(err, &keyErr):
		for _, k := range keyErr.Want {
			v.failed.Expected = append(v.failed.Expected, fmt.Sprintf("%s (%s:%d)", ssh.FingerprintSHA256(k.Key), k.Filename, k.Line))
		}
	case errors.As(err, &revoked):
		v.failed.Revoked = true
	default:
		v.failed.Reason = err
	}
	return v.failed
}

// checkKnownHosts lets a host certificate through when its plain key is in
// known_hosts even though no @cert-authority vouches for it: the plain key
// is trusted, so the certificate around it adds nothing to doubt.
func (v *verifier) checkKnownHosts(hostname string, remote net.Addr, key ssh.PublicKey) error {
	err := v.known(hostname, remote, key)
	cert, isCert := key.(*ssh.Certificate)
	if err == nil || !isCert {
		return err
	}
	if v.known(hostname, remote, cert.Key) == nil {
		return nil
	}
	return err
}

// algorithms restricts the host key algorithms to the types known_hosts
// holds for this host, as OpenSSH does: otherwise a host known by its RSA
// key that also has an Ed25519 key would look like a changed key.
func (v *verifier) algorithms(hostname string) []string {
	if v.policy.mode != modeKnownHosts {
		return nil
	}
	var keyErr *knownhosts.KeyError
	probe := probeKey{}
	if !errors.As(v.known(hostname, &net.TCPAddr{IP: net.IPv4zero}, probe), &keyErr) || len(keyErr.Want) == 0 {
		return nil
	}
	var algos []string
	for _, k := range keyErr.Want {
		for _, a := range algorithmsFor(k.Key.Type()) {
			if !slices.Contains(algos, a) {
				algos = append(algos, a)
			}
		}
	}
	return algos
}

func algorithmsFor(keyType string) []string {
	switch keyType {
	case ssh.KeyAlgoRSA:
		return []string{ssh.CertAlgoRSASHA512v01, ssh.CertAlgoRSASHA256v01, ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256}
	case ssh.KeyAlgoED25519:
		return []string{ssh.CertAlgoED25519v01, ssh.KeyAlgoED25519}
	case ssh.KeyAlgoECDSA256:
		return []string{ssh.CertAlgoECDSA256v01, ssh.KeyAlgoECDSA256}
	case ssh.KeyAlgoECDSA384:
		return []string{ssh.CertAlgoECDSA384v01, ssh.KeyAlgoECDSA384}
	case ssh.KeyAlgoECDSA521:
		return []string{ssh.CertAlgoECDSA521v01, ssh.KeyAlgoECDSA521}
	default:
		return []string{keyType}
	}
}

// probeKey is a key no host has; checking it lists the known keys.
type probeKey struct{}

func (probeKey) Type() string                        { return "probe-key@fleetpatch" }
func (probeKey) Marshal() []byte                     { return []byte("probe-key@fleetpatch") }
func (probeKey) Verify([]byte, *ssh.Signature) error { return errors.New("probe key") }
