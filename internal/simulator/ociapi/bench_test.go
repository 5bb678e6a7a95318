package ociapi

import (
	"fmt"
	"testing"

	"github.com/oracle/oci-go-sdk/v65/database"
)

// BenchmarkListDbNodes measures a full SDK round trip: signing, the HTTP
// hop, signature verification, listing and JSON both ways.
func BenchmarkListDbNodes(b *testing.B) {
	f := newFixture(b, nil)
	db := f.database(b, f.provider)
	req := database.ListDbNodesRequest{CompartmentId: &f.prodDB, DbSystemId: &f.asm.ID}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := db.ListDbNodes(b.Context(), req)
		if err != nil {
			b.Fatal(err)
		}
		if len(resp.Items) != 2 {
			b.Fatalf("listed %d nodes", len(resp.Items))
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	if got := f.srv.Counters().Operations["ListDbNodes"]; got < int64(b.N) {
		b.Fatalf("server counted %d calls for %d iterations", got, b.N)
	}
}

// BenchmarkFillStore500Systems is what building a 500-system fleet's
// model costs: systems, two nodes and VNICs each.
func BenchmarkFillStore500Systems(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		fill500(b)
	}
}

func fill500(b *testing.B) *Store {
	s := NewStore(Tenancy{Name: "bench"}, testRegion)
	for i := range 500 {
		sys, err := s.PutDBSystem(DBSystem{DisplayName: fmt.Sprintf("db%03d", i), StorageManagement: "LVM"})
		if err != nil {
			b.Fatal(err)
		}
		for n := range 2 {
			v, err := s.PutVNIC(VNIC{PrivateIP: fmt.Sprintf("127.1.%d.%d", i/250, (i%250)*2+n)})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.PutDBNode(DBNode{DBSystemID: sys.ID, VnicID: v.ID}); err != nil {
				b.Fatal(err)
			}
		}
	}
	return s
}

// BenchmarkListDbSystems500 is a display-name lookup in a compartment of
// 500 systems, through the SDK.
func BenchmarkListDbSystems500(b *testing.B) {
	key, _ := testKeys(b)
	s := fill500(b)
	f := &fixture{store: s, tenancy: s.Tenancy().ID}
	srv, err := New(Config{Store: s})
	if err != nil {
		b.Fatal(err)
	}
	f.srv = srv
	f.ts = newTestServer(b, srv)
	f.provider = f.register(b, key)
	db := f.database(b, f.provider)
	name := "db250"
	req := database.ListDbSystemsRequest{CompartmentId: &f.tenancy, DisplayName: &name}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := db.ListDbSystems(b.Context(), req)
		if err != nil {
			b.Fatal(err)
		}
		if len(resp.Items) != 1 {
			b.Fatalf("found %d systems", len(resp.Items))
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
