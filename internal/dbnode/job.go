package dbnode

import (
	"fmt"
	"strconv"
	"strings"
)

// The descriptions dbcli gives OS patching jobs.
const (
	OSUpdateDescription   = "DB System OS Patching"
	OSPrecheckDescription = "DB System OS Patching Prechecks"
)

// Job is a DCS job as `dbcli update-server` and `dbcli describe-job -j`
// print it.
type Job struct {
	ID          string
	Status      JobStatus
	Description string
	Message     string
	Created     Timestamp
	Updated     Timestamp
	// Progress is percentageProgress as a number from 0 to 100.
	Progress int
	Reports  []TaskReport
	Cause    string
	Action   string
}

// TaskReport is one task of a job.
type TaskReport struct {
	TaskID      string
	Name        string
	Result      string
	Status      string
	Description string
	Start       Timestamp
	End         Timestamp
}

// IsOSUpdate reports whether the job is an OS update (not its precheck).
func (j Job) IsOSUpdate() bool { return sameDescription(j.Description, OSUpdateDescription) }

// IsOSPrecheck reports whether the job is an OS update precheck.
func (j Job) IsOSPrecheck() bool { return sameDescription(j.Description, OSPrecheckDescription) }

func sameDescription(got, want string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(got), " "), want)
}

// FailedTasks lists the tasks whose status or result is Failure, which is
// where dbcli says why a job failed.
func (j Job) FailedTasks() []TaskReport {
	var out []TaskReport
	for _, r := range j.Reports {
		if strings.EqualFold(r.Status, string(JobFailure)) || strings.EqualFold(r.Result, string(JobFailure)) {
			out = append(out, r)
		}
	}
	return out
}

// jobJSON is the part of dbcli's job object the workflow reads; other
// fields are ignored, nulls read as empty.
type jobJSON struct {
	JobID              flexString       `json:"jobId"`
	Status             flexString       `json:"status"`
	Message            flexString       `json:"message"`
	Description        flexString       `json:"description"`
	CreateTimestamp    flexString       `json:"createTimestamp"`
	UpdatedTime        flexString       `json:"updatedTime"`
	PercentageProgress flexString       `json:"percentageProgress"`
	Cause              flexString       `json:"cause"`
	Action             flexString       `json:"action"`
	Reports            []taskReportJSON `json:"reports"`
}

type taskReportJSON struct {
	TaskID          flexString `json:"taskId"`
	TaskName        flexString `json:"taskName"`
	TaskResult      flexString `json:"taskResult"`
	Status          flexString `json:"status"`
	TaskDescription flexString `json:"taskDescription"`
	StartTime       flexString `json:"startTime"`
	EndTime         flexString `json:"endTime"`
}

// ParseJob reads the job printed by `dbcli update-server` or
// `dbcli describe-job -j`. When dbcli printed a DCS error instead, the
// error is a *DCSError.
func ParseJob(out string) (Job, error) {
	const what = "dbcli job output"
	var raw jobJSON
	found, err := decodeJSONPayload(out, '{', &raw)
	if !found {
		if dcs, ok := ParseDCSError(out); ok {
			return Job{}, dcs
		}
		if err != nil {
			return Job{}, outputError(what, out, "it is not a JSON job object (%v)", err)
		}
		return Job{}, outputError(what, out, "it holds no JSON job object")
	}
	job, err := raw.job()
	if err != nil {
		return Job{}, outputError(what, out, "%v", err)
	}
	return job, nil
}

func (raw jobJSON) job() (Job, error) {
	id := strings.TrimSpace(string(raw.JobID))
	if id == "" {
		return Job{}, fmt.Errorf("the job has no jobId")
	}
	if !isJobID(id) {
		return Job{}, fmt.Errorf("the jobId %q is not a job id", id)
	}
	status, err := ParseJobStatus(string(raw.Status))
	if err != nil {
		return Job{}, fmt.Errorf("job %s: %w", id, err)
	}
	progress, err := parsePercent(string(raw.PercentageProgress))
	if err != nil {
		return Job{}, fmt.Errorf("job %s: %w", id, err)
	}
	j := Job{
		ID:          id,
		Status:      status,
		Description: strings.TrimSpace(string(raw.Description)),
		Message:     string(raw.Message),
		Created:     parseDCSTime(string(raw.CreateTimestamp)),
		Updated:     parseDCSTime(string(raw.UpdatedTime)),
		Progress:    progress,
		Cause:       string(raw.Cause),
		Action:      string(raw.Action),
	}
	for _, r := range raw.Reports {
		j.Reports = append(j.Reports, TaskReport{
			TaskID:      string(r.TaskID),
			Name:        string(r.TaskName),
			Result:      string(r.TaskResult),
			Status:      string(r.Status),
			Description: string(r.TaskDescription),
			Start:       parseDCSTime(string(r.StartTime)),
			End:         parseDCSTime(string(r.EndTime)),
		})
	}
	return j, nil
}

// isJobID accepts what dbcli uses as job ids (UUIDs) and nothing that
// would read oddly in a later command line or log: no blanks, no controls.
func isJobID(s string) bool {
	if len(s) > 128 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '-' && r != '_' && r != '.' {
			return false
		}
	}
	return true
}

// parsePercent reads "35%" (or 35) as 35; an absent value is 0.
func parsePercent(s string) (int, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if t == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 || f > 100 {
		return 0, fmt.Errorf("percentageProgress %q is not a percentage from 0 to 100", s)
	}
	return int(f), nil
}
