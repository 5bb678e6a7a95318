package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/node"
)

// Each test fleet gets its own loopback range, so parallel tests never
// share an address.
var fleetSeq atomic.Int32

// testTiming keeps simulated operations short; famsctl still waits for
// them through its own polling, never through a sleep in the test.
var testTiming = simulator.Timing{Job: 150 * time.Millisecond, Precheck: 40 * time.Millisecond, Reboot: 60 * time.Millisecond, StackStop: 10 * time.Millisecond}

type testFleet struct {
	t     *testing.T
	fleet *simulator.Fleet
}

// newTestFleet starts a 2-node ASM system "rac" (rac1, rac2) and a 1-node
// LVM system "single" (single1), with faults given per hostname as JSON.
func newTestFleet(t *testing.T, faults map[string]string) *testFleet {
	t.Helper()
	seq := fleetSeq.Add(1)
	var f []string
	for host, knobs := range faults {
		f = append(f, fmt.Sprintf("%q: %s", host, knobs))
	}
	scenario, err := simulator.ParseScenario(fmt.Appendf(nil, `{
		"systems": [{"display_name": "rac", "storage": "asm", "nodes": 2}, {"display_name": "single", "storage": "lvm", "nodes": 1}],
		"faults": {%s}}`, strings.Join(f, ",")))
	if err != nil {
		t.Fatal(err)
	}
	fleet, err := simulator.Start(simulator.Options{
		StateDir: filepath.Join(t.TempDir(), "sim"), Scenario: scenario, Timing: testTiming,
		FirstNodeIP: fmt.Sprintf("127.62.%d.1", seq), SSHPort: 0,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fleet.Close() })
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
