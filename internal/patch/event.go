package patch

import "time"

// EventKind says what an Event reports.
type EventKind string

// Event kinds.
const (
	PhaseStarted  EventKind = "phase_started"
	PhaseFinished EventKind = "phase_finished"
	PhaseFailed   EventKind = "phase_failed"
	// JobStarted carries the OS update job id as soon as it is known,
	// so that a caller can record it before the long wait begins.
	JobStarted  EventKind = "job_started"
	JobProgress EventKind = "job_progress"
	Warning     EventKind = "warning"
	// NodeFinished carries the node's Outcome in Message.
	NodeFinished EventKind = "node_finished"
)

// Event is one step of progress on a node.
type Event struct {
	Time     time.Time
	System   string
	Node     string
	Phase    Phase
	Kind     EventKind
	Message  string
	JobID    string
	Percent  int
	NextPoll time.Duration
	Elapsed  time.Duration
	Err      error
}
