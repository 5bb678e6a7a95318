package oci

import (
	"crypto/md5" //nolint:gosec // OCI API key fingerprints are MD5 by definition.
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oracle/oci-go-sdk/v65/common"
)

// testTenancy and testUser are the identity the test config files sign as.
const (
	testTenancy = "ocid1.tenancy.oc1..testtenancy"
	testUser    = "ocid1.user.oc1..testuser"
	testRegion  = "us-ashburn-1"
)

// apiKey is an API signing key as a user would upload it.
type apiKey struct {
	private     *rsa.PrivateKey
	fingerprint string
}

// keyID is what the SDK sends in the signature's keyId.
func (k apiKey) keyID() string {
	return fmt.Sprintf("%s/%s/%s", testTenancy, testUser, k.fingerprint)
}

func newAPIKey(t *testing.T) apiKey {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatalf("generate API key: %v", err)
	}
	der, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatalf("marshal public key: %v", err)
	}
	sum := md5.Sum(der) //nolint:gosec // see import.
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02x", b)
	}
	return apiKey{private: key, fingerprint: strings.Join(parts, ":")}
}

// writeOCIConfig writes key and a config file with one profile into a fresh
// directory and returns the config file's path. An empty region leaves the
// region line out.
func writeOCIConfig(t *testing.T, key apiKey, profile, region string) string {
	t.Helper()
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key.pem")
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key.private)})
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "[%s]\nuser=%s\nfingerprint=%s\ntenancy=%s\nkey_file=%s\n", profile, testUser, key.fingerprint, testTenancy, keyFile)
	if region != "" {
		fmt.Fprintf(&b, "region=%s\n", region)
	}
	path := filepath.Join(dir, "config")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// testPrivateKeyPEM is a PEM private key for secret tests; its content does
// not matter, only that the package can recognise it and never prints it.
func testPrivateKeyPEM(t *testing.T) []byte {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 1024) //nolint:gosec // a throwaway test key.
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
}

func newAttempt(n uint) common.OCIOperationResponse {
	return common.NewOCIOperationResponse(nil, nil, n)
}

func mustContain(t *testing.T, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", wants)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err, w)
		}
	}
}
