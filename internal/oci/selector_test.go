package oci

import "testing"

func TestSelectorValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		sel     Selector
		wantErr []string
	}{
		{name: "by OCID", sel: Selector{ID: "ocid1.dbsystem.oc1.iad.aaa"}},
		{name: "by name in a compartment", sel: Selector{CompartmentID: "ocid1.compartment.oc1..a", DisplayName: "sales"}},
		{name: "by name in the tenancy", sel: Selector{CompartmentID: "ocid1.tenancy.oc1..a", DisplayName: "sales"}},
		{name: "nothing", sel: Selector{}, wantErr: []string{"db_system_id", "display_name"}},
		{name: "both", sel: Selector{ID: "ocid1.dbsystem.oc1..a", DisplayName: "x", CompartmentID: "ocid1.compartment.oc1..a"}, wantErr: []string{"either", "not both"}},
		{name: "wrong OCID kind names the field", sel: Selector{ID: "ocid1.dbnode.oc1..a"}, wantErr: []string{"db_system_id", `"ocid1.dbnode.oc1..a"`, "ocid1.dbsystem."}},
		{name: "name without compartment", sel: Selector{DisplayName: "x"}, wantErr: []string{"compartment_id is empty"}},
		{name: "compartment without name", sel: Selector{CompartmentID: "ocid1.compartment.oc1..a"}, wantErr: []string{"display_name is empty"}},
		{name: "compartment of the wrong kind", sel: Selector{CompartmentID: "ocid1.vcn.oc1..a", DisplayName: "x"}, wantErr: []string{"compartment_id", "ocid1.compartment. or ocid1.tenancy."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.sel.Validate()
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
