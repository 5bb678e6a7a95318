package patch

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/remote"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/node"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/simtest"
)

// testTiming keeps simulated operations short; the engine still waits for
// them through its own polling, never through a sleep in the test.
const testTiming = `{"job": "150ms", "precheck": "40ms", "reboot": "60ms", "stack_stop": "10ms"}`

type harness struct {
	t     *testing.T
	fleet *simulator.Fleet
	api   *oci.Client
	pool  *remote.Pool

	mu     sync.Mutex
	events []Event
}

// newHarness starts a fleet of a 2-node ASM RAC "rac" and a 1-node LVM
// system "single", with the faults given per hostname (rac1, rac2,
// single1) or "*".
func newHarness(t *testing.T, faults map[string]string) *harness {
	t.Helper()
	fleet := simtest.Start(t, simtest.NetPatch, simtest.Scenario(simtest.Systems("rac", "single"), testTiming, faults))
	info := fleet.Info()
	api, err := oci.NewClient(simtest.OCIConfig(fleet))
	if err != nil {
		t.Fatal(err)
	}
	key, err := remote.PrivateKeyFile(filepath.Join(fleet.StateDir(), simulator.FileSSHKey), nil)
	if err != nil {
		t.Fatal(err)
	}
	pool, err := remote.NewPool(remote.Config{
		User: info.SSHUser, Port: info.SSHPort, Auth: []remote.AuthMethod{key},
		HostKey: remote.KnownHosts(filepath.Join(fleet.StateDir(), simulator.FileKnownHosts)),
		Retry:   remote.RetryPolicy{MaxAttempts: 1},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pool.Close() })
	return &harness{t: t, fleet: fleet, api: api, pool: pool}
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// system discovers a DB system through the fake OCI API, as callers do.
func (h *harness) system(name string) oci.System {
	h.t.Helper()
	sys, err := h.api.DBSystem(testContext(h.t), oci.Selector{CompartmentID: h.fleet.Info().CompartmentID, DisplayName: name})
	if err != nil {
		h.t.Fatal(err)
	}
	return sys
}

// engine returns an engine with fast polling; adjust tunes the rest.
func (h *harness) engine(adjust func(*Config)) *Engine {
	h.t.Helper()
	cfg := Config{
		RunID: "test-run", Owner: "patch tests",
		PollInitial: 5 * time.Millisecond, PollMax: 20 * time.Millisecond,
		RebootTimeout: 20 * time.Second, StackTimeout: 10 * time.Second, JobTimeout: 20 * time.Second,
		OnEvent: func(ev Event) {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.events = append(h.events, ev)
		},
	}
	if adjust != nil {
		adjust(&cfg)
	}
	e, err := New(cfg, h.pool, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	return e
}

func (h *harness) node(host string) *node.Node {
	h.t.Helper()
	n := h.fleet.Node(host)
	if n == nil {
		h.t.Fatalf("no node %s", host)
	}
	return n.Machine
}

// lockHeld reports whether the node's lock directory exists.
func (h *harness) lockHeld(host string) bool {
	h.t.Helper()
	var out strings.Builder
	status, err := h.node(host).Exec(testContext(h.t), "sudo -n test -d /var/tmp/fams-os-patch.lock", false, nil, &out, &out)
	if err != nil {
		h.t.Fatal(err)
	}
	return status == 0
}

func (h *harness) warnings(host string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, ev := range h.events {
		if ev.Node == host && ev.Kind == Warning {
			out = append(out, ev.Message)
		}
	}
	return out
}

func outcomes(res SystemResult) []Outcome {
	out := make([]Outcome, len(res.Nodes))
	for i, n := range res.Nodes {
		out[i] = n.Outcome
	}
	return out
}

func containsAll(s string, subs ...string) bool {
	return !slices.ContainsFunc(subs, func(sub string) bool { return !strings.Contains(s, sub) })
}

func cmd(line string) dbnode.Command { return dbnode.Command{Line: line} }
