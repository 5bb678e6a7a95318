package ociapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/core"
	"github.com/oracle/oci-go-sdk/v65/database"
)

// TestDiscoveryRoundTrip follows the patch workflow's discovery: DB system
// by display name, its nodes, each node's VNIC.
func TestDiscoveryRoundTrip(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	reboot := true
	f.srv.SetHooks(Hooks{RefreshNode: func(n *DBNode) { n.OSPatchRebootRequired = &reboot }})
	db := f.database(t, f.provider)
	ctx := t.Context()

	systems, err := db.ListDbSystems(ctx, database.ListDbSystemsRequest{CompartmentId: &f.prodDB, DisplayName: common.String("DBASM01")})
	if err != nil {
		t.Fatal(err)
	}
	if len(systems.Items) != 1 {
		t.Fatalf("ListDbSystems by display name returned %d systems, want 1", len(systems.Items))
	}
	sys := systems.Items[0]
	if deref(sys.Id) != f.asm.ID || deref(sys.DisplayName) != "dbasm01" || deref(sys.NodeCount) != 2 ||
		sys.DbSystemOptions == nil || sys.DbSystemOptions.StorageManagement != database.DbSystemOptionsStorageManagementAsm ||
		sys.LifecycleState != database.DbSystemSummaryLifecycleStateAvailable || deref(sys.Domain) != f.asm.Domain || sys.TimeCreated == nil {
		t.Errorf("DB system summary = %v", sys)
	}
	if systems.OpcRequestId == nil {
		t.Error("no opc-request-id")
	}

	got, err := db.GetDbSystem(ctx, database.GetDbSystemRequest{DbSystemId: &f.lvm.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got.DbSystemOptions.StorageManagement != database.DbSystemOptionsStorageManagementLvm || deref(got.Hostname) != "dblvm01" || deref(got.NodeCount) != 1 {
		t.Errorf("GetDbSystem = %v", got.DbSystem)
	}

	nodes, err := db.ListDbNodes(ctx, database.ListDbNodesRequest{CompartmentId: &f.prodDB, DbSystemId: &f.asm.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes.Items) != 2 {
		t.Fatalf("ListDbNodes returned %d nodes, want 2", len(nodes.Items))
	}
	net := f.network(t)
	for i, n := range nodes.Items {
		if deref(n.Hostname) != f.asmNodes[i].Hostname || deref(n.DbSystemId) != f.asm.ID || !deref(n.IsOsPatchRebootRequired) {
			t.Errorf("node %d = %v", i, n)
		}
		vnic, err := net.GetVnic(ctx, core.GetVnicRequest{VnicId: n.VnicId})
		if err != nil {
			t.Fatal(err)
		}
		want := f.vnics[deref(n.Id)]
		if deref(vnic.PrivateIp) != want.PrivateIP || deref(vnic.HostnameLabel) != want.HostnameLabel {
			t.Errorf("VNIC of %s = %s/%s, want %s/%s", deref(n.Hostname), deref(vnic.PrivateIp), deref(vnic.HostnameLabel), want.PrivateIP, want.HostnameLabel)
		}
	}

	node, err := db.GetDbNode(ctx, database.GetDbNodeRequest{DbNodeId: nodes.Items[1].Id})
	if err != nil {
		t.Fatal(err)
	}
	if deref(node.VnicId) != f.asmNodes[1].VnicID || node.LifecycleState != database.DbNodeLifecycleStateAvailable || !deref(node.IsOsPatchRebootRequired) {
		t.Errorf("GetDbNode = %v", node.DbNode)
	}
}

func TestListDbSystemsFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if _, err := f.store.PutDBSystem(DBSystem{CompartmentID: f.prodDB, DisplayName: "dbold", LifecycleState: "TERMINATED"}); err != nil {
		t.Fatal(err)
	}
	db := f.database(t, f.provider)
	tests := []struct {
		name string
		req  database.ListDbSystemsRequest
		want []string
	}{
		{"whole compartment", database.ListDbSystemsRequest{CompartmentId: &f.prodDB}, []string{"dbasm01", "dblvm01", "dbold"}},
		{"display name ignores case", database.ListDbSystemsRequest{CompartmentId: &f.prodDB, DisplayName: common.String("DbLvm01")}, []string{"dblvm01"}},
		{"display name matches whole", database.ListDbSystemsRequest{CompartmentId: &f.prodDB, DisplayName: common.String("dbasm")}, nil},
		{"lifecycle state", database.ListDbSystemsRequest{CompartmentId: &f.prodDB, LifecycleState: database.DbSystemSummaryLifecycleStateTerminated}, []string{"dbold"}},
		{"not the subtree", database.ListDbSystemsRequest{CompartmentId: &f.prod}, nil},
		{"sorted by name descending", database.ListDbSystemsRequest{CompartmentId: &f.prodDB, SortBy: database.ListDbSystemsSortByDisplayname, SortOrder: database.ListDbSystemsSortOrderDesc}, []string{"dbold", "dblvm01", "dbasm01"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp, err := db.ListDbSystems(t.Context(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, s := range resp.Items {
				names = append(names, deref(s.DisplayName))
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("systems = %v, want %v", names, tt.want)
			}
		})
	}
}

func TestDatabaseErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	tests := []struct {
		name, method, path string
		status             int
		code               string
	}{
		{"missing compartment", http.MethodGet, "/20160918/dbSystems", http.StatusBadRequest, "MissingParameter"},
		{"unknown compartment", http.MethodGet, "/20160918/dbSystems?compartmentId=ocid1.compartment.oc1..nope", http.StatusNotFound, "NotAuthorizedOrNotFound"},
		{"unknown DB system", http.MethodGet, "/20160918/dbSystems/ocid1.dbsystem.oc1.iad.nope", http.StatusNotFound, "NotAuthorizedOrNotFound"},
		{"unknown DB node", http.MethodGet, "/20160918/dbNodes/ocid1.dbnode.oc1.iad.nope", http.StatusNotFound, "NotAuthorizedOrNotFound"},
		{"bad lifecycle state", http.MethodGet, "/20160918/dbSystems?compartmentId=" + f.prodDB + "&lifecycleState=SLEEPING", http.StatusBadRequest, "InvalidParameter"},
		{"limit too large", http.MethodGet, "/20160918/dbNodes?compartmentId=" + f.prodDB + "&limit=1001", http.StatusBadRequest, "InvalidParameter"},
		{"foreign page token", http.MethodGet, "/20160918/dbNodes?compartmentId=" + f.prodDB + "&page=" + encodePageToken("ListDbSystems", 1), http.StatusBadRequest, "InvalidParameter"},
		{"bad sort order", http.MethodGet, "/20160918/dbSystems?compartmentId=" + f.prodDB + "&sortBy=DISPLAYNAME&sortOrder=UP", http.StatusBadRequest, "InvalidParameter"},
		{"node action without action", http.MethodPost, "/20160918/dbNodes/" + f.asmNodes[0].ID, http.StatusBadRequest, "MissingParameter"},
		{"unknown node action", http.MethodPost, "/20160918/dbNodes/" + f.asmNodes[0].ID + "?action=EXPLODE", http.StatusBadRequest, "InvalidParameter"},
		{"unknown path", http.MethodGet, "/20160918/autonomousDatabases", http.StatusNotFound, "NotAuthorizedOrNotFound"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var body []byte
			if tt.method == http.MethodPost {
				body = []byte{}
			}
			resp := f.signed(t, tt.method, tt.path, body)
			if resp.Header.Get("opc-request-id") == "" {
				t.Error("no opc-request-id")
			}
			e := ociError(t, resp)
			if resp.StatusCode != tt.status || e.Code != tt.code {
				t.Errorf("answer = %d %s (%s), want %d %s", resp.StatusCode, e.Code, e.Message, tt.status, tt.code)
			}
		})
	}
}

func TestDbNodeAction(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	var (
		mu   sync.Mutex
		seen []string
	)
	f.srv.SetHooks(Hooks{NodeAction: func(_ context.Context, n DBNode, action string) error {
		if n.Hostname == "dblvm011" {
			return errors.New("the node is rebooting")
		}
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, n.Hostname+" "+action)
		return nil
	}})
	db := f.database(t, f.provider)
	node := f.asmNodes[0]

	resp, err := db.DbNodeAction(t.Context(), database.DbNodeActionRequest{DbNodeId: &node.ID, Action: database.DbNodeActionActionStop})
	if err != nil {
		t.Fatal(err)
	}
	if resp.LifecycleState != database.DbNodeLifecycleStateStopped || deref(resp.Id) != node.ID {
		t.Errorf("after STOP the node is %s", resp.LifecycleState)
	}
	resp, err = db.DbNodeAction(t.Context(), database.DbNodeActionRequest{DbNodeId: &node.ID, Action: database.DbNodeActionActionSoftreset})
	if err != nil {
		t.Fatal(err)
	}
	if resp.LifecycleState != database.DbNodeLifecycleStateAvailable {
		t.Errorf("after SOFTRESET the node is %s", resp.LifecycleState)
	}
	// SOFTSTOP is in the API though not in this SDK's enum.
	if raw := f.signed(t, http.MethodPost, "/20160918/dbNodes/"+node.ID+"?action=SOFTSTOP", []byte{}); raw.StatusCode != http.StatusOK {
		t.Errorf("SOFTSTOP answered %d", raw.StatusCode)
	}
	mu.Lock()
	if want := []string{"dbasm011 STOP", "dbasm011 SOFTRESET", "dbasm011 SOFTSTOP"}; !slices.Equal(seen, want) {
		t.Errorf("hook saw %v, want %v", seen, want)
	}
	mu.Unlock()

	lvmNode := f.store.DBNodes(f.lvm.ID)[0]
	_, err = db.DbNodeAction(t.Context(), database.DbNodeActionRequest{DbNodeId: &lvmNode.ID, Action: database.DbNodeActionActionReset, RequestMetadata: noRetry()})
	wantServiceError(t, err, http.StatusConflict, "IncorrectState")
}

func TestPaginationAcrossPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t, func(c *Config) { c.PageSizes = map[string]int{"ListDbSystems": 2} })
	for i := range 5 {
		if _, err := f.store.PutDBSystem(DBSystem{CompartmentID: f.dev, DisplayName: "dev" + string(rune('a'+i))}); err != nil {
			t.Fatal(err)
		}
	}
	db := f.database(t, f.provider)
	tests := []struct {
		name      string
		limit     *int
		wantPages int
	}{
		{"server page size", nil, 3},
		{"client limit", common.Int(4), 2},
		{"one page", common.Int(1000), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var names []string
			var page *string
			pages := 0
			for {
				resp, err := db.ListDbSystems(t.Context(), database.ListDbSystemsRequest{CompartmentId: &f.dev, Limit: tt.limit, Page: page})
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, s := range resp.Items {
					names = append(names, deref(s.DisplayName))
				}
				if page = resp.OpcNextPage; page == nil {
					break
				}
			}
			if want := []string{"deva", "devb", "devc", "devd", "deve"}; !slices.Equal(names, want) {
				t.Errorf("listed %v, want %v", names, want)
			}
			if pages != tt.wantPages {
				t.Errorf("took %d pages, want %d", pages, tt.wantPages)
			}
		})
	}
	if got := f.srv.Counters().Operations["ListDbSystems"]; got != 6 {
		t.Errorf("ListDbSystems counter = %d, want 6", got)
	}
}
