package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/node"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/simtest"
)

// testTiming keeps simulated operations short; famsctl still waits for
// them through its own polling, never through a sleep in the test.
const testTiming = `{"job": "150ms", "precheck": "40ms", "reboot": "60ms", "stack_stop": "10ms"}`

type testFleet struct {
	t     *testing.T
	fleet *simulator.Fleet
}

// newTestFleet starts a 2-node ASM system "rac" (rac1, rac2) and a 1-node
// LVM system "single" (single1), with faults given per hostname as JSON.
func newTestFleet(t *testing.T, faults map[string]string) *testFleet {
	t.Helper()
	fleet := simtest.Start(t, simtest.NetFamsctl, simtest.Scenario(simtest.Systems("rac", "single"), testTiming, faults))
	return &testFleet{t: t, fleet: fleet}
}

// access are the flags that reach the fleet: its OCI API and SSH.
func (f *testFleet) access() []string {
	info, dir := f.fleet.Info(), f.fleet.StateDir()
	return []string{
		"--auth", "api_key", "--endpoint", info.Endpoint, "--region", info.Region, "--profile", "DEFAULT",
		"--config-file", filepath.Join(dir, simulator.FileOCIConfig), "--compartment-id", info.CompartmentID,
		"--ssh-user", info.SSHUser, "--ssh-port", strconv.Itoa(info.SSHPort),
		"--ssh-private-key-file", filepath.Join(dir, simulator.FileSSHKey), "--ssh-private-key-secret-id", "",
		"--known-hosts", filepath.Join(dir, simulator.FileKnownHosts),
	}
}

// patchArgs are a patch command with fast polling.
func (f *testFleet) patchArgs(extra ...string) []string {
	args := append([]string{"patch"}, f.access()...)
	args = append(args, "--poll-interval-max", "20ms", "--job-timeout", "20s", "--reboot-timeout", "20s")
	return append(args, extra...)
}

func (f *testFleet) node(host string) *node.Node {
	f.t.Helper()
	n := f.fleet.Node(host)
	if n == nil {
		f.t.Fatalf("no node %s", host)
	}
	return n.Machine
}

func (f *testFleet) ip(host string) string {
	f.t.Helper()
	n := f.fleet.Node(host)
	if n == nil {
		f.t.Fatalf("no node %s", host)
	}
	return n.Info.PrivateIP
}

// runSplit executes famsctl in-process, keeping stdout apart from the
// error main would print on stderr.
func runSplit(t *testing.T, args ...string) (stdout, errText string, code int) {
	t.Helper()
	cmd := newRootCommand()
	var out, errOut strings.Builder
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(t.Context())
	if err != nil {
		errOut.WriteString(err.Error())
	}
	return out.String(), errOut.String(), exitCode(err)
}
