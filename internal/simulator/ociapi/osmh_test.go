package ociapi

import (
	"net/http"
	"slices"
	"testing"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/osmanagementhub"
)

func TestListManagedInstances(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	for _, name := range []string{"dbasm012", "dblvm011"} {
		if _, err := f.store.PutManagedInstance(ManagedInstance{CompartmentID: f.prodDB, DisplayName: name, GroupID: f.group}); err != nil {
			t.Fatal(err)
		}
	}
	cl := f.osmh(t)
	tests := []struct {
		name string
		req  osmanagementhub.ListManagedInstancesRequest
		want []string
	}{
		{"compartment", osmanagementhub.ListManagedInstancesRequest{CompartmentId: &f.prodDB}, []string{"dbasm011", "dbasm012", "dblvm011"}},
		{"group anywhere", osmanagementhub.ListManagedInstancesRequest{Group: &f.group}, []string{"dbasm011", "dbasm012", "dblvm011"}},
		{"display name", osmanagementhub.ListManagedInstancesRequest{CompartmentId: &f.prodDB, DisplayName: []string{"dblvm011", "dbasm011"}}, []string{"dbasm011", "dblvm011"}},
		{"parent compartment only", osmanagementhub.ListManagedInstancesRequest{CompartmentId: &f.prod}, nil},
		{"two per page", osmanagementhub.ListManagedInstancesRequest{CompartmentId: &f.prodDB, Limit: common.Int(2)}, []string{"dbasm011", "dbasm012", "dblvm011"}},
		{"sorted by name descending", osmanagementhub.ListManagedInstancesRequest{CompartmentId: &f.prodDB, SortBy: osmanagementhub.ListManagedInstancesSortByDisplayname, SortOrder: osmanagementhub.ListManagedInstancesSortOrderDesc}, []string{"dblvm011", "dbasm012", "dbasm011"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var names []string
			req := tt.req
			for {
				resp, err := cl.ListManagedInstances(t.Context(), req)
				if err != nil {
					t.Fatal(err)
				}
				for _, mi := range resp.Items {
					names = append(names, deref(mi.DisplayName))
				}
				if req.Page = resp.OpcNextPage; req.Page == nil {
					break
				}
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("instances = %v, want %v", names, tt.want)
			}
		})
	}
	t.Run("subtree on a raw request", func(t *testing.T) {
		t.Parallel()
		resp := f.signed(t, http.MethodGet, "/20220901/managedInstances?compartmentId="+f.prod+"&compartmentIdInSubtree=true", nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
	})
}

func TestManagedInstanceContent(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	cl := f.osmh(t)
	ctx := t.Context()

	mi, err := cl.GetManagedInstance(ctx, osmanagementhub.GetManagedInstanceRequest{ManagedInstanceId: &f.instance.ID})
	if err != nil {
		t.Fatal(err)
	}
	if deref(mi.OsKernelVersion) != f.instance.OSKernelVersion || deref(mi.SecurityUpdatesAvailable) != 1 || deref(mi.UpdatesAvailable) != 2 ||
		mi.ManagedInstanceGroup == nil || deref(mi.ManagedInstanceGroup.Id) != f.group || mi.OsFamily != osmanagementhub.OsFamilyOracleLinux8 {
		t.Errorf("GetManagedInstance = %v", mi.ManagedInstance)
	}

	tests := []struct {
		name  string
		req   osmanagementhub.ListManagedInstanceErrataRequest
		want  []string
		cves0 []string
	}{
		{"security", osmanagementhub.ListManagedInstanceErrataRequest{ClassificationType: []osmanagementhub.ClassificationTypesEnum{osmanagementhub.ClassificationTypesSecurity}}, []string{"ELSA-2025-1001", "ELSA-2025-1003"}, []string{"CVE-2025-0001", "CVE-2025-0002"}},
		{"all, newest first", osmanagementhub.ListManagedInstanceErrataRequest{SortBy: osmanagementhub.ListManagedInstanceErrataSortByTimeissued}, []string{"ELSA-2025-1003", "ELBA-2025-1002", "ELSA-2025-1001"}, []string{"CVE-2025-0003"}},
		{"by name", osmanagementhub.ListManagedInstanceErrataRequest{Name: []string{"ELBA-2025-1002"}}, []string{"ELBA-2025-1002"}, []string{}},
		{"one per page", osmanagementhub.ListManagedInstanceErrataRequest{Limit: common.Int(1)}, []string{"ELSA-2025-1001", "ELBA-2025-1002", "ELSA-2025-1003"}, []string{"CVE-2025-0001", "CVE-2025-0002"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := tt.req
			req.ManagedInstanceId = &f.instance.ID
			var got []osmanagementhub.ManagedInstanceErratumSummary
			for {
				resp, err := cl.ListManagedInstanceErrata(t.Context(), req)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, resp.Items...)
				if req.Page = resp.OpcNextPage; req.Page == nil {
					break
				}
			}
			var names []string
			for _, e := range got {
				names = append(names, deref(e.Name))
				if e.TimeIssued == nil || e.Synopsis == nil || e.AdvisoryType == "" {
					t.Errorf("erratum %s lacks fields: %v", deref(e.Name), e)
				}
			}
			if !slices.Equal(names, tt.want) {
				t.Fatalf("errata = %v, want %v", names, tt.want)
			}
			if !slices.Equal(got[0].RelatedCves, tt.cves0) {
				t.Errorf("CVEs of %s = %v, want %v", names[0], got[0].RelatedCves, tt.cves0)
			}
		})
	}

	pkgs, err := cl.ListManagedInstanceUpdatablePackages(ctx, osmanagementhub.ListManagedInstanceUpdatablePackagesRequest{
		ManagedInstanceId:  &f.instance.ID,
		ClassificationType: []osmanagementhub.ClassificationTypesEnum{osmanagementhub.ClassificationTypesSecurity},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs.Items) != 1 || deref(pkgs.Items[0].Name) != "kernel-uek" || deref(pkgs.Items[0].InstalledVersion) != "5.4.17-2136.330.7.el8uek" ||
		pkgs.Items[0].AdvisorySeverity != osmanagementhub.AdvisorySeverityImportant || !slices.Equal(pkgs.Items[0].Errata, []string{"ELSA-2025-1001"}) {
		t.Errorf("updatable security packages = %v", pkgs.Items)
	}

	_, err = cl.ListManagedInstanceErrata(ctx, osmanagementhub.ListManagedInstanceErrataRequest{ManagedInstanceId: common.String("ocid1.instance.oc1.iad.nope"), RequestMetadata: noRetry()})
	wantServiceError(t, err, http.StatusNotFound, "NotAuthorizedOrNotFound")
}
