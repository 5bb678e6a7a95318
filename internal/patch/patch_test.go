package patch

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/node"
)

func TestPatchHappyPath(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"rac", "single"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, nil)
			sys := h.system(name)
			res := h.engine(nil).Patch(testContext(t), sys)
			if res.Err != nil {
				t.Fatalf("patch: %v", res.Err)
			}
			for _, n := range res.Nodes {
				m := h.node(n.Hostname)
				st, c := m.State(), m.Counters()
				switch {
				case n.Outcome != Patched:
					t.Errorf("%s: outcome %s, want Patched", n.Hostname, n.Outcome)
				case n.KernelAfter != st.Kernel || n.KernelAfter == n.KernelBefore:
					t.Errorf("%s: kernel %s -> %s, node runs %s", n.Hostname, n.KernelBefore, n.KernelAfter, st.Kernel)
				case !n.Rebooted || n.BootIDAfter != st.BootID || c.Reboots != 1:
					t.Errorf("%s: rebooted=%v boot id %s (node %s), %d reboots", n.Hostname, n.Rebooted, n.BootIDAfter, st.BootID, c.Reboots)
				case c.UpdateJobsStarted != 1 || c.PrecheckJobsStarted != 1:
					t.Errorf("%s: %d update and %d precheck jobs, want 1 each", n.Hostname, c.UpdateJobsStarted, c.PrecheckJobsStarted)
				case !st.DBUp || (name == "rac" && !st.CRSUp):
					t.Errorf("%s: stack not up after the run: %+v", n.Hostname, st)
				case n.JobID == "" || n.JobStatus != "Success" || n.StackDown:
					t.Errorf("%s: job %q status %s stackDown=%v", n.Hostname, n.JobID, n.JobStatus, n.StackDown)
				case h.lockHeld(n.Hostname):
					t.Errorf("%s: the lock is still held", n.Hostname)
				}
				var phases []Phase
				for _, p := range n.Phases {
					phases = append(phases, p.Phase)
				}
				want := []Phase{PhaseConnect, PhaseLock, PhaseAgent, PhaseStorage, PhasePrecheck, PhasePreHooks, PhaseUpdate, PhaseStackStop, PhaseReboot, PhaseStackStart, PhasePostHooks, PhasePostcheck, PhaseUnlock}
				if !slices.Equal(phases, want) {
					t.Errorf("%s: phases %v, want %v", n.Hostname, phases, want)
				}
			}
			// Rolling: the second node starts after the first finished.
			if len(res.Nodes) == 2 {
				first, second := res.Nodes[0].Phases, res.Nodes[1].Phases
				end := first[len(first)-1].Started.Add(first[len(first)-1].Duration)
				if second[0].Started.Before(end) {
					t.Errorf("node 2 started at %v, before node 1 finished at %v", second[0].Started, end)
				}
			}
			// A second run finds nothing to do and reboots nothing.
			again := h.engine(nil).Patch(testContext(t), sys)
			for _, n := range again.Nodes {
				if n.Outcome != UpToDate || h.node(n.Hostname).Counters().Reboots != 1 {
					t.Errorf("rerun: %s is %s after %d reboots; want UpToDate, 1", n.Hostname, n.Outcome, h.node(n.Hostname).Counters().Reboots)
				}
			}
		})
	}
}

