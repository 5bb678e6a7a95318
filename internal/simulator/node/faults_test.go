package node

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestDropConnectionOnPoll(t *testing.T) {
	t.Parallel()
	n, _ := newTestNode(t, Config{})
	id := startUpdate(t, n)
	if err := n.UpdateFaults(func(f *Faults) { f.DropConnectionOnPoll = 2 }); err != nil {
		t.Fatal(err)
	}
	describe := dbcli + " describe-job -i " + id + " -j"
	for i := range 2 {
		r := run(t, n, describe)
		if !errors.Is(r.err, ErrConnectionDropped) || r.stdout != "" {
			t.Fatalf("poll %d = (%q, %v), want no output and ErrConnectionDropped", i, r.stdout, r.err)
		}
	}
	mustRun(t, n, describe)
	if c := n.Counters(); c.DescribeJobCalls != 3 || c.ConnectionsDropped != 2 || c.UpdateJobsStarted != 1 {
		t.Errorf("counters = %+v", c)
	}
}

func TestCRSStop(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		refuses   bool
		wantLast  string
		wantState bool
		status    int
	}{
		{"stops", false, "CRS-4133: Oracle High Availability Services has been stopped.", false, 0},
		{"refuses", true, "CRS-4000: Command Stop failed, or completed with errors.", true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, clock := newTestNode(t, Config{Faults: Faults{CRSRefusesStop: tt.refuses}})
			ctx := ctxT(t)
			var out bytes.Buffer
			done := make(chan int, 1)
			go func() {
				status, _ := n.Exec(ctx, "sudo "+GridHome+"/bin/crsctl stop crs -f", false, nil, &out, io.Discard)
				done <- status
			}()
			if err := clock.BlockUntilContext(ctx, 1); err != nil {
				t.Fatal(err)
			}
			clock.Advance(DefaultStackStopDuration)
			status := <-done
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if status != tt.status || lines[len(lines)-1] != tt.wantLast {
				t.Errorf("crsctl stop crs = (%d, %q), want (%d, %q)", status, lines[len(lines)-1], tt.status, tt.wantLast)
			}
			s := n.State()
			if s.CRSUp != tt.wantState || s.DBUp != tt.wantState || s.ASMUp != tt.wantState {
				t.Errorf("state %+v, want stack up = %v", s, tt.wantState)
			}
			if !tt.wantState {
				if r := run(t, n, GridHome+"/bin/crsctl check crs"); r.stdout != crsDown || r.status != 1 {
					t.Errorf("check crs when down = (%q, %d)", r.stdout, r.status)
				}
				if got := mustRun(t, n, "sudo "+GridHome+"/bin/crsctl start crs"); got != "CRS-4123: Oracle High Availability Services has been started.\n" {
					t.Errorf("start crs = %q", got)
				}
				if !n.State().DBUp {
					t.Error("start crs did not bring the database up")
				}
			}
		})
	}
}

func TestFaultKnobs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		faults  Faults
		command string
		check   func(r result) bool
	}{
		{"eol uek4 kernel", Faults{EOLKernel: EOLKernelUEK4}, "uname -r", func(r result) bool { return r.stdout == eolUEK4+"\n" }},
		{"eol os-release", Faults{EOLKernel: EOLKernelUEK5}, "grep VERSION_ID /etc/os-release", func(r result) bool { return r.stdout == "VERSION_ID=\"7.9\"\n" }},
		{"eol has no dnf", Faults{EOLKernel: EOLKernelUEK5}, "dnf check-update", func(r result) bool { return r.status == 127 }},
		{"stderr noise", Faults{StderrNoise: true}, "echo hi", func(r result) bool { return r.stdout == "hi\n" && r.stderr == stderrNoise+"\n" }},
		{"low disk", Faults{LowDisk: true}, "df -BG /u01 | tail -n 1", func(r result) bool { return strings.Contains(r.stdout, " 5G ") }},
		{"agent down", Faults{AgentDown: true}, "systemctl is-active initdcsagent", func(r result) bool { return r.stdout == "inactive\n" && r.status == 3 }},
		{"agent restart fails", Faults{AgentDown: true, AgentRestartFails: true}, "sudo systemctl restart initdcsagent; systemctl is-active initdcsagent", func(r result) bool { return r.stdout == "failed\n" && r.status == 3 }},
		{"new advisories", Faults{NewSecurityUpdates: 2}, "dnf -q updateinfo list --security | wc -l", func(r result) bool { return r.stdout == "8\n" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, _ := newTestNode(t, Config{})
			if err := n.SetFaults(tt.faults); err != nil {
				t.Fatal(err)
			}
			if r := run(t, n, tt.command); !tt.check(r) {
				t.Errorf("%q = %+v", tt.command, r)
			}
		})
	}
}

func TestCommandLatencyWaitsOnTheClock(t *testing.T) {
	t.Parallel()
	n, clock := newTestNode(t, Config{Faults: Faults{CommandLatency: time.Minute}})
	ctx := ctxT(t)
	done := make(chan string, 1)
	go func() {
		var out bytes.Buffer
		_, _ = n.Exec(ctx, "echo late", false, nil, &out, io.Discard)
		done <- out.String()
	}()
	if err := clock.BlockUntilContext(ctx, 1); err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-done:
		t.Fatalf("command finished before the latency: %q", got)
	default:
	}
	clock.Advance(time.Minute)
	if got := <-done; got != "late\n" {
		t.Errorf("output %q", got)
	}
}

func TestFaultsJSON(t *testing.T) {
	t.Parallel()
	var f Faults
	if err := json.Unmarshal([]byte(`{"job_outcome":"Failure","command_latency":"20ms","drop_connection_on_poll":3}`), &f); err != nil {
		t.Fatal(err)
	}
	if f.JobOutcome != OutcomeFailure || f.CommandLatency != 20*time.Millisecond || f.DropConnectionOnPoll != 3 {
		t.Errorf("decoded %+v", f)
	}
	// A partial object changes only what it names.
	if err := json.Unmarshal([]byte(`{"low_disk":true}`), &f); err != nil {
		t.Fatal(err)
	}
	if !f.LowDisk || f.CommandLatency != 20*time.Millisecond {
		t.Errorf("after patch %+v", f)
	}
	data, err := json.Marshal(f)
	if err != nil || !strings.Contains(string(data), `"command_latency":"20ms"`) {
		t.Errorf("Marshal = %s, %v", data, err)
	}
	for _, bad := range []string{`{"job_outcome":"Maybe"}`, `{"command_latency":"soon"}`, `{"eol_kernel":"uek9"}`} {
		var g Faults
		if err := json.Unmarshal([]byte(bad), &g); err == nil {
			t.Errorf("%s decoded without error", bad)
		}
	}
}
