package simulator

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/ociapi"
)

// apiKey is the fleet's OCI API signing key, as a user would upload it.
type apiKey struct {
	private     *rsa.PrivateKey
	fingerprint string
}

// loadOrCreateAPIKey keeps the key in the state directory so that a restarted
// simulator accepts the config file it wrote before.
func loadOrCreateAPIKey(path string) (apiKey, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, genErr := rsa.GenerateKey(rand.Reader, 2048)
		if genErr != nil {
			return apiKey{}, fmt.Errorf("generate the API signing key: %w", genErr)
		}
		block := &pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}
		if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
			return apiKey{}, fmt.Errorf("write the API signing key: %w", err)
		}
		return newAPIKey(key)
	}
	if err != nil {
		return apiKey{}, fmt.Errorf("read the API signing key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return apiKey{}, fmt.Errorf("%s holds no PEM block; delete it to let the simulator create a new key", path)
	}
	key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
	if err != nil {
		return apiKey{}, fmt.Errorf("parse the API signing key in %s (delete it to let the simulator create a new key): %w", path, err)
	}
	return newAPIKey(key)
}

func newAPIKey(key *rsa.PrivateKey) (apiKey, error) {
	fp, err := ociapi.Fingerprint(&key.PublicKey)
	if err != nil {
		return apiKey{}, fmt.Errorf("fingerprint the API key: %w", err)
	}
	return apiKey{private: key, fingerprint: fp}, nil
}

func (k apiKey) publicPEM() []byte {
	der, _ := x509.MarshalPKIXPublicKey(&k.private.PublicKey)
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}
