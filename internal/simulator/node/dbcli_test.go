package node

import (
	"strings"
	"sync"
	"testing"
	"time"
)

const dbcli = "sudo -n " + DbcliPath

func startUpdate(t *testing.T, n *Node) string {
	t.Helper()
	job := decodeJob(t, mustRun(t, n, dbcli+" update-server -c os"))
	id, _ := job["jobId"].(string)
	if job["status"] != StatusCreated || job["description"] != DescriptionOSUpdate || id == "" {
		t.Fatalf("update-server printed %v", job)
	}
	return id
}

func TestUpdateJobLifecycle(t *testing.T) {
	t.Parallel()
	n, clock := newTestNode(t, Config{})
	if got := mustRun(t, n, dbcli+" get-availableospatches -j"); got != "{\n  \"updateAvailable\" : true,\n  \"rebootIsRequired\" : false\n}\n" {
		t.Errorf("get-availableospatches -j before = %q", got)
	}
	out := mustRun(t, n, dbcli+" update-server -c os -j")
	if !strings.Contains(out, "\"reports\" : [ ],\n") || !strings.Contains(out, "\"createTimestamp\" : \"November 22, 2026 12:40:01 PM UTC\"") {
		t.Errorf("update-server output is not dbcli-shaped:\n%s", out)
	}
	id := jobField(t, decodeJob(t, out), "jobId")
	describe := dbcli + " describe-job -i " + id + " -j"
	steps := []struct {
		advance      time.Duration
		wantStatus   string
		wantProgress string
	}{
		{0, StatusCreated, "0%"},
		{3 * time.Second, StatusRunning, "10%"},
		{12 * time.Second, StatusRunning, "50%"},
		{15 * time.Second, StatusSuccess, "100%"},
	}
	for _, s := range steps {
		clock.Advance(s.advance)
		job := decodeJob(t, mustRun(t, n, describe))
		if job["status"] != s.wantStatus || job["percentageProgress"] != s.wantProgress {
			t.Errorf("after +%v: status %v %v, want %s %s", s.advance, job["status"], job["percentageProgress"], s.wantStatus, s.wantProgress)
		}
	}
	job := decodeJob(t, mustRun(t, n, describe))
	reports, _ := job["reports"].([]any)
	if len(reports) != len(updateTasks) {
		t.Fatalf("reports has %d tasks, want %d", len(reports), len(updateTasks))
	}
	for _, r := range reports {
		task, ok := r.(map[string]any)
		if !ok {
			t.Fatalf("report %v is not an object", r)
		}
		for _, key := range []string{"taskId", "taskName", "taskResult", "startTime", "endTime", "status", "taskDescription", "parentTaskId", "jobId", "tags", "reportLevel", "updatedTime"} {
			if _, ok := task[key]; !ok {
				t.Errorf("task %v lacks %s", task["taskName"], key)
			}
		}
	}
	if got := mustRun(t, n, dbcli+" get-availableospatches"); !strings.Contains(got, "No                   Yes") {
		t.Errorf("get-availableospatches after update = %q, want no update, reboot required", got)
	}
	if s := n.State(); s.StagedKernel != DefaultUpdateKernel || !s.RebootRequired {
		t.Errorf("State after update = %+v, want staged %s and reboot required", s, DefaultUpdateKernel)
	}
	text := mustRun(t, n, dbcli+" describe-job -i "+id)
	if !strings.Contains(text, "Job details") || !strings.Contains(text, "Status:  Success") {
		t.Errorf("describe-job text:\n%s", text)
	}
	list := mustRun(t, n, dbcli+" list-jobs")
	if !strings.Contains(list, "Database Home creation") || !strings.Contains(list, id) {
		t.Errorf("list-jobs lacks history or the new job:\n%s", list)
	}
	// A log file exists for the job.
	if log := mustRun(t, n, "sudo cat "+JobLogDir+"/"+id+".log"); !strings.Contains(log, "Job ended: Success") {
		t.Errorf("job log = %q", log)
	}
}

func TestJobOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		faults     Faults
		precheck   bool
		wantStatus string
		wantMsg    string
	}{
		{"update success", Faults{}, false, StatusSuccess, ""},
		{"update failure", Faults{JobOutcome: OutcomeFailure}, false, StatusFailure, "DCS-10136:Failed to apply OS patches: dnf transaction check error"},
		{"update warning", Faults{JobOutcome: OutcomeSuccessWithWarning}, false, StatusSuccessWithWarning, "OS patches applied with warnings"},
		{"update hang", Faults{JobOutcome: OutcomeHang}, false, StatusRunning, ""},
		{"update low disk", Faults{LowDisk: true}, false, StatusFailure, "DCS-10136:Failed to apply OS patches: /u01 has only 5.0G free"},
		{"precheck success", Faults{}, true, StatusSuccess, ""},
		{"precheck failure", Faults{PrecheckOutcome: OutcomeFailure}, true, StatusFailure, "DCS-10315"},
		{"precheck low disk", Faults{LowDisk: true}, true, StatusFailure, "DCS-10315:OS patching precheck failed: /u01 has only 5.0G free"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, clock := newTestNode(t, Config{Faults: tt.faults})
			cmd := dbcli + " update-server -c os"
			if tt.precheck {
				cmd += " -p"
			}
			job := decodeJob(t, mustRun(t, n, cmd))
			wantDesc := DescriptionOSUpdate
			if tt.precheck {
				wantDesc = DescriptionOSPrecheck
			}
			if job["description"] != wantDesc {
				t.Errorf("description %v, want %s", job["description"], wantDesc)
			}
			clock.Advance(time.Hour)
			got := decodeJob(t, mustRun(t, n, dbcli+" describe-job -i "+jobField(t, job, "jobId")+" -j"))
			msg, _ := got["message"].(string)
			if got["status"] != tt.wantStatus || !strings.HasPrefix(msg, tt.wantMsg) {
				t.Errorf("status %v message %q, want %s %q", got["status"], msg, tt.wantStatus, tt.wantMsg)
			}
			if tt.faults.JobOutcome == OutcomeHang && got["percentageProgress"] != "95%" {
				t.Errorf("hung job progress %v, want 95%%", got["percentageProgress"])
			}
		})
	}
}

func TestConcurrentUpdatesStartOneJob(t *testing.T) {
	t.Parallel()
	n, _ := newTestNode(t, Config{})
	var wg sync.WaitGroup
	results := make([]result, 2)
	for i := range results {
		wg.Go(func() { results[i] = run(t, n, dbcli+" update-server -c os") })
	}
	wg.Wait()
	ok, refused := 0, 0
	for _, r := range results {
		switch {
		case r.status == 0:
			ok++
		case strings.HasPrefix(r.stderr, "DCS-10001:Internal error encountered: Another OS patching job ") && strings.HasSuffix(r.stderr, " is in progress.\n"):
			refused++
		}
	}
	if ok != 1 || refused != 1 {
		t.Errorf("got %d started and %d refused (%+v), want 1 and 1", ok, refused, results)
	}
	if c := n.Counters(); c.UpdateJobsStarted != 1 {
		t.Errorf("UpdateJobsStarted = %d, want 1", c.UpdateJobsStarted)
	}
}

func TestNoUpdatesAvailable(t *testing.T) {
	t.Parallel()
	n, clock := newTestNode(t, Config{Kernel: DefaultUpdateKernel, Advisories: []Advisory{}})
	id := startUpdate(t, n)
	clock.Advance(DefaultJobDuration / 10)
	job := decodeJob(t, mustRun(t, n, dbcli+" describe-job -i "+id+" -j"))
	if job["status"] != StatusSuccess || job["message"] != "No OS updates available" {
		t.Errorf("job %v %v, want Success with No OS updates available", job["status"], job["message"])
	}
	if s := n.State(); s.StagedKernel != "" || s.RebootRequired {
		t.Errorf("State = %+v, want nothing staged", s)
	}
}

func TestDbcliErrors(t *testing.T) {
	t.Parallel()
	n, _ := newTestNode(t, Config{Faults: Faults{AgentDown: true}})
	tests := []struct{ command, wantErr string }{
		{dbcli + " list-jobs -j", dbcliAgentDown + "\n"},
	}
	for _, tt := range tests {
		if r := run(t, n, tt.command); r.stderr != tt.wantErr || r.status != 1 {
			t.Errorf("%q = (%q, %d), want %q and 1", tt.command, r.stderr, r.status, tt.wantErr)
		}
	}
	mustRun(t, n, "sudo systemctl restart initdcsagent")
	if r := run(t, n, dbcli+" describe-job -i nope -j"); r.stderr != "DCS-10000:Resource Job with ID nope is not found.\n" || r.status != 1 {
		t.Errorf("unknown job: (%q, %d)", r.stderr, r.status)
	}
	list := mustRun(t, n, dbcli+" list-jobs -j")
	if !strings.HasPrefix(list, "[ {\n  \"jobId\" : ") || !strings.HasSuffix(list, "} ]\n") {
		t.Errorf("list-jobs -j is not a Jackson array:\n%s", list)
	}
}
