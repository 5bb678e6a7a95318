package patch

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/access"
	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
)

// TestResume interrupts a run at each point where a caller can die and
// checks that the next run finishes the node without a second OS update
// job and without a second reboot.
func TestResume(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// stopAt cancels the first run when this event arrives.
		stopAt    func(Event) bool
		wantPhase Phase
		stackDown bool
		// wantWarn is a fragment of a warning of the second run.
		wantWarn string
	}{
		{"cancelled while the job runs",
			func(ev Event) bool { return ev.Kind == JobStarted }, PhaseUpdate, false, "adopting OS update job"},
		{"cancelled after the stack stopped",
			func(ev Event) bool { return ev.Kind == PhaseStarted && ev.Phase == PhaseReboot }, PhaseReboot, true, "ignored: the node resumes at its pending reboot"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, nil)
			sys := h.system("single")
			host := sys.Nodes[0].Hostname
			ctx, cancel := context.WithCancel(testContext(t))
			first := h.engine(func(c *Config) {
				next := c.OnEvent
				c.OnEvent = func(ev Event) {
					next(ev)
					if tt.stopAt(ev) {
						cancel()
					}
				}
			}).Patch(ctx, sys)
			n := first.Nodes[0]
			if n.Outcome != Failed || n.Phase != tt.wantPhase || !strings.Contains(n.Err.Error(), "run it again to resume") {
				t.Fatalf("first run: %s in %s: %v", n.Outcome, n.Phase, n.Err)
			}
			if n.StackDown != tt.stackDown {
				t.Errorf("first run: StackDown = %v, want %v", n.StackDown, tt.stackDown)
			}
			if h.lockHeld(host) {
				t.Error("the cancelled run left its lock")
			}

			second := h.engine(nil).Patch(testContext(t), sys)
			n = second.Nodes[0]
			m := h.node(host)
			if n.Outcome != Patched {
				t.Fatalf("second run: %s in %s: %v", n.Outcome, n.Phase, n.Err)
			}
			if c := m.Counters(); c.UpdateJobsStarted != 1 || c.Reboots != 1 {
				t.Errorf("%d OS update jobs and %d reboots, want 1 and 1", c.UpdateJobsStarted, c.Reboots)
			}
			if st := m.State(); !st.DBUp || st.Kernel != n.KernelAfter {
				t.Errorf("after the resume: %+v, result kernel %s", st, n.KernelAfter)
			}
			if !slices.ContainsFunc(h.warnings(host), func(w string) bool { return strings.Contains(w, tt.wantWarn) }) {
				t.Errorf("warnings %q lack %q", h.warnings(host), tt.wantWarn)
			}
		})
	}
}

func TestAdoptsJobStartedByAnotherTool(t *testing.T) {
	t.Parallel()
	h := newHarness(t, nil)
	sys := h.system("single")
	host := sys.Nodes[0].Hostname
	var out strings.Builder
	if status, err := h.node(host).Exec(testContext(t), "sudo -n /opt/oracle/dcs/bin/dbcli update-server -c os", false, nil, &out, &out); err != nil || status != 0 {
		t.Fatalf("start a job by hand: %d %v %s", status, err, out.String())
	}
	res := h.engine(nil).Patch(testContext(t), sys)
	n := res.Nodes[0]
	if n.Outcome != Patched || !n.JobAdopted {
		t.Fatalf("%s (adopted %v): %v", n.Outcome, n.JobAdopted, n.Err)
	}
	if got := h.node(host).Counters().UpdateJobsStarted; got != 1 {
		t.Errorf("%d OS update jobs, want the one started by hand", got)
	}
}

func TestLock(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		runID     string
		breakAge  time.Duration
		want      Outcome
		wantInErr []string
		wantWarn  string
	}{
		{"held by another run", "other-run", 0, Failed, []string{"phase lock", "locked by operator@jump (run other-run@", "break_stale_lock_after"}, ""},
		{"stale lock broken when allowed", "other-run", time.Minute, Patched, nil, "breaking the lock of operator@jump"},
		{"this run's own lock is taken over", "test-run", 0, Patched, nil, "resuming"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, nil)
			sys := h.system("single")
			acquire, err := dbnode.LockAcquire(dbnode.LockOwner{Owner: "operator@jump", RunID: lockRunID(tt.runID, sys), Started: time.Now().Add(-time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := h.pool.Run(testContext(t), sys.Nodes[0].Address(0), access.Command(acquire)); err != nil {
				t.Fatal(err)
			}
			res := h.engine(func(c *Config) { c.BreakLockOlderThan = tt.breakAge }).Patch(testContext(t), sys)
			n := res.Nodes[0]
			if n.Outcome != tt.want {
				t.Fatalf("%s, want %s: %v", n.Outcome, tt.want, n.Err)
			}
			if tt.wantInErr != nil && !containsAll(n.Err.Error(), tt.wantInErr...) {
				t.Errorf("error %q lacks %q", n.Err, tt.wantInErr)
			}
			if tt.want == Failed {
				if !h.lockHeld(n.Hostname) {
					t.Error("the other run's lock was removed")
				}
				if c := h.node(n.Hostname).Counters(); c.UpdateJobsStarted+c.PrecheckJobsStarted != 0 {
					t.Errorf("a locked node got jobs: %+v", c)
				}
			}
			if tt.wantWarn != "" && !slices.ContainsFunc(h.warnings(n.Hostname), func(w string) bool { return strings.Contains(w, tt.wantWarn) }) {
				t.Errorf("warnings %q lack %q", h.warnings(n.Hostname), tt.wantWarn)
			}
		})
	}
}
