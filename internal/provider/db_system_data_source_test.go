package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
)

func TestAccDBSystemDataSource(t *testing.T) {
	t.Parallel()
	fleet := startFleet(t)
	info := fleet.Info()
	rac, lvm := info.Systems[0], info.Systems[1]

	nodeChecks := func(addr string, sys int) []statecheck.StateCheck {
		s := info.Systems[sys]
		checks := []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(s.ID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("display_name"), knownvalue.StringExact(s.DisplayName)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("compartment_id"), knownvalue.StringExact(s.CompartmentID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(len(s.Nodes))),
		}
		for i, n := range s.Nodes {
			checks = append(checks,
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("nodes").AtSliceIndex(i).AtMapKey("hostname"), knownvalue.StringExact(n.Hostname)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("nodes").AtSliceIndex(i).AtMapKey("private_ip"), knownvalue.StringExact(n.PrivateIP)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("nodes").AtSliceIndex(i).AtMapKey("id"), knownvalue.StringExact(n.ID)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("nodes").AtSliceIndex(i).AtMapKey("reboot_required"), knownvalue.Bool(false)),
			)
		}
		return checks
	}
	checks := append(nodeChecks("data.fams_db_system.rac", 0), nodeChecks("data.fams_db_system.lvm", 1)...)
	checks = append(checks,
		statecheck.ExpectKnownValue("data.fams_db_system.rac", tfjsonpath.New("storage_management"), knownvalue.StringExact("ASM")),
		statecheck.ExpectKnownValue("data.fams_db_system.lvm", tfjsonpath.New("storage_management"), knownvalue.StringExact("LVM")),
	)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfig(fleet) + fmt.Sprintf(`
# By name, searched from the fleet's compartment down through its sub-compartments.
data "fams_db_system" "rac" {
  compartment_id = %q
  display_name   = %q
}

# By OCID.
data "fams_db_system" "lvm" {
  db_system_id = %q
}
`, info.CompartmentID, rac.DisplayName, lvm.ID),
			ConfigStateChecks: checks,
		}},
	})
}

func TestAccDBSystemDataSourceErrors(t *testing.T) {
	t.Parallel()
	fleet := startFleet(t)
	info := fleet.Info()
	steps := []struct {
		config string
		want   string
	}{
		{`data "fams_db_system" "x" {}`, `(?s)Exactly one of these attributes must be configured.*db_system_id,display_name`},
		{fmt.Sprintf(`data "fams_db_system" "x" {
  db_system_id = %q
  display_name = "sales-rac"
  compartment_id = %q
}`, info.Systems[0].ID, info.CompartmentID), `(?s)Exactly one of these attributes must be configured`},
		{`data "fams_db_system" "x" { display_name = "sales-rac" }`, `(?s)must be configured together: \[display_name,compartment_id\]`},
		{`data "fams_db_system" "x" { db_system_id = "not-an-ocid" }`, `(?s)db_system_id.*must be an OCID`},
		{fmt.Sprintf(`data "fams_db_system" "x" {
  compartment_id = %q
  display_name   = "no-such-system"
}`, info.CompartmentID), `(?s)no-such-system`},
	}
	for _, s := range steps {
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviderFactories,
			Steps: []resource.TestStep{{
				Config:      providerConfig(fleet) + s.config,
				ExpectError: regexp.MustCompile(s.want),
			}},
		})
	}
}

func TestAccDBNodesDataSource(t *testing.T) {
	t.Parallel()
	fleet := startFleet(t)
	info := fleet.Info()
	addr := "data.fams_db_nodes.fleet"
	// Systems sorted by display name: hr-db (1 node), then sales-rac (2).
	hr, rac := info.Systems[1], info.Systems[0]
	want := []struct {
		system simulator.SystemInfo
		node   int
	}{{hr, 0}, {rac, 0}, {rac, 1}}
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(len(want))),
	}
	for i, w := range want {
		at := func(name string) tfjsonpath.Path { return tfjsonpath.New("nodes").AtSliceIndex(i).AtMapKey(name) }
		checks = append(checks,
			statecheck.ExpectKnownValue(addr, at("db_system_id"), knownvalue.StringExact(w.system.ID)),
			statecheck.ExpectKnownValue(addr, at("hostname"), knownvalue.StringExact(w.system.Nodes[w.node].Hostname)),
			statecheck.ExpectKnownValue(addr, at("private_ip"), knownvalue.StringExact(w.system.Nodes[w.node].PrivateIP)),
		)
	}
	checks = append(checks,
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("nodes").AtSliceIndex(0).AtMapKey("storage_management"), knownvalue.StringExact("LVM")),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("nodes").AtSliceIndex(1).AtMapKey("storage_management"), knownvalue.StringExact("ASM")),
	)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            providerConfig(fleet) + fmt.Sprintf("data \"fams_db_nodes\" \"fleet\" {\n  compartment_id = %q\n}\n", info.TenancyID),
				ConfigStateChecks: checks,
			},
			{
				Config:      providerConfig(fleet) + "data \"fams_db_nodes\" \"fleet\" {\n  compartment_id = \"ocid1.dbsystem.oc1..x\"\n}\n",
				ExpectError: regexp.MustCompile(`(?s)compartment_id.*not the right kind of OCID.*ocid1.compartment. or ocid1.tenancy.`),
			},
		},
	})
}
