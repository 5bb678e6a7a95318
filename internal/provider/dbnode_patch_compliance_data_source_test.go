package provider

import (
	"fmt"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/node"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/simtest"
)

// securityAdvisories counts what a simulated node lacks.
func securityAdvisories(fleet *simulator.Fleet, hostname string) int {
	n := 0
	for _, a := range fleet.Node(hostname).Machine.Advisories() {
		if a.Type == "security" {
			n++
		}
	}
	return n
}

func sshBlock(fleet *simulator.Fleet) string {
	info := fleet.Info()
	return fmt.Sprintf(`
  ssh = {
    user                  = %q
    port                  = %d
    private_key_secret_id = %q
    known_hosts_file      = %q
  }`, info.SSHUser, info.SSHPort, info.SSHSecretID, filepath.Join(fleet.StateDir(), simulator.FileKnownHosts))
}

func TestAccPatchComplianceDataSource(t *testing.T) {
	t.Parallel()
	fleet := startFleet(t)
	info := fleet.Info()
	rac, lvm := info.Systems[0], info.Systems[1]
	const addr = "data.fams_dbnode_patch_compliance.rac"
	const lvmAddr = "data.fams_dbnode_patch_compliance.lvm"
	config := func(maxSeverity string) string {
		return providerConfig(fleet) + fmt.Sprintf(`
data "fams_dbnode_patch_compliance" "rac" {
  compartment_id         = %q
  db_system_display_name = %q
  max_severity           = %q
  max_age                = "36500d"
}

data "fams_dbnode_patch_compliance" "lvm" {
  db_system_id = %q
  source       = "node"
  max_severity = "critical"
%s
}
`, info.CompartmentID, rac.DisplayName, maxSeverity, lvm.ID, sshBlock(fleet))
	}
	node := func(_ string, i int, key string) tfjsonpath.Path {
		return tfjsonpath.New("nodes").AtSliceIndex(i).AtMapKey(key)
	}
	first := rac.Nodes[0]
	before := securityAdvisories(fleet, first.Hostname)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				// Critical is allowed: every node complies, whatever it lacks.
				Config: config("Critical"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("compliant"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownValue(addr, node(addr, 0, "hostname"), knownvalue.StringExact(first.Hostname)),
					statecheck.ExpectKnownValue(addr, node(addr, 0, "private_ip"), knownvalue.StringExact(first.PrivateIP)),
					statecheck.ExpectKnownValue(addr, node(addr, 0, "source"), knownvalue.StringExact("osmh")),
					statecheck.ExpectKnownValue(addr, node(addr, 0, "managed_instance_id"), knownvalue.StringExact(first.ManagedInstanceID)),
					statecheck.ExpectKnownValue(addr, node(addr, 0, "missing_security_updates"), knownvalue.Int64Exact(int64(before))),
					statecheck.ExpectKnownValue(addr, node(addr, 0, "max_severity"), knownvalue.StringExact("Critical")),
					statecheck.ExpectKnownValue(addr, node(addr, 0, "reasons"), knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(addr, node(addr, 0, "updates").AtSliceIndex(0).AtMapKey("severity"), knownvalue.StringExact("Critical")),
					statecheck.ExpectKnownValue(addr, node(addr, 0, "updates").AtSliceIndex(0).AtMapKey("published"), knownvalue.StringRegexp(regexp.MustCompile(`^2026-`))),
					statecheck.ExpectKnownValue(lvmAddr, tfjsonpath.New("compliant"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(lvmAddr, node(lvmAddr, 0, "source"), knownvalue.StringExact("node")),
					statecheck.ExpectKnownValue(lvmAddr, node(lvmAddr, 0, "hostname"), knownvalue.StringExact(lvm.Nodes[0].Hostname)),
					statecheck.ExpectKnownValue(lvmAddr, node(lvmAddr, 0, "managed_instance_id"), knownvalue.StringExact("")),
					statecheck.ExpectKnownValue(lvmAddr, node(lvmAddr, 0, "missing_security_updates"), knownvalue.Int64Exact(int64(securityAdvisories(fleet, lvm.Nodes[0].Hostname)))),
					statecheck.ExpectKnownValue(lvmAddr, node(lvmAddr, 0, "updates").AtSliceIndex(0).AtMapKey("published"), knownvalue.StringExact("")),
				},
			},
			{
				// New advisories published on one node reach OS Management
				// Hub; under the strictest policy that node is not compliant.
				PreConfig: func() { simtest.PublishAdvisories(t, fleet, first.Hostname, 2) },
				Config:    config("none"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("compliant"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, node(addr, 0, "compliant"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(addr, node(addr, 0, "missing_security_updates"), knownvalue.Int64Exact(int64(before+2))),
					statecheck.ExpectKnownValue(addr, node(addr, 0, "reasons").AtSliceIndex(0),
						knownvalue.StringExact(fmt.Sprintf("%d security advisories missing (highest Critical); the policy allows none", before+2))),
					statecheck.ExpectKnownValue(addr, node(addr, 1, "missing_security_updates"), knownvalue.Int64Exact(int64(securityAdvisories(fleet, rac.Nodes[1].Hostname)))),
				},
			},
		},
	})
}

func TestAccPatchComplianceDataSourceErrors(t *testing.T) {
	t.Parallel()
	fleet := startFleet(t)
	info := fleet.Info()
	sys := info.Systems[0].ID
	steps := []struct {
		config string
		want   string
	}{
		{`data "fams_dbnode_patch_compliance" "x" {}`, `(?s)Exactly one of these attributes must be configured.*db_system_id,db_system_display_name`},
		{`data "fams_dbnode_patch_compliance" "x" { db_system_display_name = "sales-rac" }`, `(?s)must be configured together`},
		{fmt.Sprintf(`data "fams_dbnode_patch_compliance" "x" {
  db_system_id = %q
  max_severity = "high"
}`, sys), `(?s)max_severity.*value must be one of`},
		{fmt.Sprintf(`data "fams_dbnode_patch_compliance" "x" {
  db_system_id = %q
  max_age      = "soon"
}`, sys), `(?s)max_age: "soon" is not a positive duration; write it like 30d`},
		{fmt.Sprintf(`data "fams_dbnode_patch_compliance" "x" {
  db_system_id = %q
  source       = "ssh"
}`, sys), `(?s)source.*value must be one of`},
		{fmt.Sprintf(`data "fams_dbnode_patch_compliance" "x" {
  db_system_id = %q
  source       = "node"
  ssh = { private_key = "not a key" }
}`, sys), `(?s)ssh.private_key: the content is not a PEM-encoded private key`},
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

// TestAccPatchThenCompliance is the cycle users run: a node lacking a
// critical update is not compliant, patching makes it compliant, and a
// newly published advisory makes it non-compliant again.
func TestAccPatchThenCompliance(t *testing.T) {
	t.Parallel()
	fleet := startFleet(t)
	lvm := fleet.Info().Systems[1]
	const addr = "data.fams_dbnode_patch_compliance.lvm"
	config := func(patched bool) string {
		c := providerConfigSSH(fleet) + fmt.Sprintf(`
data "fams_dbnode_patch_compliance" "lvm" {
  db_system_id = %q
  source       = "node"
  max_severity = "moderate"
`, lvm.ID)
		if !patched {
			return c + "}\n"
		}
		return c + fmt.Sprintf(`  depends_on = [fams_dbnode_os_patch.lvm]
}

resource "fams_dbnode_os_patch" "lvm" {
  db_system_id      = %q
  poll_interval_max = "50ms"
}
`, lvm.ID)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config(false),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("compliant"), knownvalue.Bool(false))},
			},
			{
				Config:            config(true),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("compliant"), knownvalue.Bool(true))},
			},
			{
				PreConfig: func() {
					if err := fleet.Node(lvm.Nodes[0].Hostname).Machine.UpdateFaults(func(f *node.Faults) { f.NewSecurityUpdates = 2 }); err != nil {
						t.Fatal(err)
					}
				},
				Config:            config(true),
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("compliant"), knownvalue.Bool(false))},
			},
		},
	})
}
