package ociapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAdminAPI(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	f.srv.HandleAdmin("GET /_sim/nodes", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}))
	post := func(body string) *http.Response {
		t.Helper()
		resp, err := f.ts.Client().Post(f.ts.URL+"/_sim/api-faults", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = resp.Body.Close() })
		return resp
	}
	if resp := post(`{"operation":"GetVnic","latency":"250ms","throttle":2,"retry_after":"3s","forbid_secrets":["` + f.secretID + `"]}`); resp.StatusCode != http.StatusOK {
		t.Fatalf("POST api-faults = %d", resp.StatusCode)
	}
	got, err := f.srv.Faults("GetVnic")
	if err != nil {
		t.Fatal(err)
	}
	if want := (Faults{Latency: 250 * time.Millisecond, Throttle: 2, RetryAfter: 3 * time.Second}); got != want {
		t.Errorf("faults = %+v, want %+v", got, want)
	}
	if !f.srv.secretForbidden(f.secretID) {
		t.Error("the secret is not forbidden")
	}
	for _, bad := range []string{`{"operation":"Nope","fail":1}`, `{"latency":"soon"}`, `{"fail":-1}`, `{"unknown":1}`} {
		if resp := post(bad); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("POST %s = %d, want 400", bad, resp.StatusCode)
		}
	}
	if got, _ := f.srv.Faults(""); got != (Faults{}) {
		t.Errorf("a refused change altered the global knobs: %+v", got)
	}

	f.signed(t, http.MethodGet, "/20160918/vnics/"+f.asmNodes[0].VnicID, nil)
	resp, err := f.ts.Client().Get(f.ts.URL + "/_sim/counters")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var counters Counters
	if err := json.NewDecoder(resp.Body).Decode(&counters); err != nil {
		t.Fatal(err)
	}
	if counters.Total != 1 || counters.Operations["GetVnic"] != 1 {
		t.Errorf("counters = %+v, want one GetVnic", counters)
	}
	if resp.Header.Get("opc-request-id") == "" {
		t.Error("admin answer without opc-request-id")
	}

	mounted, err := f.ts.Client().Get(f.ts.URL + "/_sim/nodes")
	if err != nil {
		t.Fatal(err)
	}
	defer mounted.Body.Close()
	if mounted.StatusCode != http.StatusTeapot {
		t.Errorf("mounted admin route answered %d", mounted.StatusCode)
	}
	defer func() {
		if recover() == nil {
			t.Error("HandleAdmin accepted a route outside /_sim/")
		}
	}()
	f.srv.HandleAdmin("GET /20160918/dbSystems", http.NotFoundHandler())
}
