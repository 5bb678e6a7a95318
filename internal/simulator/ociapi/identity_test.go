package ociapi

import (
	"net/http"
	"slices"
	"testing"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/identity"
)

func TestListCompartments(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if _, err := f.store.PutCompartment(Compartment{Name: "retired", LifecycleState: "DELETED"}); err != nil {
		t.Fatal(err)
	}
	id := f.identity(t)
	tests := []struct {
		name string
		req  identity.ListCompartmentsRequest
		want []string
	}{
		{"children of the tenancy", identity.ListCompartmentsRequest{CompartmentId: &f.tenancy}, []string{"prod", "dev", "retired"}},
		{"whole tree", identity.ListCompartmentsRequest{CompartmentId: &f.tenancy, CompartmentIdInSubtree: common.Bool(true), AccessLevel: identity.ListCompartmentsAccessLevelAccessible}, []string{"prod", "dev", "retired", "prod-db"}},
		{"active only", identity.ListCompartmentsRequest{CompartmentId: &f.tenancy, CompartmentIdInSubtree: common.Bool(true), LifecycleState: identity.CompartmentLifecycleStateActive}, []string{"prod", "dev", "prod-db"}},
		{"children of a compartment", identity.ListCompartmentsRequest{CompartmentId: &f.prod}, []string{"prod-db"}},
		{"by name", identity.ListCompartmentsRequest{CompartmentId: &f.tenancy, Name: common.String("dev")}, []string{"dev"}},
		{"sorted by name", identity.ListCompartmentsRequest{CompartmentId: &f.tenancy, SortBy: identity.ListCompartmentsSortByName}, []string{"dev", "prod", "retired"}},
		{"one per page", identity.ListCompartmentsRequest{CompartmentId: &f.tenancy, CompartmentIdInSubtree: common.Bool(true), Limit: common.Int(1)}, []string{"prod", "dev", "retired", "prod-db"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var names []string
			req := tt.req
			for {
				resp, err := id.ListCompartments(t.Context(), req)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range resp.Items {
					names = append(names, deref(c.Name))
				}
				if req.Page = resp.OpcNextPage; req.Page == nil {
					break
				}
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("compartments = %v, want %v", names, tt.want)
			}
		})
	}

	t.Run("subtree below the tenancy only", func(t *testing.T) {
		t.Parallel()
		_, err := id.ListCompartments(t.Context(), identity.ListCompartmentsRequest{CompartmentId: &f.prod, CompartmentIdInSubtree: common.Bool(true), RequestMetadata: noRetry()})
		wantServiceError(t, err, http.StatusBadRequest, "InvalidParameter")
	})
	t.Run("get", func(t *testing.T) {
		t.Parallel()
		c, err := id.GetCompartment(t.Context(), identity.GetCompartmentRequest{CompartmentId: &f.prodDB})
		if err != nil {
			t.Fatal(err)
		}
		if deref(c.Name) != "prod-db" || deref(c.CompartmentId) != f.prod || c.LifecycleState != identity.CompartmentLifecycleStateActive {
			t.Errorf("GetCompartment = %v", c.Compartment)
		}
		root, err := id.GetCompartment(t.Context(), identity.GetCompartmentRequest{CompartmentId: &f.tenancy})
		if err != nil {
			t.Fatal(err)
		}
		if deref(root.Id) != f.tenancy || deref(root.Name) != "acme" {
			t.Errorf("root compartment = %v", root.Compartment)
		}
		ten, err := id.GetTenancy(t.Context(), identity.GetTenancyRequest{TenancyId: &f.tenancy})
		if err != nil {
			t.Fatal(err)
		}
		if deref(ten.Name) != "acme" || deref(ten.HomeRegionKey) != "IAD" {
			t.Errorf("GetTenancy = %v", ten.Tenancy)
		}
		_, err = id.GetCompartment(t.Context(), identity.GetCompartmentRequest{CompartmentId: common.String("ocid1.compartment.oc1..nope"), RequestMetadata: noRetry()})
		wantServiceError(t, err, http.StatusNotFound, "NotAuthorizedOrNotFound")
	})
}
