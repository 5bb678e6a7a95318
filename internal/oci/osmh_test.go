package oci

import "testing"

func TestManagedInstanceQueryValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		q       ManagedInstanceQuery
		wantErr []string
	}{
		{name: "compartment", q: ManagedInstanceQuery{CompartmentID: "ocid1.compartment.oc1..a"}},
		{name: "tenancy subtree", q: ManagedInstanceQuery{CompartmentID: "ocid1.tenancy.oc1..a", IncludeSubtree: true, PageSize: 50}},
		{name: "group alone", q: ManagedInstanceQuery{GroupID: "ocid1.osmhmanagedinstancegroup.oc1..g"}},
		{name: "nothing", q: ManagedInstanceQuery{}, wantErr: []string{"compartment_id", "managed_instance_group_id"}},
		{name: "subtree without compartment", q: ManagedInstanceQuery{GroupID: "ocid1.osmhmanagedinstancegroup.oc1..g", IncludeSubtree: true}, wantErr: []string{"include_subtree needs compartment_id"}},
		{name: "wrong group kind", q: ManagedInstanceQuery{GroupID: "group-1"}, wantErr: []string{"managed_instance_group_id", "ocid1."}},
		{name: "page size", q: ManagedInstanceQuery{CompartmentID: "ocid1.compartment.oc1..a", PageSize: 5000}, wantErr: []string{"page size", "5000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.q.Validate()
			if len(tt.wantErr) == 0 {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			mustContain(t, err, tt.wantErr...)
		})
	}
}
