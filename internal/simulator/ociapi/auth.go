package ociapi

import (
	"bytes"
	"crypto"
	"crypto/md5" //nolint:gosec // OCI API key fingerprints are MD5 by definition.
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// maxSignedBody bounds the request bodies read to check their hash; the
// API's requests are small JSON documents.
const maxSignedBody = 1 << 20

// KeyID is the keyId an SDK client signs with: the tenancy, the user and
// the key's fingerprint.
func KeyID(tenancyID, userID, fingerprint string) string {
	return tenancyID + "/" + userID + "/" + fingerprint
}

// Fingerprint is the fingerprint OCI shows for an API public key: the MD5
// of its DER encoding, as colon-separated hex.
func Fingerprint(pub *rsa.PublicKey) (string, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("encode the API public key: %w", err)
	}
	sum := md5.Sum(der) //nolint:gosec // see import.
	var sb strings.Builder
	for i, b := range sum {
		if i > 0 {
			sb.WriteByte(':')
		}
		sb.WriteString(hex.EncodeToString([]byte{b}))
	}
	return sb.String(), nil
}

// authenticate checks r's HTTP signature the way OCI does
// (draft-cavage-http-signatures as the SDK applies it): a registered key,
// the mandatory headers signed, a fresh date, and for requests with a body
// a matching SHA-256 of the body. It leaves r.Body readable again.
func (s *Server) authenticate(r *http.Request) error {
	params, err := parseSignature(r.Header.Get("Authorization"))
	if err != nil {
		return err
	}
	if v := params["version"]; v != "" && v != "1" {
		return fmt.Errorf("signature version %q is not supported", v)
	}
	if params["algorithm"] != "rsa-sha256" {
		return fmt.Errorf("signature algorithm %q is not rsa-sha256", params["algorithm"])
	}
	pub, ok := s.store.apiKey(params["keyid"])
	if !ok {
		return fmt.Errorf("no API key is registered with keyId %q", params["keyid"])
	}
	signed := strings.Fields(strings.ToLower(params["headers"]))
	if err := checkSignedHeaders(r.Method, signed); err != nil {
		return err
	}
	if err := s.checkDate(r); err != nil {
		return err
	}
	sig, err := base64.StdEncoding.DecodeString(params["signature"])
	if err != nil {
		return fmt.Errorf("signature is not base64: %w", err)
	}
	digest := sha256.Sum256([]byte(signingString(r, signed)))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig); err != nil {
		return errors.New("the signature does not match the request and the key")
	}
	if slices.Contains(signed, "x-content-sha256") {
		return checkBody(r)
	}
	return nil
}

// parseSignature reads `Signature k1="v1",k2="v2"`; keys are lower-cased.
func parseSignature(header string) (map[string]string, error) {
	scheme, rest, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Signature") {
		return nil, errors.New("the request is not signed (no Authorization: Signature header)")
	}
	params := map[string]string{}
	for {
		rest = strings.TrimLeft(rest, " ,")
		if rest == "" {
			break
		}
		key, after, ok := strings.Cut(rest, "=")
		if !ok || !strings.HasPrefix(after, `"`) {
			return nil, fmt.Errorf("malformed Authorization header near %q", rest)
		}
		end := strings.IndexByte(after[1:], '"')
		if end < 0 {
			return nil, fmt.Errorf("malformed Authorization header: unterminated value of %s", key)
		}
		params[strings.ToLower(strings.TrimSpace(key))] = after[1 : 1+end]
		rest = after[2+end:]
	}
	for _, k := range []string{"keyid", "headers", "signature"} {
		if params[k] == "" {
			return nil, fmt.Errorf("the Authorization header has no %s", k)
		}
	}
	return params, nil
}

// hasBody is the SDK's and OCI's rule for which requests sign their body.
func hasBody(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}

// checkSignedHeaders enforces the headers OCI requires in the signature.
func checkSignedHeaders(method string, signed []string) error {
	required := []string{"(request-target)", "host"}
	if hasBody(method) {
		required = append(required, "content-length", "content-type", "x-content-sha256")
	}
	for _, h := range required {
		if !slices.Contains(signed, h) {
			return fmt.Errorf("the signature does not cover the %s header", h)
		}
	}
	if !slices.Contains(signed, "date") && !slices.Contains(signed, "x-date") {
		return errors.New("the signature does not cover the date or x-date header")
	}
	return nil
}

// checkDate refuses requests signed too long ago or in the future, so a
// captured request cannot be replayed later.
func (s *Server) checkDate(r *http.Request) error {
	value := r.Header.Get("x-date")
	if value == "" {
		value = r.Header.Get("date")
	}
	t, err := http.ParseTime(value)
	if err != nil {
		return fmt.Errorf("date header %q is not an HTTP date", value)
	}
	skew := s.clock.Now().Sub(t)
	if skew < 0 {
		skew = -skew
	}
	if skew > s.cfg.MaxClockSkew {
		return fmt.Errorf("date %s is more than %s away from the server's clock", t.UTC().Format(time.RFC1123), s.cfg.MaxClockSkew)
	}
	return nil
}

// signingString rebuilds the string the client signed.
func signingString(r *http.Request, signed []string) string {
	lines := make([]string, len(signed))
	for i, h := range signed {
		var value string
		switch h {
		case "(request-target)":
			// RequestURI is the target exactly as sent, escaping included,
			// which is what the SDK signs.
			value = strings.ToLower(r.Method) + " " + r.RequestURI
		case "host":
			value = r.Host
		case "content-length":
			value = r.Header.Get("Content-Length")
			if value == "" {
				value = strconv.FormatInt(r.ContentLength, 10)
			}
		default:
			value = strings.Join(r.Header.Values(h), ", ")
		}
		lines[i] = h + ": " + value
	}
	return strings.Join(lines, "\n")
}

// checkBody compares the body with its signed hash and length, then puts
// it back for the handler.
func checkBody(r *http.Request) error {
	var body []byte
	if r.Body != nil {
		var err error
		body, err = io.ReadAll(io.LimitReader(r.Body, maxSignedBody+1))
		if err != nil {
			return fmt.Errorf("read the request body: %w", err)
		}
		if len(body) > maxSignedBody {
			return fmt.Errorf("the request body is larger than %d bytes", maxSignedBody)
		}
	}
	sum := sha256.Sum256(body)
	if got := base64.StdEncoding.EncodeToString(sum[:]); got != r.Header.Get("x-content-sha256") {
		return errors.New("x-content-sha256 does not match the request body")
	}
	if cl := r.Header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(body)) {
		return errors.New("content-length does not match the request body")
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	return nil
}
