package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/node"
)

const patchAddr = "fams_dbnode_os_patch.this"

func osPatchConfig(fleet *simulator.Fleet, system int, option string) string {
	info := fleet.Info()
	return providerConfigSSH(fleet) + fmt.Sprintf(`
resource "fams_dbnode_os_patch" "this" {
  compartment_id         = %q
  db_system_display_name = %q
  option                 = %q
  poll_interval_max      = "50ms"
  reboot_timeout         = "1m"
}
`, info.CompartmentID, info.Systems[system].DisplayName, option)
}

func nodeAttr(i int, name string) tfjsonpath.Path {
	return tfjsonpath.New("nodes").AtSliceIndex(i).AtMapKey(name)
}

// nodeCheck runs f on a simulated node, by the hostname in state.
func nodeCheck(fleet *simulator.Fleet, i int, f func(*node.Node, map[string]string) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs := s.RootModule().Resources[patchAddr]
		if rs == nil {
			return fmt.Errorf("%s not in state", patchAddr)
		}
		attrs := rs.Primary.Attributes
		n := fleet.Node(attrs[fmt.Sprintf("nodes.%d.hostname", i)])
		if n == nil {
			return fmt.Errorf("node %d of state is not simulated", i)
		}
		node := map[string]string{}
		prefix := fmt.Sprintf("nodes.%d.", i)
		for k, v := range attrs {
			if rest, ok := strings.CutPrefix(k, prefix); ok {
				node[rest] = v
			}
		}
		return f(n.Machine, node)
	}
}

func noSecretInState(s *terraform.State) error {
	for addr, rs := range s.RootModule().Resources {
		for k, v := range rs.Primary.Attributes {
			if strings.Contains(v, "PRIVATE KEY") {
				return fmt.Errorf("%s.%s holds key material", addr, k)
			}
		}
	}
	return nil
}

