package ociapi

import (
	"bytes"
	"crypto/rsa"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/database"
)

func TestSDKSignatureRejected(t *testing.T) {
	t.Parallel()
	clock := clockwork.NewFakeClockAt(time.Now())
	f := newFixture(t, func(c *Config) { c.Clock = clock })
	good, strange := testKeys(t)
	goodFP, err := Fingerprint(&good.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	userID := strings.Split(must(f.provider.KeyID()), "/")[1]
	tests := []struct {
		name     string
		provider common.ConfigurationProvider
	}{
		// The registered keyId, signed with another key.
		{"different key", common.NewRawConfigurationProvider(f.tenancy, userID, testRegion, goodFP, keyPEM(strange), nil)},
		// A key nobody registered.
		{"unknown key", common.NewRawConfigurationProvider(f.tenancy, NewOCID("user", ""), testRegion, goodFP, keyPEM(good), nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			db := f.database(t, tt.provider)
			_, err := db.ListDbSystems(t.Context(), database.ListDbSystemsRequest{CompartmentId: &f.prodDB, RequestMetadata: noRetry()})
			wantServiceError(t, err, http.StatusUnauthorized, "NotAuthenticated")
		})
	}

	// Signed too long ago: the server's clock has moved on.
	t.Run("stale date", func(t *testing.T) {
		stale := clockwork.NewFakeClockAt(time.Now().Add(6 * time.Minute))
		g := newFixture(t, func(c *Config) { c.Clock = stale })
		db := g.database(t, g.provider)
		_, err := db.ListDbSystems(t.Context(), database.ListDbSystemsRequest{CompartmentId: &g.prodDB, RequestMetadata: noRetry()})
		wantServiceError(t, err, http.StatusUnauthorized, "NotAuthenticated")
	})
}

func TestRawRequestsRejected(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	node := "/20160918/dbNodes/" + f.asmNodes[0].ID
	tests := []struct {
		name   string
		build  func(t *testing.T) *http.Request
		status int
	}{
		{"unsigned", func(t *testing.T) *http.Request {
			return newRequest(t, http.MethodGet, f.ts.URL+node, nil)
		}, http.StatusUnauthorized},
		{"signed", func(t *testing.T) *http.Request {
			return f.sign(t, newRequest(t, http.MethodGet, f.ts.URL+node, nil))
		}, http.StatusOK},
		{"query changed after signing", func(t *testing.T) *http.Request {
			r := f.sign(t, newRequest(t, http.MethodGet, f.ts.URL+"/20160918/dbNodes?compartmentId="+f.prodDB, nil))
			r.URL.RawQuery = "compartmentId=" + f.dev
			return r
		}, http.StatusUnauthorized},
		{"body changed after signing", func(t *testing.T) *http.Request {
			path := f.ts.URL + "/20160918/dbSystems/" + f.asm.ID + "/actions/osPatch"
			r := f.sign(t, newRequest(t, http.MethodPost, path, []byte(`{"action":"PRECHECK"}`)))
			// Same length, so only the hash can tell.
			r.Body = io.NopCloser(strings.NewReader(`{"action":"APPLY___"}`))
			return r
		}, http.StatusUnauthorized},
		{"signed body", func(t *testing.T) *http.Request {
			path := f.ts.URL + "/20160918/dbSystems/" + f.asm.ID + "/actions/osPatch"
			return f.sign(t, newRequest(t, http.MethodPost, path, []byte(`{"action":"PRECHECK"}`)))
		}, http.StatusAccepted},
		{"body headers not signed", func(t *testing.T) *http.Request {
			path := f.ts.URL + node + "?action=START"
			r := newRequest(t, http.MethodPost, path, []byte{})
			signer := common.RequestSignerExcludeBody(f.provider)
			if err := signer.Sign(r); err != nil {
				t.Fatal(err)
			}
			return r
		}, http.StatusUnauthorized},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, err := f.ts.Client().Do(tt.build(t))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d (%v)", resp.StatusCode, tt.status, ociError(t, resp))
			}
			if tt.status == http.StatusUnauthorized {
				if e := ociError(t, resp); e.Code != "NotAuthenticated" {
					t.Errorf("code = %s, want NotAuthenticated", e.Code)
				}
			}
		})
	}
}

func TestFingerprintMatchesOCIFormat(t *testing.T) {
	t.Parallel()
	key, _ := testKeys(t)
	fp, err := Fingerprint(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if len(fp) != 47 || strings.Count(fp, ":") != 15 {
		t.Errorf("fingerprint %q is not 16 colon-separated hex bytes", fp)
	}
	if _, err := Fingerprint(&rsa.PublicKey{}); err == nil {
		t.Error("an empty key has a fingerprint")
	}
}

func newRequest(t *testing.T, method, url string, body []byte) *http.Request {
	t.Helper()
	r, err := http.NewRequestWithContext(t.Context(), method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body == nil {
		r.Body, r.ContentLength = nil, 0
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	return r
}

func (f *fixture) sign(t *testing.T, r *http.Request) *http.Request {
	t.Helper()
	if err := common.DefaultRequestSigner(f.provider).Sign(r); err != nil {
		t.Fatal(err)
	}
	return r
}
