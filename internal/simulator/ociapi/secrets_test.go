package ociapi

import (
	"encoding/base64"
	"net/http"
	"testing"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/secrets"
)

func TestGetSecretBundle(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if _, err := f.store.PutSecret(f.secretID, []byte("rotated key")); err != nil {
		t.Fatal(err)
	}
	forbidden := NewOCID("vaultsecret", testRegion)
	if _, err := f.store.PutSecret(forbidden, []byte("x")); err != nil {
		t.Fatal(err)
	}
	f.srv.ForbidSecret(forbidden, true)
	sc := f.secrets(t)
	tests := []struct {
		name        string
		req         secrets.GetSecretBundleRequest
		wantContent string
		wantVersion int64
		wantStatus  int
	}{
		{"current", secrets.GetSecretBundleRequest{SecretId: &f.secretID}, "rotated key", 2, 0},
		{"by version", secrets.GetSecretBundleRequest{SecretId: &f.secretID, VersionNumber: common.Int64(1)}, "-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n", 1, 0},
		{"previous stage", secrets.GetSecretBundleRequest{SecretId: &f.secretID, Stage: secrets.GetSecretBundleStagePrevious}, "-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n", 1, 0},
		{"no such version", secrets.GetSecretBundleRequest{SecretId: &f.secretID, VersionNumber: common.Int64(3)}, "", 0, http.StatusNotFound},
		{"unknown secret", secrets.GetSecretBundleRequest{SecretId: common.String("ocid1.vaultsecret.oc1.iad.nope")}, "", 0, http.StatusNotFound},
		{"forbidden by policy", secrets.GetSecretBundleRequest{SecretId: &forbidden}, "", 0, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.req.RequestMetadata = noRetry()
			resp, err := sc.GetSecretBundle(t.Context(), tt.req)
			if tt.wantStatus != 0 {
				wantServiceError(t, err, tt.wantStatus, "NotAuthorizedOrNotFound")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			content, ok := resp.SecretBundleContent.(secrets.Base64SecretBundleContentDetails)
			if !ok {
				t.Fatalf("content is %T, want BASE64 content", resp.SecretBundleContent)
			}
			raw, err := base64.StdEncoding.DecodeString(deref(content.Content))
			if err != nil {
				t.Fatal(err)
			}
			if string(raw) != tt.wantContent || deref(resp.VersionNumber) != tt.wantVersion {
				t.Errorf("secret = v%d %q, want v%d %q", deref(resp.VersionNumber), raw, tt.wantVersion, tt.wantContent)
			}
		})
	}
}
