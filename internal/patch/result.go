package patch

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
)

// Phase is one step of the workflow on a node.
type Phase string

// The phases, in the order a node goes through them.
const (
	PhaseConnect    Phase = "connect"
	PhaseLock       Phase = "lock"
	PhaseAgent      Phase = "dcs_agent"
	PhaseStorage    Phase = "storage"
	PhasePrecheck   Phase = "precheck"
	PhasePreHooks   Phase = "pre_update_hooks"
	PhaseUpdate     Phase = "update"
	PhaseStackStop  Phase = "stack_stop"
	PhaseReboot     Phase = "reboot"
	PhaseStackStart Phase = "stack_start"
	PhasePostHooks  Phase = "post_reboot_hooks"
	PhasePostcheck  Phase = "postcheck"
	PhaseUnlock     Phase = "unlock"
)

// Outcome is how a node's run ended.
type Outcome string

const (
	// Patched: the update ran, the node rebooted and passed the
	// post-checks.
	Patched Outcome = "Patched"
	// UpToDate: there was nothing to install and no reboot pending.
	UpToDate Outcome = "UpToDate"
	// PrecheckPassed: option precheck, and every check passed.
	PrecheckPassed Outcome = "PrecheckPassed"
	// Skipped: the kernel gate left the node alone.
	Skipped Outcome = "Skipped"
	// Failed: a phase failed; Phase and Err say which and why.
	Failed Outcome = "Failed"
	// NotAttempted: an earlier node of the DB system failed, so this
	// one was not touched.
	NotAttempted Outcome = "NotAttempted"
)

// Succeeded reports an outcome that lets a rolling run go on.
func (o Outcome) Succeeded() bool {
	return o == Patched || o == UpToDate || o == PrecheckPassed || o == Skipped
}

// PhaseTiming is when a phase ran on a node.
type PhaseTiming struct {
	Phase    Phase
	Started  time.Time
	Duration time.Duration
	Failed   bool
}

// NodeResult is what happened on one node.
type NodeResult struct {
	Hostname string
	// Address is where the node was reached (host or host:port).
	Address string
	Outcome Outcome
	// Phase is the phase that failed, or the last one reached.
	Phase Phase
	// KernelBefore and KernelAfter are `uname -r` before the run and
	// after the reboot.
	KernelBefore string
	KernelAfter  string
	BootIDBefore string
	BootIDAfter  string
	// JobID is the OS update job, started or adopted; JobAdopted says
	// which. PrecheckJobID is the dbcli OS precheck job.
	JobID         string
	JobStatus     dbnode.JobStatus
	JobAdopted    bool
	PrecheckJobID string
	Rebooted      bool
	// StackDown is set when the run ended with the node's database
	// stack stopped by this run: the operator must look at it.
	StackDown bool
	Phases    []PhaseTiming
	Warnings  []string
	Err       error
}

// SystemResult is what happened on one DB system.
type SystemResult struct {
	ID          string
	DisplayName string
	Nodes       []NodeResult
	// Err is the first node failure, or an error that stopped the run
	// before any node (such as an invalid configuration).
	Err error
}

// Failed reports whether some node failed.
func (r SystemResult) Failed() bool { return r.Err != nil }

// PhaseError is a node failure: which node, which phase, what went wrong
// and what the node printed.
type PhaseError struct {
	Node  string
	Phase Phase
	Err   error
	// Output is the node's answer to the command that failed, if any.
	Output string
	// Hint says what to do about it.
	Hint string
}

func (e *PhaseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "node %s, phase %s: %v", e.Node, e.Phase, e.Err)
	if e.Output != "" && !strings.Contains(e.Err.Error(), e.Output) {
		fmt.Fprintf(&b, "; the node answered: %q", e.Output)
	}
	if e.Hint != "" {
		b.WriteString(". ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

func (e *PhaseError) Unwrap() error { return e.Err }

// PhaseOf returns the phase an error happened in, if it came from a node.
func PhaseOf(err error) (Phase, bool) {
	var pe *PhaseError
	if errors.As(err, &pe) {
		return pe.Phase, true
	}
	return "", false
}
