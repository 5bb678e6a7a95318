package dbnode

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseJob(t *testing.T) {
	t.Parallel()
	running := fixture(t, "job_running.json")
	tests := []struct {
		name         string
		out          string
		wantID       string
		wantStatus   JobStatus
		wantProgress int
		wantUpdate   bool
		wantPrecheck bool
		wantReports  int
		wantErr      []string
	}{
		{name: "running", out: running, wantID: "3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11", wantStatus: JobRunning, wantProgress: 35, wantUpdate: true, wantReports: 1},
		{name: "banner, warnings, CRLF, extra fields", out: fixture(t, "job_running_noisy.txt"), wantID: "3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11", wantStatus: JobRunning, wantProgress: 35, wantUpdate: true, wantReports: 1},
		{name: "noisy helper", out: noisy(running), wantID: "3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11", wantStatus: JobRunning, wantProgress: 35, wantUpdate: true, wantReports: 1},
		{name: "failure", out: fixture(t, "job_failure.json"), wantID: "9b1f2e44-0c6a-4d2e-8f7b-5a3c1d9e8f20", wantStatus: JobFailure, wantProgress: 100, wantUpdate: true, wantReports: 2},
		{name: "precheck created", out: fixture(t, "job_created_precheck.json"), wantID: "5e0c7a12-3b4d-4c5e-9f60-718293a4b5c6", wantStatus: JobCreated, wantPrecheck: true},
		{name: "compact JSON, InProgress", out: `{"jobId":"abc-1","status":"InProgress","percentageProgress":50}`, wantID: "abc-1", wantStatus: JobRunning, wantProgress: 50},
		{name: "In_Progress", out: `{"jobId":"abc-1","status":"In_Progress"}`, wantID: "abc-1", wantStatus: JobRunning},
		{name: "success with warning", out: `{"jobId":"abc-1","status":"SuccessWithWarning","reports":null}`, wantID: "abc-1", wantStatus: JobSuccessWithWarning},
		{name: "banner with braces first", out: "{ welcome }\n" + running, wantID: "3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11", wantStatus: JobRunning, wantProgress: 35, wantUpdate: true, wantReports: 1},
		{name: "unknown status names it", out: `{"jobId":"abc-1","status":"Paused"}`, wantErr: []string{`"Paused"`, "abc-1", "not one of"}},
		{name: "no status", out: `{"jobId":"abc-1","status":null}`, wantErr: []string{"no status"}},
		{name: "no job id", out: `{"status":"Running"}`, wantErr: []string{"no jobId"}},
		{name: "odd job id", out: `{"jobId":"a b","status":"Running"}`, wantErr: []string{`"a b"`}},
		{name: "bad percent", out: `{"jobId":"abc-1","status":"Running","percentageProgress":"lots"}`, wantErr: []string{`"lots"`}},
		{name: "truncated JSON quotes the output", out: `{"jobId" : "abc-1", "status"`, wantErr: []string{"dbcli job output", `{\"jobId\"`}},
		{name: "empty", out: "", wantErr: []string{"printed nothing"}},
		{name: "plain text", out: "sudo: a password is required\n", wantErr: []string{"no JSON job object", "password is required"}},
		{name: "wrong type", out: `{"jobId":"abc-1","status":"Running","reports":"none"}`, wantErr: []string{"not a JSON job object"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			j, err := ParseJob(tt.out)
			checkErr(t, err, tt.wantErr)
			if err != nil {
				return
			}
			if j.ID != tt.wantID || j.Status != tt.wantStatus || j.Progress != tt.wantProgress || len(j.Reports) != tt.wantReports {
				t.Errorf("got id %q status %q progress %d reports %d", j.ID, j.Status, j.Progress, len(j.Reports))
			}
			if j.IsOSUpdate() != tt.wantUpdate || j.IsOSPrecheck() != tt.wantPrecheck {
				t.Errorf("description %q: IsOSUpdate %v IsOSPrecheck %v", j.Description, j.IsOSUpdate(), j.IsOSPrecheck())
			}
		})
	}
}