// TestAccOSPatchRAC takes a 2-node ASM RAC through precheck, update, an
// empty plan, drift by a kernel rollback, the re-patch and an import.
func TestAccOSPatchRAC(t *testing.T) {
	t.Parallel()
	fleet := startFleet(t)
	jobs := func(i int, want int64) resource.TestCheckFunc {
		return nodeCheck(fleet, i, func(m *node.Node, _ map[string]string) error {
			if got := m.Counters().UpdateJobsStarted; got != want {
				return fmt.Errorf("%s: %d OS update jobs, want %d", m.State().Hostname, got, want)
			}
			return nil
		})
	}
	kernelIsNodes := func(i int) resource.TestCheckFunc {
		return nodeCheck(fleet, i, func(m *node.Node, st map[string]string) error {
			if k := m.State().Kernel; st["kernel_version"] != k || st["patched_kernel"] != k {
				return fmt.Errorf("%s runs %s; state says kernel %s, patched %s", st["hostname"], k, st["kernel_version"], st["patched_kernel"])
			}
			return nil
		})
	}
	rac2 := fleet.Info().Systems[0].Nodes[1].Hostname
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: osPatchConfig(fleet, 0, "precheck"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(patchAddr, nodeAttr(0, "outcome"), knownvalue.StringExact("PrecheckPassed")),
					statecheck.ExpectKnownValue(patchAddr, nodeAttr(1, "outcome"), knownvalue.StringExact("PrecheckPassed")),
					statecheck.ExpectKnownValue(patchAddr, tfjsonpath.New("preview").AtSliceIndex(0), knownvalue.StringRegexp(regexp.MustCompile(`^1\. salesrac1: kernel \S+; precheck only, no change, no reboot$`))),
					statecheck.ExpectKnownValue(patchAddr, tfjsonpath.New("id"), knownvalue.StringExact(fleet.Info().Systems[0].ID)),
				},
				Check: resource.ComposeTestCheckFunc(jobs(0, 0), jobs(1, 0), noSecretInState),
			},
			{
				Config: osPatchConfig(fleet, 0, "update"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(patchAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(patchAddr, tfjsonpath.New("preview").AtSliceIndex(1), knownvalue.StringRegexp(regexp.MustCompile(`^2\. salesrac2: kernel \S+; OS updates available: will update and reboot$`))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(patchAddr, nodeAttr(0, "outcome"), knownvalue.StringExact("Patched")),
					statecheck.ExpectKnownValue(patchAddr, nodeAttr(1, "outcome"), knownvalue.StringExact("Patched")),
					statecheck.ExpectKnownValue(patchAddr, nodeAttr(1, "last_job_status"), knownvalue.StringExact("Success")),
					statecheck.ExpectKnownValue(patchAddr, nodeAttr(1, "reachable"), knownvalue.Bool(true)),
				},
				Check: resource.ComposeTestCheckFunc(jobs(0, 1), jobs(1, 1), kernelIsNodes(0), kernelIsNodes(1), noSecretInState),
			},
			{
				// No drift: nothing to do.
				Config: osPatchConfig(fleet, 0, "update"), PlanOnly: true,
			},
			{
				// A new setting is recorded without touching a node.
				Config: strings.Replace(osPatchConfig(fleet, 0, "update"), `"50ms"`, `"40ms"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(patchAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(patchAddr, nodeAttr(0, "outcome"), knownvalue.StringExact("Patched")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(patchAddr, tfjsonpath.New("poll_interval_max"), knownvalue.StringExact("40ms")),
				},
				Check: resource.ComposeTestCheckFunc(jobs(0, 1), jobs(1, 1), nodeCheck(fleet, 0, func(m *node.Node, _ map[string]string) error {
					if c := m.Counters().Reboots; c != 1 {
						return fmt.Errorf("%d reboots, want the 1 of the patch", c)
					}
					return nil
				})),
			},
			{
				// An operator boots rac2 back into its old kernel.
				PreConfig: func() {
					m := fleet.Node(rac2).Machine
					m.RollbackKernel()
					ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
					defer cancel()
					if err := m.WaitPower(ctx, false); err != nil {
						t.Fatal(err)
					}
					if err := m.WaitPower(ctx, true); err != nil {
						t.Fatal(err)
					}
				},
				Config: osPatchConfig(fleet, 0, "update"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(patchAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(patchAddr, tfjsonpath.New("preview").AtSliceIndex(0), knownvalue.StringRegexp(regexp.MustCompile(`up to date: nothing to install, no reboot`))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(patchAddr, nodeAttr(0, "outcome"), knownvalue.StringExact("UpToDate")),
					statecheck.ExpectKnownValue(patchAddr, nodeAttr(1, "outcome"), knownvalue.StringExact("Patched")),
				},
				Check: resource.ComposeTestCheckFunc(jobs(0, 1), jobs(1, 2), kernelIsNodes(1)),
			},
			{
				Config: osPatchConfig(fleet, 0, "update"), PlanOnly: true,
			},
			{
				ResourceName:  patchAddr,
				ImportState:   true,
				ImportStateId: fleet.Info().Systems[0].ID,
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					if len(states) != 1 || states[0].Attributes["nodes.#"] != "2" || states[0].Attributes["nodes.1.patched_kernel"] == "" {
						return fmt.Errorf("imported %v", states)
					}
					return nil
				},
			},
		},
	})
}

// TestAccOSPatchFailureThenResume fails the first node's OS update: the
// error names node and phase, state records the run, and once the fault
// is gone the next apply finishes the system.
func TestAccOSPatchFailureThenResume(t *testing.T) {
	t.Parallel()
	fleet := startFleet(t)
	first := fleet.Info().Systems[0].Nodes[0].Hostname
	if err := fleet.Node(first).Machine.UpdateFaults(func(f *node.Faults) { f.JobOutcome = node.OutcomeFailure }); err != nil {
		t.Fatal(err)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      osPatchConfig(fleet, 0, "update"),
				ExpectError: regexp.MustCompile(`(?s)OS patch failed in phase update.*node salesrac1, phase update:.*ended Failure`),
			},
			{
				PreConfig: func() {
					if err := fleet.Node(first).Machine.SetFaults(node.Faults{}); err != nil {
						t.Fatal(err)
					}
				},
				Config: osPatchConfig(fleet, 0, "update"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// The failed create left a tainted resource with its nodes recorded.
					plancheck.ExpectResourceAction(patchAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(patchAddr, nodeAttr(0, "outcome"), knownvalue.StringExact("Patched")),
					statecheck.ExpectKnownValue(patchAddr, nodeAttr(1, "outcome"), knownvalue.StringExact("Patched")),
				},
			},
		},
	})
}

func TestAccOSPatchLVM(t *testing.T) {
	t.Parallel()
	fleet := startFleet(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: osPatchConfig(fleet, 1, "update"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(patchAddr, tfjsonpath.New("nodes"), knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownValue(patchAddr, nodeAttr(0, "outcome"), knownvalue.StringExact("Patched")),
				statecheck.ExpectKnownValue(patchAddr, nodeAttr(0, "reboot_required"), knownvalue.Bool(false)),
			},
		}},
	})
}

func TestAccOSPatchValidation(t *testing.T) {
	t.Parallel()
	const good = `ocid1.dbsystem.oc1.eu-frankfurt-1.abc`
	tests := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"bad OCID", `db_system_id = "dbsystem-1"`, regexp.MustCompile(`(?s)db_system_id.*must be a DB system OCID`)},
		{"unknown option", `db_system_id = "` + good + `"
  option = "upgrade"`, regexp.MustCompile(`(?s)option.*value must be one of`)},
		{"both id and name", `db_system_id = "` + good + `"
  db_system_display_name = "x"
  compartment_id = "ocid1.compartment.oc1..abc"`, regexp.MustCompile(`(?s)Invalid Attribute Combination`)},
		{"neither", `option = "update"`, regexp.MustCompile(`(?s)Exactly one of these attributes must be configured.*db_system_id`)},
		{"bad duration", `db_system_id = "` + good + `"
  job_timeout = "3 hours"`, regexp.MustCompile(`(?s)job_timeout.*not a positive duration`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config:      "provider \"fams\" {}\nresource \"fams_dbnode_os_patch\" \"this\" {\n  " + tt.body + "\n}\n",
					PlanOnly:    true,
					ExpectError: tt.want,
				}},
			})
		})
	}
}

func TestAccPatchStateDataSource(t *testing.T) {
	t.Parallel()
	fleet := startFleet(t)
	info := fleet.Info()
	rac := info.Systems[0]
	// The second node has an update installed that waits for a reboot,
	// and a run's lock: what an interrupted patch leaves behind.
	second := fleet.Node(rac.Nodes[1].Hostname).Machine
	var out strings.Builder
	for _, line := range []string{
		"sudo -n /opt/oracle/dcs/bin/dbcli update-server -c os",
		`sudo -n sh -c "mkdir /var/tmp/fams-os-patch.lock && printf 'owner=famsctl@ops\nrun_id=r1\nstarted=2026-12-01T10:00:00Z\n' > /var/tmp/fams-os-patch.lock/owner"`,
	} {
		if status, err := second.Exec(t.Context(), line, false, nil, &out, &out); err != nil || status != 0 {
			t.Fatalf("%s: %d %v %s", line, status, err, out.String())
		}
	}
	addr := "data.fams_dbnode_patch_state.rac"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerConfigSSH(fleet) + fmt.Sprintf(`
data "fams_dbnode_patch_state" "rac" {
  db_system_id = %q
}
`, rac.ID),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(rac.ID)),
				statecheck.ExpectKnownValue(addr, nodeAttr(0, "hostname"), knownvalue.StringExact(rac.Nodes[0].Hostname)),
				statecheck.ExpectKnownValue(addr, nodeAttr(0, "kernel_version"), knownvalue.StringExact(fleet.Node(rac.Nodes[0].Hostname).Machine.Kernel())),
				statecheck.ExpectKnownValue(addr, nodeAttr(0, "update_available"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(addr, nodeAttr(0, "lock_holder"), knownvalue.StringExact("")),
				statecheck.ExpectKnownValue(addr, nodeAttr(1, "last_job_status"), knownvalue.StringRegexp(regexp.MustCompile(`^(Created|Running|Success)$`))),
				statecheck.ExpectKnownValue(addr, nodeAttr(1, "lock_holder"), knownvalue.StringExact("famsctl@ops (run r1, since 2026-12-01T10:00:00Z)")),
				statecheck.ExpectKnownValue(addr, nodeAttr(1, "reachable"), knownvalue.Bool(true)),
			},
		}},
	})
}

// TestAccOSPatchTrustOnFirstUse runs without known_hosts: the key each
// node shows first is recorded, and a node that later shows another key
// is refused.
func TestAccOSPatchTrustOnFirstUse(t *testing.T) {
	t.Parallel()
	fleet := startFleet(t)
	info := fleet.Info()
	lvm := info.Systems[1]
	sim := fleet.Node(lvm.Nodes[0].Hostname)
	config := func(window string) string {
		withoutKnownHosts := regexp.MustCompile(`(?m)^\s*known_hosts_file.*$`).ReplaceAllString(providerConfigSSH(fleet), "")
		return withoutKnownHosts + fmt.Sprintf(`
resource "fams_dbnode_os_patch" "this" {
  db_system_id      = %q
  poll_interval_max = "50ms"
  triggers          = { window = %q }
}
`, lvm.ID, window)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("2026-11"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(patchAddr, nodeAttr(0, "host_key_fingerprint"), knownvalue.StringExact(sim.Info.HostKeyFingerprint)),
					statecheck.ExpectKnownValue(patchAddr, nodeAttr(0, "outcome"), knownvalue.StringExact("Patched")),
				},
			},
			{
				PreConfig: func() {
					if err := sim.RotateHostKey(); err != nil {
						t.Fatal(err)
					}
				},
				Config:      config("2026-12"),
				ExpectError: regexp.MustCompile(`(?s)phase connect:.*host key`),
			},
		},
	})
}
