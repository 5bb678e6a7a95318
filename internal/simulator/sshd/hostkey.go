package sshd

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/crypto/ssh"
)

// KeyType names a host key algorithm family.
type KeyType string

const (
	// KeyTypeEd25519 is the default: small, fast, and what current OpenSSH
	// clients prefer.
	KeyTypeEd25519 KeyType = "ed25519"
	// KeyTypeRSA is a 3072-bit RSA key, ssh-keygen's default size.
	KeyTypeRSA KeyType = "rsa"
	// KeyTypeECDSA is an ECDSA key on NIST P-256.
	KeyTypeECDSA KeyType = "ecdsa"
)

const rsaHostKeyBits = 3072

// GenerateHostKey returns a new host key of the given type; an empty type
// means Ed25519.
func GenerateHostKey(keyType KeyType) (ssh.Signer, error) {
	priv, err := generatePrivateKey(keyType)
	if err != nil {
		return nil, err
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		return nil, fmt.Errorf("wrap the new %s host key: %w", keyType, err)
	}
	return signer, nil
}

// LoadOrCreateHostKey reads the host key kept at path, or creates one of the
// given type (empty means Ed25519) and writes it there in OpenSSH format with
// mode 0600. The type only matters on creation: an existing key is always
// reused, because a node's identity must survive restarts of the fleet or
// every client's known_hosts entry would break.
func LoadOrCreateHostKey(path string, keyType KeyType) (ssh.Signer, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = createHostKeyFile(path, keyType)
	}
	if err != nil {
		return nil, err
	}
	signer, err := ssh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("parse the host key in %s (delete the file to create a new key): %w", path, err)
	}
	return signer, nil
}

// createHostKeyFile writes a new key under a temporary name and links it
// into place, so a concurrent creator never sees a half-written file and the
// first writer wins; it returns the contents of the file that won.
func createHostKeyFile(path string, keyType KeyType) ([]byte, error) {
	priv, err := generatePrivateKey(keyType)
	if err != nil {
		return nil, err
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		return nil, fmt.Errorf("encode the new host key for %s: %w", path, err)
	}
	data := pem.EncodeToMemory(block)

	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the host key directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".hostkey-*")
	if err != nil {
		return nil, fmt.Errorf("create the host key file: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return nil, fmt.Errorf("write the host key to %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("write the host key to %s: %w", tmp.Name(), err)
	}
	err = os.Link(tmp.Name(), path)
	if errors.Is(err, fs.ErrExist) {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("store the host key at %s: %w", path, err)
	}
	return data, nil
}

func generatePrivateKey(keyType KeyType) (crypto.PrivateKey, error) {
	if keyType == "" {
		keyType = KeyTypeEd25519
	}
	var (
		priv crypto.PrivateKey
		err  error
	)
	switch keyType {
	case KeyTypeEd25519:
		_, priv, err = ed25519.GenerateKey(rand.Reader)
	case KeyTypeRSA:
		priv, err = rsa.GenerateKey(rand.Reader, rsaHostKeyBits)
	case KeyTypeECDSA:
		priv, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	default:
		return nil, fmt.Errorf("unknown host key type %q: use %q, %q or %q", keyType, KeyTypeEd25519, KeyTypeRSA, KeyTypeECDSA)
	}
	if err != nil {
		return nil, fmt.Errorf("generate a %s host key: %w", keyType, err)
	}
	return priv, nil
}
