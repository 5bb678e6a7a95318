package oci

import (
	"context"
	"errors"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/ociapi"
)

// simFleet is a fake OCI API filled with a compartment tree
// tenancy > root > {apps > team, db} and a two-node ASM system "sales" in team.
type simFleet struct {
	api    *ociapi.Server
	client *Client
	ids    map[string]string
}

func newSimFleet(t *testing.T, pageSize int) *simFleet {
	t.Helper()
	key := newAPIKey(t)
	store := ociapi.NewStore(ociapi.Tenancy{ID: testTenancy, Name: "test"}, testRegion)
	store.AddAPIKey(ociapi.KeyID(testTenancy, testUser, key.fingerprint), &key.private.PublicKey)
	api, err := ociapi.New(ociapi.Config{Store: store, PageSize: pageSize})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{
		ConfigFilePath: writeOCIConfig(t, key, "DEFAULT", testRegion),
		Endpoint:       srv.URL,
		Retry:          RetrySettings{MaxAttempts: 4, FixedBackoff: time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	f := &simFleet{api: api, client: c, ids: map[string]string{}}
	put := func(name, parent string) string {
		comp, err := store.PutCompartment(ociapi.Compartment{Name: name, ParentID: parent})
		if err != nil {
			t.Fatal(err)
		}
		f.ids[name] = comp.ID
		return comp.ID
	}
	root := put("root", "")
	apps := put("apps", root)
	put("team", apps)
	put("db", root)
	return f
}

func (f *simFleet) system(t *testing.T, name, compartment, state, storage string, hosts ...string) ociapi.DBSystem {
	t.Helper()
	st := f.api.Store()
	sys, err := st.PutDBSystem(ociapi.DBSystem{CompartmentID: f.ids[compartment], DisplayName: name, LifecycleState: state,
		StorageManagement: storage, Shape: "VM.Standard.E4.Flex", Version: "19.24.0.0.0", Domain: "sub.vcn.oraclevcn.com"})
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range hosts {
		vnic, err := st.PutVNIC(ociapi.VNIC{CompartmentID: sys.CompartmentID, PrivateIP: "10.0.0." + string(rune('1'+i)), IsPrimary: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.PutDBNode(ociapi.DBNode{DBSystemID: sys.ID, Hostname: h, VnicID: vnic.ID, FaultDomain: "FAULT-DOMAIN-1"}); err != nil {
			t.Fatal(err)
		}
	}
	return sys
}

func TestSimDBSystem(t *testing.T) {
	t.Parallel()
	f := newSimFleet(t, 1) // one item per page: every listing crosses pages
	ctx := context.Background()
	// Added in reverse so that hostname order differs from creation order.
	sales := f.system(t, "sales", "team", "", "ASM", "sales2", "sales1")
	if _, err := f.api.Store().PutDBNode(ociapi.DBNode{DBSystemID: sales.ID, Hostname: "sales0", VnicID: "gone", LifecycleState: "TERMINATED"}); err != nil {
		t.Fatal(err)
	}
	f.system(t, "sales", "db", "TERMINATED", "ASM", "old1")
	lvm := f.system(t, "reports", "apps", "", "LVM", "rep1")
	dup1 := f.system(t, "dup", "root", "", "LVM", "dupa1")
	dup2 := f.system(t, "dup", "db", "", "LVM", "dupb1")

	t.Run("by name in a nested compartment", func(t *testing.T) {
		got, err := f.client.DBSystem(ctx, Selector{CompartmentID: f.ids["root"], DisplayName: "sales"})
		if err != nil {
			t.Fatalf("DBSystem() = %v", err)
		}
		if got.ID != sales.ID || got.CompartmentID != f.ids["team"] || got.Storage != StorageASM || len(got.Nodes) != 2 {
			t.Errorf("DBSystem() = %+v, want %s in team with ASM and its two live nodes", got, sales.ID)
		}
		var hosts, ips []string
		for _, n := range got.Nodes {
			hosts, ips = append(hosts, n.Hostname), append(ips, n.PrivateIP)
		}
		if !reflect.DeepEqual(hosts, []string{"sales1", "sales2"}) || !reflect.DeepEqual(ips, []string{"10.0.0.2", "10.0.0.1"}) {
			t.Errorf("nodes = %v at %v, want sales1, sales2 with their VNICs' IPs", hosts, ips)
		}
	})
	t.Run("by OCID, LVM", func(t *testing.T) {
		got, err := f.client.DBSystem(ctx, Selector{ID: lvm.ID})
		if err != nil || got.Storage != StorageLVM || len(got.Nodes) != 1 || got.Nodes[0].PrivateIP == "" {
			t.Errorf("DBSystem() = %+v, %v; want LVM with one node", got, err)
		}
	})
	t.Run("from the tenancy in one subtree call", func(t *testing.T) {
		got, err := f.client.DBSystem(ctx, Selector{CompartmentID: testTenancy, DisplayName: "reports"})
		if err != nil || got.ID != lvm.ID {
			t.Errorf("DBSystem() = %+v, %v; want %s", got, err, lvm.ID)
		}
	})
	t.Run("ambiguous", func(t *testing.T) {
		_, err := f.client.DBSystem(ctx, Selector{CompartmentID: f.ids["root"], DisplayName: "dup"})
		var amb *AmbiguousDBSystemError
		if !errors.As(err, &amb) {
			t.Fatalf("DBSystem() = %v, want AmbiguousDBSystemError", err)
		}
		mustContain(t, err, dup1.ID, dup2.ID, f.ids["root"], "db ("+f.ids["db"]+")")
	})
	t.Run("missing", func(t *testing.T) {
		_, err := f.client.DBSystem(ctx, Selector{CompartmentID: f.ids["apps"], DisplayName: "dup"})
		var nf *DBSystemNotFoundError
		if !errors.As(err, &nf) {
			t.Fatalf("DBSystem() = %v, want DBSystemNotFoundError", err)
		}
		mustContain(t, err, `"dup"`, f.ids["apps"], "1 sub-compartments (team)")
	})
}

func TestSimRetriesThrottling(t *testing.T) {
	t.Parallel()
	f := newSimFleet(t, 0)
	sys := f.system(t, "sales", "team", "", "ASM", "sales1")
	if err := f.api.ThrottleNext("GetDbSystem", 2, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.DBSystem(context.Background(), Selector{ID: sys.ID}); err != nil {
		t.Fatalf("DBSystem() = %v, want success after the SDK's retries", err)
	}
	if n := f.api.Counters().Operations["GetDbSystem"]; n != 3 {
		t.Errorf("GetDbSystem was called %d times, want 3 (two throttled, one answered)", n)
	}
	if err := f.api.FailNext("GetVnic", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.DBSystem(context.Background(), Selector{ID: sys.ID}); err != nil {
		t.Fatalf("DBSystem() = %v, want success after a retried 500", err)
	}
}

func TestSimSecret(t *testing.T) {
	t.Parallel()
	f := newSimFleet(t, 0)
	pemBytes := testPrivateKeyPEM(t)
	const secretID = "ocid1.vaultsecret.oc1.iad.sshkey"
	if _, err := f.api.Store().PutSecret(secretID, pemBytes); err != nil {
		t.Fatal(err)
	}
	got, err := f.client.SSHKeyFromSecret(context.Background(), secretID)
	if err != nil || string(got.PEM()) != string(pemBytes) {
		t.Fatalf("SSHKeyFromSecret() = %v, want the stored key", err)
	}
	const textID = "ocid1.vaultsecret.oc1.iad.text"
	if _, err := f.api.Store().PutSecret(textID, []byte("hunter2")); err != nil {
		t.Fatal(err)
	}
	_, err = f.client.SSHKeyFromSecret(context.Background(), textID)
	mustContain(t, err, "not a PEM-encoded private key")
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("the error quotes the secret: %v", err)
	}
	f.api.ForbidSecret(secretID, true)
	_, err = f.client.SSHKeyFromSecret(context.Background(), secretID)
	mustContain(t, err, secretID, "SECRET_BUNDLE_READ")
}

func TestSimManagedInstances(t *testing.T) {
	t.Parallel()
	f := newSimFleet(t, 1)
	st := f.api.Store()
	const group = "ocid1.osmhmanagedinstancegroup.oc1.iad.prod"
	put := func(name, comp string, inGroup bool) ociapi.ManagedInstance {
		mi := ociapi.ManagedInstance{DisplayName: name, CompartmentID: f.ids[comp]}
		if inGroup {
			mi.GroupID, mi.GroupName = group, "prod"
		}
		mi, err := st.PutManagedInstance(mi)
		if err != nil {
			t.Fatal(err)
		}
		return mi
	}
	a := put("vm-a", "team", true)
	put("vm-b", "db", false)
	put("vm-c", "root", true)
	issued := time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)
	if err := st.SetErrata(a.ID, []ociapi.Erratum{
		{Name: "ELSA-2024-1", AdvisoryType: "SECURITY", RelatedCVEs: []string{"CVE-2024-1"}, TimeIssued: issued.AddDate(0, -1, 0), Packages: []string{"openssl-3"}},
		{Name: "ELBA-2024-2", AdvisoryType: "BUGFIX", TimeIssued: issued},
		{Name: "ELSA-2024-3", AdvisoryType: "SECURITY", RelatedCVEs: []string{"CVE-2024-3", "CVE-2024-4"}, TimeIssued: issued, Packages: []string{"kernel-uek"}},
	}); err != nil {
		t.Fatal(err)
	}
	// Severity comes from the updatable packages; a package fixed by two
	// errata does not lower the other's severity.
	if err := st.SetUpdatablePackages(a.ID, []ociapi.UpdatablePackage{
		{Name: "openssl", Version: "3", UpdateType: "SECURITY", AdvisorySeverity: "LOW", Errata: []string{"ELSA-2024-1"}},
		{Name: "openssl-libs", Version: "3", UpdateType: "SECURITY", AdvisorySeverity: "CRITICAL", Errata: []string{"ELSA-2024-1"}},
		{Name: "kernel-uek", Version: "5", UpdateType: "SECURITY", AdvisorySeverity: "IMPORTANT", Errata: []string{"ELSA-2024-3"}},
		{Name: "tzdata", Version: "1", UpdateType: "BUGFIX", Errata: []string{"ELBA-2024-2"}},
		{Name: "shared", Version: "1", UpdateType: "SECURITY", AdvisorySeverity: "CRITICAL", Errata: []string{"ELSA-2024-3", "ELSA-2024-1"}},
	}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	names := func(ms []ManagedInstance) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.DisplayName)
		}
		return out
	}
	tests := []struct {
		name string
		q    ManagedInstanceQuery
		want []string
	}{
		{name: "one compartment", q: ManagedInstanceQuery{CompartmentID: f.ids["root"]}, want: []string{"vm-c"}},
		{name: "subtree", q: ManagedInstanceQuery{CompartmentID: f.ids["root"], IncludeSubtree: true, PageSize: 1}, want: []string{"vm-a", "vm-b", "vm-c"}},
		{name: "subtree and group", q: ManagedInstanceQuery{CompartmentID: f.ids["root"], IncludeSubtree: true, GroupID: group}, want: []string{"vm-a", "vm-c"}},
		{name: "group alone", q: ManagedInstanceQuery{GroupID: group}, want: []string{"vm-a", "vm-c"}},
		{name: "display name", q: ManagedInstanceQuery{CompartmentID: testTenancy, IncludeSubtree: true, DisplayName: "vm-b"}, want: []string{"vm-b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.client.ManagedInstances(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(names(got), tt.want) {
				t.Errorf("ManagedInstances() = %v, want %v", names(got), tt.want)
			}
		})
	}

	report, err := f.client.SecurityErrataFor(ctx, []ManagedInstance{{ID: a.ID, DisplayName: "vm-a"}}, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := []Erratum{
		{Name: "ELSA-2024-3", Classification: "SECURITY", CVEs: []string{"CVE-2024-3", "CVE-2024-4"}, Severity: "Important", Issued: issued, Packages: []string{"kernel-uek"}},
		{Name: "ELSA-2024-1", Classification: "SECURITY", CVEs: []string{"CVE-2024-1"}, Severity: "Critical", Issued: issued.AddDate(0, -1, 0), Packages: []string{"openssl-3"}},
	}
	if len(report) != 1 || !reflect.DeepEqual(report[0].Errata, want) {
		t.Errorf("SecurityErrataFor() = %+v, want %+v", report, want)
	}
}

func TestSimDBSystems(t *testing.T) {
	t.Parallel()
	f := newSimFleet(t, 1) // one item per page: every listing crosses pages
	ctx := context.Background()
	sales := f.system(t, "sales", "team", "", "ASM", "sales2", "sales1")
	f.system(t, "sales", "db", "TERMINATED", "ASM", "old1")
	reports := f.system(t, "reports", "apps", "", "LVM", "rep1")
	outside := f.system(t, "outside", "db", "", "LVM", "out1")

	got, err := f.client.DBSystems(ctx, f.ids["apps"])
	if err != nil {
		t.Fatalf("DBSystems(apps) = %v", err)
	}
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if !reflect.DeepEqual(ids, []string{reports.ID, sales.ID}) {
		t.Fatalf("DBSystems(apps) = %v, want reports then sales (the subtree, by name, live only)", ids)
	}
	if len(got[1].Nodes) != 2 || got[1].Nodes[0].Hostname != "sales1" || got[1].Nodes[0].PrivateIP == "" || got[1].Storage != StorageASM {
		t.Errorf("sales = %+v, want ASM with sales1 first and its IP", got[1])
	}

	all, err := f.client.DBSystems(ctx, testTenancy)
	if err != nil || len(all) != 3 || all[0].ID != outside.ID {
		t.Errorf("DBSystems(tenancy) = %d systems, %v; want outside, reports, sales", len(all), err)
	}
	if _, err := f.client.DBSystems(ctx, "not-an-ocid"); err == nil {
		t.Error("DBSystems(not-an-ocid) succeeded, want an error naming compartment_id")
	}
}
