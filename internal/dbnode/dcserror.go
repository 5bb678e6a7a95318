package dbnode

import (
	"fmt"
	"regexp"
	"strings"
)

// DCSError is an error dbcli printed instead of a result, such as
// "DCS-10001:Internal error encountered: Another OS patching job <id> is
// in progress.".
type DCSError struct {
	// Code is the DCS code, e.g. "DCS-10001".
	Code    string
	Message string
	// RunningJobID is the job dbcli says is already in progress, if it
	// named one: the job to adopt instead of starting another.
	RunningJobID string
}

func (e *DCSError) Error() string {
	return fmt.Sprintf("dbcli failed with %s: %s", e.Code, e.Message)
}

// Known DCS codes the workflow acts on.
const (
	DCSResourceNotFound = "DCS-10000"
	DCSInternalError    = "DCS-10001"
)

// JobNotFound reports dbcli saying the job it was asked about does not exist.
func (e *DCSError) JobNotFound() bool {
	return e.Code == DCSResourceNotFound && strings.Contains(strings.ToLower(e.Message), "not found")
}

// AgentUnreachable reports dbcli failing to reach the DCS agent, which a
// restart of initdcsagent usually cures.
func (e *DCSError) AgentUnreachable() bool {
	m := strings.ToLower(e.Message)
	return strings.Contains(m, "hand shake") || strings.Contains(m, "connection refused")
}

var (
	dcsLine      = regexp.MustCompile(`^(DCS-\d{4,6})\s*:\s*(.*)$`)
	runningJobID = regexp.MustCompile(`(?i)\bjob\s+(?:with\s+id\s+)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s+is\s+(?:in\s+progress|running)`)
)

// ParseDCSError finds the first DCS error line in dbcli's output.
func ParseDCSError(out string) (*DCSError, bool) {
	for _, l := range payloadLines(out) {
		m := dcsLine.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		e := &DCSError{Code: m[1], Message: strings.TrimSpace(m[2])}
		if id := runningJobID.FindStringSubmatch(e.Message); id != nil {
			e.RunningJobID = id[1]
		}
		return e, true
	}
	return nil, false
}
