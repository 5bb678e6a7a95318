package sshd

import (
	"errors"
	"fmt"
	"sync/atomic"

	"golang.org/x/crypto/ssh"
)

// errAuthRefused is returned while the refuse-auth knob is set.
var errAuthRefused = errors.New("authentication is refused on this node")

// authenticator decides who may log in: one user, with either an authorized
// key or a certificate from a trusted user CA.
type authenticator struct {
	user       string
	authorized map[string]bool // keyed by the wire encoding of the key
	certs      *ssh.CertChecker
	refuse     atomic.Bool
	failures   *atomic.Int64
}

func newAuthenticator(cfg Config, failures *atomic.Int64) *authenticator {
	a := &authenticator{
		user:       cfg.User,
		authorized: keySet(cfg.AuthorizedKeys),
		failures:   failures,
	}
	authorities := keySet(cfg.UserCAKeys)
	a.certs = &ssh.CertChecker{
		IsUserAuthority: func(ca ssh.PublicKey) bool { return authorities[string(ca.Marshal())] },
		UserKeyFallback: a.plainKey,
	}
	return a
}

func keySet(keys []ssh.PublicKey) map[string]bool {
	set := make(map[string]bool, len(keys))
	for _, k := range keys {
		set[string(k.Marshal())] = true
	}
	return set
}

// publicKey is the ssh.ServerConfig PublicKeyCallback. Every refusal counts
// as one authentication failure.
func (a *authenticator) publicKey(conn ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
	perms, err := a.check(conn, key)
	if err != nil {
		a.failures.Add(1)
		return nil, err
	}
	return perms, nil
}

func (a *authenticator) check(conn ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
	if a.refuse.Load() {
		return nil, errAuthRefused
	}
	if conn.User() != a.user {
		return nil, fmt.Errorf("user %q may not log in; only %q may", conn.User(), a.user)
	}
	// CertChecker verifies certificates (authority, principal, validity)
	// and hands plain keys to plainKey.
	return a.certs.Authenticate(conn, key)
}

func (a *authenticator) plainKey(conn ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
	if !a.authorized[string(key.Marshal())] {
		return nil, fmt.Errorf("%s key %s is not authorized for %s", key.Type(), ssh.FingerprintSHA256(key), conn.User())
	}
	return &ssh.Permissions{}, nil
}