// TestPatchFaults drives every fault knob of the simulator through the
// workflow and checks where it stops, what it leaves behind, and what it
// says.
func TestPatchFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		system string
		faults map[string]string
		// afterBoot are faults set once the nodes are up, for knobs
		// that would otherwise act on the first boot.
		afterBoot func(*node.Faults)
		adjust    func(*Config)
		// want is each node's outcome, in rolling order.
		want      []Outcome
		wantPhase Phase
		// wantErr are fragments of the error; the node and phase are
		// always checked.
		wantErr []string
		// wantWarn is a fragment of some warning on the first node.
		wantWarn string
		// wantJobs is the number of OS update jobs on the first node.
		wantJobs int64
		// stackDown says the first node's stack is left down.
		stackDown bool
	}{
		{name: "precheck option changes nothing", system: "rac", adjust: func(c *Config) { c.Option = OptionPrecheck },
			want: []Outcome{PrecheckPassed, PrecheckPassed}},
		{name: "job fails", system: "rac", faults: map[string]string{"rac1": `{"job_outcome": "Failure"}`},
			want: []Outcome{Failed, NotAttempted}, wantPhase: PhaseUpdate, wantErr: []string{"ended Failure", "dnf transaction check error", "describe-job"}, wantJobs: 1},
		{name: "job succeeds with warnings", system: "single", faults: map[string]string{"*": `{"job_outcome": "SuccessWithWarning"}`},
			want: []Outcome{Patched}, wantWarn: "ended with warnings", wantJobs: 1},
		{name: "job hangs past the timeout", system: "single", faults: map[string]string{"*": `{"job_outcome": "Hang"}`},
			adjust: func(c *Config) { c.JobTimeout = 400 * time.Millisecond },
			want:   []Outcome{Failed}, wantPhase: PhaseUpdate, wantErr: []string{"still Running", "run again to adopt it"}, wantJobs: 1},
		{name: "dbcli precheck fails", system: "rac", faults: map[string]string{"rac2": `{"precheck_outcome": "Failure"}`},
			want: []Outcome{Patched, Failed}, wantJobs: 1},
		{name: "low disk", system: "single", faults: map[string]string{"*": `{"low_disk": true}`},
			want: []Outcome{Failed}, wantPhase: PhasePrecheck, wantErr: []string{"/u01 has 5.0 GiB free", "15.0 GiB"}},
		{name: "reboot never returns", system: "rac", faults: map[string]string{"rac1": `{"reboot_never_returns": true}`},
			adjust: func(c *Config) { c.RebootTimeout = 500 * time.Millisecond },
			want:   []Outcome{Failed, NotAttempted}, wantPhase: PhaseReboot, wantErr: []string{"timed out", "OCI Console", "is stopped on this node"}, wantJobs: 1, stackDown: true},
		{name: "connection drops while polling", system: "single", faults: map[string]string{"*": `{"drop_connection_on_poll": 2}`},
			want: []Outcome{Patched}, wantWarn: "reconnecting", wantJobs: 1},
		{name: "agent down is restarted", system: "single", faults: map[string]string{"*": `{"agent_down": true}`},
			want: []Outcome{Patched}, wantWarn: "restarting it once", wantJobs: 1},
		{name: "agent cannot be restarted", system: "rac", faults: map[string]string{"rac1": `{"agent_down": true, "agent_restart_fails": true}`},
			want: []Outcome{Failed, NotAttempted}, wantPhase: PhaseAgent, wantErr: []string{"restarting it failed", "initdcsagent"}},
		{name: "CRS refuses to stop", system: "rac", faults: map[string]string{"rac1": `{"crs_refuses_stop": true}`},
			want: []Outcome{Failed, NotAttempted}, wantPhase: PhaseStackStop, wantErr: []string{"stop Clusterware", "CRS-2675", "not rebooted"}, wantJobs: 1},
		{name: "end-of-life kernel skipped", system: "rac", faults: map[string]string{"rac1": `{"eol_kernel": "uek4"}`},
			want: []Outcome{Skipped, Patched}, wantWarn: "end of life"},
		{name: "end-of-life kernel fails by policy", system: "rac", faults: map[string]string{"rac1": `{"eol_kernel": "uek5"}`},
			adjust: func(c *Config) { c.Kernel.Action = KernelFail },
			want:   []Outcome{Failed, NotAttempted}, wantPhase: PhasePrecheck, wantErr: []string{"series 4.14", "end of life"}},
		{name: "stack does not autostart", system: "rac", afterBoot: func(f *node.Faults) { f.NoStackAutostart = true },
			want: []Outcome{Patched, Patched}, wantWarn: "did not start with the node", wantJobs: 1},
		{name: "LVM database does not autostart", system: "single", afterBoot: func(f *node.Faults) { f.NoStackAutostart = true },
			want: []Outcome{Patched}, wantWarn: "did not start with the node", wantJobs: 1},
		{name: "noise on stderr", system: "rac", faults: map[string]string{"*": `{"stderr_noise": true}`},
			want: []Outcome{Patched, Patched}, wantJobs: 1},
		{name: "new security updates", system: "single", faults: map[string]string{"*": `{"new_security_updates": 3}`},
			want: []Outcome{Patched}, wantJobs: 1},
		{name: "failing pre-update hook", system: "single", adjust: func(c *Config) {
			c.Hooks.PreUpdate = append(c.Hooks.PreUpdate, cmd("echo checking; exit 3"))
		}, want: []Outcome{Failed}, wantPhase: PhasePreHooks, wantErr: []string{"hook 1", "status 3", "checking"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, tt.faults)
			sys := h.system(tt.system)
			if tt.afterBoot != nil {
				for _, n := range sys.Nodes {
					if err := h.node(n.Hostname).UpdateFaults(tt.afterBoot); err != nil {
						t.Fatal(err)
					}
				}
			}
			res := h.engine(tt.adjust).Patch(testContext(t), sys)
			if got := outcomes(res); !slices.Equal(got, tt.want) {
				t.Fatalf("outcomes %v, want %v (error: %v)", got, tt.want, res.Err)
			}
			first := res.Nodes[0]
			failed := slices.IndexFunc(res.Nodes, func(n NodeResult) bool { return n.Outcome == Failed })
			switch {
			case failed < 0 && res.Err != nil:
				t.Errorf("no node failed but the run says %v", res.Err)
			case failed >= 0 && tt.wantPhase != "":
				n := res.Nodes[failed]
				msg := n.Err.Error()
				if n.Phase != tt.wantPhase || !containsAll(msg, "node "+n.Hostname, "phase "+string(tt.wantPhase)) || !containsAll(msg, tt.wantErr...) {
					t.Errorf("failed in %s with %q; want phase %s and %q", n.Phase, msg, tt.wantPhase, tt.wantErr)
				}
				if res.Err != n.Err {
					t.Errorf("the run's error %v is not the node's %v", res.Err, n.Err)
				}
			}
			for _, n := range res.Nodes {
				if n.Outcome == NotAttempted && h.node(n.Hostname).Counters().CommandsExecuted != 0 {
					t.Errorf("%s is NotAttempted but ran %d commands", n.Hostname, h.node(n.Hostname).Counters().CommandsExecuted)
				}
				if n.Outcome != NotAttempted && h.lockHeld(n.Hostname) {
					t.Errorf("%s: the lock was left behind", n.Hostname)
				}
			}
			m := h.node(first.Hostname)
			if got := m.Counters().UpdateJobsStarted; got != tt.wantJobs {
				t.Errorf("%d OS update jobs on %s, want %d", got, first.Hostname, tt.wantJobs)
			}
			if first.StackDown != tt.stackDown {
				t.Errorf("StackDown = %v, want %v", first.StackDown, tt.stackDown)
			}
			if tt.wantWarn != "" && !slices.ContainsFunc(h.warnings(first.Hostname), func(w string) bool { return strings.Contains(w, tt.wantWarn) }) {
				t.Errorf("warnings %q lack %q", h.warnings(first.Hostname), tt.wantWarn)
			}
		})
	}
}