func TestParseJobDetails(t *testing.T) {
	t.Parallel()
	j, err := ParseJob(fixture(t, "job_failure.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 22, 13, 2, 9, 0, time.UTC); !j.Created.Time.Equal(want) || j.Created.Raw != "November 22, 2026 1:02:09 PM UTC" {
		t.Errorf("created = %+v, want %v", j.Created, want)
	}
	if !strings.HasPrefix(j.Message, "DCS-10136") || j.Cause == "" || j.Action == "" {
		t.Errorf("message/cause/action not kept: %+v", j)
	}
	failed := j.FailedTasks()
	if len(failed) != 1 || failed[0].Name != "Apply OS patches" || !failed[0].End.Parsed() {
		t.Errorf("failed tasks = %+v", failed)
	}
	if !j.Status.Terminal() || j.Status.Succeeded() || !j.Status.Failed() {
		t.Errorf("status helpers wrong for %s", j.Status)
	}
}

func TestParseJobUnparseableTimeKeepsRaw(t *testing.T) {
	t.Parallel()
	j, err := ParseJob(`{"jobId":"abc-1","status":"Running","createTimestamp":"yesterday-ish"}`)
	if err != nil {
		t.Fatal(err)
	}
	if j.Created.Raw != "yesterday-ish" || j.Created.Parsed() || j.Created.IsZero() {
		t.Errorf("created = %+v", j.Created)
	}
}

func TestJobStatusHelpers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status                      JobStatus
		terminal, succeeded, failed bool
	}{
		{JobCreated, false, false, false},
		{JobRunning, false, false, false},
		{JobSuccess, true, true, false},
		{JobSuccessWithWarning, true, true, false},
		{JobFailure, true, false, true},
	}
	for _, tt := range tests {
		if tt.status.Terminal() != tt.terminal || tt.status.Succeeded() != tt.succeeded || tt.status.Failed() != tt.failed {
			t.Errorf("%s: terminal %v succeeded %v failed %v", tt.status, tt.status.Terminal(), tt.status.Succeeded(), tt.status.Failed())
		}
	}
}

func TestParseJobDCSErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name           string
		out            string
		wantCode       string
		wantRunning    string
		wantNotFound   bool
		wantAgentDown  bool
		wantErrMention string
	}{
		{
			name:        "another job in progress",
			out:         "DCS-10001:Internal error encountered: Another OS patching job 3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11 is in progress.\n",
			wantCode:    DCSInternalError,
			wantRunning: "3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11",
		},
		{
			name:         "job not found, with banner and CRLF",
			out:          noisy("DCS-10000:Resource Job with ID 0000aaaa-0000-4000-8000-000000000000 is not found.\n"),
			wantCode:     DCSResourceNotFound,
			wantNotFound: true,
		},
		{
			name:          "agent down",
			out:           "DCS-10001:Internal error encountered: Fail to start hand shake to localhost:7070.\n",
			wantCode:      DCSInternalError,
			wantAgentDown: true,
		},
		{
			name:           "validation error",
			out:            "DCS-10045:Validation error encountered: Invalid user: opc. Run dbcli as the root user.\n",
			wantCode:       "DCS-10045",
			wantErrMention: "Run dbcli as the root user",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseJob(tt.out)
			var dcs *DCSError
			if !errors.As(err, &dcs) {
				t.Fatalf("got %v, want a *DCSError", err)
			}
			if dcs.Code != tt.wantCode || dcs.RunningJobID != tt.wantRunning || dcs.JobNotFound() != tt.wantNotFound || dcs.AgentUnreachable() != tt.wantAgentDown {
				t.Errorf("got %+v (not found %v, agent down %v)", dcs, dcs.JobNotFound(), dcs.AgentUnreachable())
			}
			if !strings.Contains(err.Error(), tt.wantCode) || !strings.Contains(err.Error(), tt.wantErrMention) {
				t.Errorf("error %q lacks code or message", err)
			}
		})
	}
}

func FuzzParseJob(f *testing.F) {
	addFixtures(f, "job_running.json", "job_failure.json", "job_created_precheck.json", "job_running_noisy.txt")
	f.Add("DCS-10001:Internal error encountered: Another OS patching job 3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11 is in progress.")
	f.Add(`{"jobId":"a","status":"Running","percentageProgress":1e3}`)
	f.Fuzz(func(t *testing.T, out string) {
		j, err := ParseJob(out)
		if err != nil {
			if len(err.Error()) > 2*maxQuoted+600 {
				t.Fatalf("error is too long: %d bytes", len(err.Error()))
			}
			return
		}
		checkJobWellFormed(t, j)
	})
}

