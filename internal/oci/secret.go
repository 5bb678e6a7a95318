package oci

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"log/slog"

	"github.com/oracle/oci-go-sdk/v65/secrets"
)

// PrivateKey holds an SSH private key in PEM form. Every way of printing,
// logging or serialising it shows a placeholder, so that the key cannot
// reach a log, an error message or Terraform state by accident.
type PrivateKey struct {
	pem []byte
}

const redacted = "[redacted]"

// NewPrivateKey wraps PEM bytes given directly (not from a Vault secret).
// It copies them, so the caller may wipe its own slice.
func NewPrivateKey(pemBytes []byte) (PrivateKey, error) {
	if err := checkPEM(pemBytes); err != nil {
		return PrivateKey{}, err
	}
	return PrivateKey{pem: bytes.Clone(pemBytes)}, nil
}

// PEM returns a copy of the key bytes, for the SSH signer only.
func (k PrivateKey) PEM() []byte { return bytes.Clone(k.pem) }

// IsZero reports whether no key is held.
func (k PrivateKey) IsZero() bool { return len(k.pem) == 0 }

func (PrivateKey) String() string               { return redacted }
func (PrivateKey) GoString() string             { return redacted }
func (PrivateKey) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }
func (PrivateKey) MarshalText() ([]byte, error) { return []byte(redacted), nil }
func (PrivateKey) LogValue() slog.Value         { return slog.StringValue(redacted) }

// Format covers the verbs String does not (%d, %x on the raw struct).
func (PrivateKey) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// SSHKeyFromSecret reads the current version of a Vault secret whose content
// is a PEM private key (stored, as Vault stores everything, in base64).
// Neither the key nor any part of it appears in the errors.
func (c *Client) SSHKeyFromSecret(ctx context.Context, secretID string) (PrivateKey, error) {
	if err := checkOCID("ssh_private_key_secret_id", secretID, prefixSecret); err != nil {
		return PrivateKey{}, err
	}
	cl, err := c.secretsClient()
	if err != nil {
		return PrivateKey{}, err
	}
	resp, err := cl.GetSecretBundle(ctx, secrets.GetSecretBundleRequest{SecretId: &secretID})
	if err != nil {
		if isNotFound(err) {
			return PrivateKey{}, fmt.Errorf("read Vault secret %s: OCI answered 404, so the secret does not exist in this region or the caller lacks SECRET_BUNDLE_READ on it; grant it with a policy such as `Allow dynamic-group <name> to {SECRET_BUNDLE_READ} in compartment <name>` (`group` for a user): %w", secretID, err)
		}
		return PrivateKey{}, serviceError(err, fmt.Sprintf("read Vault secret %s", secretID), policySecret)
	}
	encoded, err := base64Content(resp.SecretBundleContent)
	if err != nil {
		return PrivateKey{}, fmt.Errorf("read Vault secret %s: %w", secretID, err)
	}
	key, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		// Not wrapped: a decoder error is about the secret's content.
		return PrivateKey{}, fmt.Errorf("read Vault secret %s: its content is not valid base64; store the PEM key as the secret's plain-text value", secretID)
	}
	if err := checkPEM(key); err != nil {
		return PrivateKey{}, fmt.Errorf("read Vault secret %s: %w; store the SSH private key of the node user (opc) in PEM form", secretID, err)
	}
	return PrivateKey{pem: key}, nil
}

func base64Content(content secrets.SecretBundleContentDetails) (string, error) {
	switch b := content.(type) {
	case secrets.Base64SecretBundleContentDetails:
		return deref(b.Content), nil
	case *secrets.Base64SecretBundleContentDetails:
		return deref(b.Content), nil
	case nil:
		return "", errors.New("the secret bundle has no content")
	default:
		return "", fmt.Errorf("the secret content is of type %T, not BASE64", content)
	}
}

// checkPEM rejects content that is not a PEM private key, without quoting
// any of it.
func checkPEM(data []byte) error {
	block, _ := pem.Decode(data)
	if block == nil {
		return errors.New("the content is not a PEM-encoded private key (expected a -----BEGIN ... PRIVATE KEY----- block)")
	}
	if !bytes.Contains([]byte(block.Type), []byte("PRIVATE KEY")) {
		return fmt.Errorf("the content is a PEM %q block, not a private key", block.Type)
	}
	return nil
}
