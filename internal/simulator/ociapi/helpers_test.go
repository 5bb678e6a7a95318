package ociapi

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"
	"github.com/oracle/oci-go-sdk/v65/database"
	"github.com/oracle/oci-go-sdk/v65/identity"
	"github.com/oracle/oci-go-sdk/v65/osmanagementhub"
	"github.com/oracle/oci-go-sdk/v65/secrets"
	"github.com/oracle/oci-go-sdk/v65/workrequests"
)

const testRegion = "us-ashburn-1"

// Generating RSA keys is slow; the tests share two.
var (
	keysOnce            sync.Once
	goodKey, strangeKey *rsa.PrivateKey
)

func testKeys(t testing.TB) (*rsa.PrivateKey, *rsa.PrivateKey) {
	t.Helper()
	keysOnce.Do(func() {
		var err error
		if goodKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
		if strangeKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
			panic(err)
		}
	})
	return goodKey, strangeKey
}

func keyPEM(k *rsa.PrivateKey) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}))
}

// fixture is a served store with a registered API key and the IDs the
// tests look things up by.
type fixture struct {
	srv      *Server
	store    *Store
	ts       *httptest.Server
	provider common.ConfigurationProvider
	tenancy  string

	prod, prodDB, dev string // compartments
	asm, lvm          DBSystem
	asmNodes          []DBNode
	vnics             map[string]VNIC // by node ID
	secretID          string
	instance          ManagedInstance
	group             string
}