func checkJobWellFormed(t *testing.T, j Job) {
	t.Helper()
	if j.ID == "" || !isJobID(j.ID) {
		t.Fatalf("job id %q", j.ID)
	}
	if _, err := ParseJobStatus(string(j.Status)); err != nil || j.Status == "" {
		t.Fatalf("status %q: %v", j.Status, err)
	}
	if j.Progress < 0 || j.Progress > 100 {
		t.Fatalf("progress %d", j.Progress)
	}
}

func TestParseJobs(t *testing.T) {
	t.Parallel()
	list := fixture(t, "list_jobs.json")
	tests := []struct {
		name        string
		out         string
		wantCount   int
		wantNewest  string
		wantRunning string
		wantErr     []string
	}{
		{name: "mixed jobs", out: list, wantCount: 4, wantNewest: "3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11", wantRunning: "3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11"},
		{name: "noisy", out: noisy(list), wantCount: 4, wantNewest: "3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11", wantRunning: "3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11"},
		{name: "no jobs", out: "[ ]\n", wantCount: 0},
		{name: "one bad job names it", out: `[{"jobId":"a-1","status":"Success"},{"jobId":"b-2","status":"Weird"}]`, wantErr: []string{"job 2 of 2", `"Weird"`}},
		{name: "object instead of array", out: fixture(t, "job_running.json"), wantErr: []string{"no JSON array"}},
		{name: "agent down", out: "DCS-10001:Internal error encountered: Fail to start hand shake to localhost:7070.", wantErr: []string{"DCS-10001"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			jobs, err := ParseJobs(tt.out)
			checkErr(t, err, tt.wantErr)
			if err != nil {
				return
			}
			if len(jobs) != tt.wantCount {
				t.Fatalf("got %d jobs, want %d", len(jobs), tt.wantCount)
			}
			newest, ok := NewestOSUpdate(jobs)
			if ok != (tt.wantNewest != "") || newest.ID != tt.wantNewest {
				t.Errorf("newest OS update = %q (%v), want %q", newest.ID, ok, tt.wantNewest)
			}
			running, ok := RunningOSUpdate(jobs)
			if ok != (tt.wantRunning != "") || running.ID != tt.wantRunning {
				t.Errorf("running OS update = %q (%v), want %q", running.ID, ok, tt.wantRunning)
			}
		})
	}
}

func TestRunningOSUpdateIgnoresFinishedAndPrechecks(t *testing.T) {
	t.Parallel()
	jobs := []Job{
		{ID: "pre", Status: JobRunning, Description: OSPrecheckDescription},
		{ID: "done", Status: JobSuccess, Description: OSUpdateDescription},
	}
	if j, ok := RunningOSUpdate(jobs); ok {
		t.Errorf("found %q, want none", j.ID)
	}
	if j, ok := NewestOSUpdate(jobs); !ok || j.ID != "done" {
		t.Errorf("newest = %q, %v", j.ID, ok)
	}
}

func FuzzParseJobs(f *testing.F) {
	addFixtures(f, "list_jobs.json")
	f.Add("[ ]")
	f.Fuzz(func(t *testing.T, out string) {
		jobs, err := ParseJobs(out)
		if err != nil {
			return
		}
		for _, j := range jobs {
			checkJobWellFormed(t, j)
		}
		if j, ok := RunningOSUpdate(jobs); ok && (j.Status.Terminal() || !j.IsOSUpdate()) {
			t.Fatalf("RunningOSUpdate returned %+v", j)
		}
	})
}

func FuzzParseDCSError(f *testing.F) {
	f.Add("DCS-10001:Internal error encountered: Another OS patching job 3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11 is in progress.")
	f.Add(noisy("DCS-10000:Resource Job with ID x is not found."))
	f.Fuzz(func(t *testing.T, out string) {
		e, ok := ParseDCSError(out)
		if !ok {
			return
		}
		if !strings.HasPrefix(e.Code, "DCS-") || (e.RunningJobID != "" && !uuidPattern.MatchString(strings.ToLower(e.RunningJobID))) {
			t.Fatalf("malformed %+v", e)
		}
	})
}
