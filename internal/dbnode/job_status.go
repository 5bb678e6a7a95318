package dbnode

import (
	"fmt"
	"strings"
)

// JobStatus is a DCS job's status.
type JobStatus string

// The statuses dbcli reports.
const (
	JobCreated            JobStatus = "Created"
	JobRunning            JobStatus = "Running"
	JobSuccess            JobStatus = "Success"
	JobSuccessWithWarning JobStatus = "SuccessWithWarning"
	JobFailure            JobStatus = "Failure"
)

// ParseJobStatus reads a status as dbcli prints it. The spellings
// "InProgress" and "In_Progress", which older tooling expected, mean
// Running. Any other value is an error that names it: guessing would let
// a failed job pass for a running one until the poll times out.
func ParseJobStatus(s string) (JobStatus, error) {
	key := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", ""))
	switch key {
	case "created":
		return JobCreated, nil
	case "running", "inprogress":
		return JobRunning, nil
	case "success":
		return JobSuccess, nil
	case "successwithwarning":
		return JobSuccessWithWarning, nil
	case "failure":
		return JobFailure, nil
	}
	if s == "" {
		return "", fmt.Errorf("the job has no status")
	}
	return "", fmt.Errorf("the job status %q is not one of Created, Running, Success, SuccessWithWarning, Failure", s)
}

// Terminal reports whether the job has finished, one way or the other.
func (s JobStatus) Terminal() bool {
	return s == JobSuccess || s == JobSuccessWithWarning || s == JobFailure
}

// Succeeded reports whether the job finished successfully; warnings count
// as success, as dbcli itself treats them.
func (s JobStatus) Succeeded() bool {
	return s == JobSuccess || s == JobSuccessWithWarning
}

// Failed reports whether the job finished in failure.
func (s JobStatus) Failed() bool { return s == JobFailure }