// newFixture serves a seeded store; tweak adjusts the server's Config.
func newFixture(t testing.TB, tweak func(*Config)) *fixture {
	t.Helper()
	key, _ := testKeys(t)
	store := NewStore(Tenancy{Name: "acme"}, testRegion)
	cfg := Config{Store: store}
	if tweak != nil {
		tweak(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, srv)
	f := &fixture{srv: srv, store: store, ts: ts, tenancy: store.Tenancy().ID, vnics: map[string]VNIC{}}
	f.provider = f.register(t, key)
	f.seed(t)
	return f
}

func newTestServer(t testing.TB, h http.Handler) *httptest.Server {
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

// register adds key for a new user and returns a provider that signs
// with it.
func (f *fixture) register(t testing.TB, key *rsa.PrivateKey) common.ConfigurationProvider {
	t.Helper()
	fp, err := Fingerprint(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	user := NewOCID("user", "")
	f.store.AddAPIKey(KeyID(f.tenancy, user, fp), &key.PublicKey)
	return common.NewRawConfigurationProvider(f.tenancy, user, testRegion, fp, keyPEM(key), nil)
}

// must unwraps the result of a call on fixed seed data, where an error is
// a bug in the test itself.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func (f *fixture) seed(t testing.TB) {
	t.Helper()
	s := f.store
	f.prod = must(s.PutCompartment(Compartment{Name: "prod"})).ID
	f.prodDB = must(s.PutCompartment(Compartment{Name: "prod-db", ParentID: f.prod})).ID
	f.dev = must(s.PutCompartment(Compartment{Name: "dev"})).ID
	f.asm = must(s.PutDBSystem(DBSystem{CompartmentID: f.prodDB, DisplayName: "dbasm01", Shape: "VM.Standard.E4.Flex", StorageManagement: "ASM", Hostname: "dbasm01", Domain: "sub.vcn.oraclevcn.com", Version: "19.24.0.0.0"}))
	f.lvm = must(s.PutDBSystem(DBSystem{CompartmentID: f.prodDB, DisplayName: "dblvm01", Shape: "VM.Standard.E4.Flex", StorageManagement: "LVM", Hostname: "dblvm01", Domain: "sub.vcn.oraclevcn.com"}))
	for i, host := range []string{"dbasm011", "dbasm012", "dblvm011"} {
		sys := f.asm
		if i == 2 {
			sys = f.lvm
		}
		v := must(s.PutVNIC(VNIC{CompartmentID: f.prodDB, HostnameLabel: host, PrivateIP: "127.0.10." + strconv.Itoa(i+1), IsPrimary: true}))
		n := must(s.PutDBNode(DBNode{DBSystemID: sys.ID, Hostname: host, VnicID: v.ID}))
		f.vnics[n.ID] = v
		if sys.ID == f.asm.ID {
			f.asmNodes = append(f.asmNodes, n)
		}
	}
	f.secretID = NewOCID("vaultsecret", testRegion)
	must(s.PutSecret(f.secretID, []byte("-----BEGIN OPENSSH PRIVATE KEY-----\nfake\n")))
	f.group = NewOCID("osmhmanagedinstancegroup", testRegion)
	f.instance = must(s.PutManagedInstance(ManagedInstance{CompartmentID: f.prodDB, DisplayName: "dbasm011", GroupID: f.group, GroupName: "db-nodes", OSKernelVersion: "5.4.17-2136.330.7.el8uek.x86_64"}))
	must(s.PutManagedInstance(ManagedInstance{CompartmentID: f.dev, DisplayName: "devbox"}))
	issued := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	if err := s.SetErrata(f.instance.ID, []Erratum{
		{Name: "ELSA-2025-1001", AdvisoryType: "SECURITY", Synopsis: "kernel security update", RelatedCVEs: []string{"CVE-2025-0001", "CVE-2025-0002"}, TimeIssued: issued, Packages: []string{"kernel-uek-5.4.17-2136.340.1.el8uek.x86_64"}},
		{Name: "ELBA-2025-1002", AdvisoryType: "BUGFIX", Synopsis: "tzdata update", TimeIssued: issued.Add(time.Hour)},
		{Name: "ELSA-2025-1003", AdvisoryType: "SECURITY", Synopsis: "openssl security update", RelatedCVEs: []string{"CVE-2025-0003"}, TimeIssued: issued.Add(2 * time.Hour)},
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUpdatablePackages(f.instance.ID, []UpdatablePackage{
		{Name: "kernel-uek", Version: "5.4.17-2136.340.1.el8uek", InstalledVersion: "5.4.17-2136.330.7.el8uek", UpdateType: "SECURITY", AdvisorySeverity: "IMPORTANT", Errata: []string{"ELSA-2025-1001"}, RelatedCVEs: []string{"CVE-2025-0001"}},
		{Name: "tzdata", Version: "2025a-1.el8", InstalledVersion: "2024b-1.el8", UpdateType: "BUGFIX", Errata: []string{"ELBA-2025-1002"}},
	}); err != nil {
		t.Fatal(err)
	}
}

// Clients are built the way the OCI code builds them, pointed at the
// fake server.

func (f *fixture) database(t testing.TB, p common.ConfigurationProvider) database.DatabaseClient {
	t.Helper()
	c := must(database.NewDatabaseClientWithConfigurationProvider(p))
	c.Host = f.ts.URL
	return c
}

func (f *fixture) network(t testing.TB) core.VirtualNetworkClient {
	t.Helper()
	c := must(core.NewVirtualNetworkClientWithConfigurationProvider(f.provider))
	c.Host = f.ts.URL
	return c
}

func (f *fixture) identity(t testing.TB) identity.IdentityClient {
	t.Helper()
	c := must(identity.NewIdentityClientWithConfigurationProvider(f.provider))
	c.Host = f.ts.URL
	return c
}

func (f *fixture) secrets(t testing.TB) secrets.SecretsClient {
	t.Helper()
	c := must(secrets.NewSecretsClientWithConfigurationProvider(f.provider))
	c.Host = f.ts.URL
	return c
}

func (f *fixture) osmh(t testing.TB) osmanagementhub.ManagedInstanceClient {
	t.Helper()
	c := must(osmanagementhub.NewManagedInstanceClientWithConfigurationProvider(f.provider))
	c.Host = f.ts.URL
	return c
}

func (f *fixture) workRequests(t testing.TB) workrequests.WorkRequestClient {
	t.Helper()
	c := must(workrequests.NewWorkRequestClientWithConfigurationProvider(f.provider))
	c.Host = f.ts.URL
	return c
}

// noRetry keeps the SDK from retrying, so a test sees the first answer.
func noRetry() common.RequestMetadata {
	p := common.NoRetryPolicy()
	return common.RequestMetadata{RetryPolicy: &p}
}

// signed sends a request signed by the SDK's own signer, for what the SDK
// clients refuse to send (missing or invalid parameters).
func (f *fixture) signed(t testing.TB, method, path string, body []byte) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, f.ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	if err := common.DefaultRequestSigner(f.provider).Sign(req); err != nil {
		t.Fatal(err)
	}
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = resp.Body.Close() })
	return resp
}

// ociError decodes an OCI error body.
func ociError(t testing.TB, resp *http.Response) apiError {
	t.Helper()
	var e apiError
	if err := json.NewDecoder(resp.Body).Decode(&e); err != nil {
		t.Fatalf("error body: %v", err)
	}
	return e
}

// wantServiceError checks that err is the SDK's ServiceError for status
// and code.
func wantServiceError(t testing.TB, err error, status int, code string) {
	t.Helper()
	var se common.ServiceError
	if !errors.As(err, &se) {
		t.Fatalf("error = %v, want a ServiceError %d %s", err, status, code)
	}
	if se.GetHTTPStatusCode() != status || se.GetCode() != code {
		t.Fatalf("ServiceError = %d %s (%s), want %d %s", se.GetHTTPStatusCode(), se.GetCode(), se.GetMessage(), status, code)
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
