package patch

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/fleetpatch/terraform-provider-fams/internal/access"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/simtest"
)

func TestDialWithVaultKeyAndInspect(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	ctx := testContext(t)
	pool, err := access.Dial(ctx, simtest.SSH(h.fleet), h.api, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pool.Close() })
	e, err := New(Config{}, pool, h.fleet.Info().SSHPort)
	if err != nil {
		t.Fatal(err)
	}
	sys := h.system("rac")
	states := e.Inspect(ctx, sys, 0)
	for i, st := range states {
		sim := h.fleet.Node(sys.Nodes[i].Hostname)
		live := sim.Machine.State()
		switch {
		case st.Err != nil:
			t.Errorf("%s: %v", st.Hostname, st.Err)
		case st.Kernel != live.Kernel || st.BootID != live.BootID:
			t.Errorf("%s: kernel %s boot %s; node runs %s boot %s", st.Hostname, st.Kernel, st.BootID, live.Kernel, live.BootID)
		case !st.UpdateAvailable || st.RebootRequired || st.Lock != nil:
			t.Errorf("%s: available %v, reboot %v, lock %v", st.Hostname, st.UpdateAvailable, st.RebootRequired, st.Lock)
		case st.HostKeyFingerprint != sim.Info.HostKeyFingerprint:
			t.Errorf("%s: host key %s, node has %s", st.Hostname, st.HostKeyFingerprint, sim.Info.HostKeyFingerprint)
		}
	}
	if c := h.node(sys.Nodes[0].Hostname).Counters(); c.UpdateJobsStarted+c.PrecheckJobsStarted != 0 {
		t.Errorf("inspecting started jobs: %+v", c)
	}
}

func TestInspectUnreachableNode(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	sys := h.system("rac")
	h.node(sys.Nodes[1].Hostname).PowerOff()
	states := h.engine(nil).Inspect(testContext(t), sys, 1)
	if states[0].Err != nil || states[0].Kernel == "" {
		t.Errorf("the reachable node: %+v", states[0])
	}
	if err := states[1].Err; err == nil || !containsAll(err.Error(), "node "+sys.Nodes[1].Hostname, "read the kernel") {
		t.Errorf("the powered-off node: %v", err)
	}
}

// Discovery problems stop a run before any node is touched: the caller
// discovers and dials first, and each failure names what to fix.
func TestDiscoveryErrorsTouchNoNode(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	info := h.fleet.Info()
	ctx := testContext(t)
	resp, err := http.Post(info.AdminURL+"/api-faults", "application/json",
		bytes.NewReader([]byte(`{"forbid_secrets": ["`+info.SSHSecretID+`"]}`)))
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("forbid the secret: %s", resp.Status)
	}
	tests := []struct {
		name string
		run  func() error
		want []string
	}{
		{"missing system", func() error {
			_, err := h.api.DBSystem(ctx, oci.Selector{CompartmentID: info.CompartmentID, DisplayName: "no-such-db"})
			return err
		}, []string{"no-such-db", info.CompartmentID}},
		{"forbidden secret", func() error {
			_, err := access.Dial(ctx, simtest.SSH(h.fleet), h.api, nil)
			return err
		}, []string{"ssh: load the private key", info.SSHSecretID}},
		{"no key at all", func() error {
			s := simtest.SSH(h.fleet)
			s.PrivateKeySecretID = ""
			_, err := access.Dial(ctx, s, h.api, nil)
			return err
		}, []string{"no private key", "private_key_secret_id"}},
		{"bad secret OCID", func() error {
			s := simtest.SSH(h.fleet)
			s.PrivateKeySecretID = "ocid1.dbsystem.oc1..x"
			_, err := access.Dial(ctx, s, h.api, nil)
			return err
		}, []string{"private_key_secret_id", "ocid1.vaultsecret."}},
	}
	for _, tt := range tests {
		err := tt.run()
		if err == nil || !containsAll(err.Error(), tt.want...) {
			t.Errorf("%s: %v; want %q", tt.name, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "PRIVATE KEY") {
			t.Errorf("%s: the error shows key material", tt.name)
		}
	}
	for _, n := range h.fleet.Nodes() {
		if c := n.Machine.Counters(); c.CommandsExecuted != 0 {
			t.Errorf("%s ran %d commands", n.Info.Hostname, c.CommandsExecuted)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	err := Config{Option: "upgrade", Kernel: KernelPolicy{Action: "ignore", EndOfLifeSeries: []string{"uek5"}}, JobTimeout: -1}.Validate()
	if err == nil || !containsAll(err.Error(), `option "upgrade"`, `"precheck" or "update"`, `action "ignore"`, `end_of_life_series[0] "uek5"`, "job_timeout is negative") {
		t.Errorf("Validate() = %v", err)
	}
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("the zero Config is invalid: %v", err)
	}
}
