package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/fleetpatch/terraform-provider-fams/internal/patch"
)

// Exit codes of `famsctl patch` beyond those every command shares
// (exitOK, exitFailure, exitBadInput). A runbook branches on them: 3 means
// nothing was changed, 4 that an update failed before any node was done,
// 5 that the fleet is half patched and needs a person.
const (
	exitPrecheckFailed = 3
	exitPatchFailed    = 4
	exitPartial        = 5
)

// exitError carries an exit code decided from results.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }

// beforeUpdate are the phases a node goes through before anything on it
// changes: a failure there leaves the node as it was.
var beforeUpdate = map[patch.Phase]bool{
	patch.PhaseConnect: true, patch.PhaseLock: true, patch.PhaseAgent: true,
	patch.PhaseStorage: true, patch.PhasePrecheck: true, patch.PhasePreHooks: true,
}

// patchExitCode decides the exit code of a patch run. When several
// systems fail differently the most serious wins: partly patched (5),
// then a failed update (4), then an unexpected error (1), then a failed
// precheck (3), which changed nothing.
func patchExitCode(results []patch.SystemResult) int {
	var patched, updateFailed, precheckFailed, unexpected bool
	for _, sys := range results {
		nodeFailed := false
		for _, n := range sys.Nodes {
			switch n.Outcome {
			case patch.Patched:
				patched = true
			case patch.Failed:
				nodeFailed = true
				phase := n.Phase
				if p, ok := patch.PhaseOf(n.Err); ok {
					phase = p
				}
				if beforeUpdate[phase] {
					precheckFailed = true
				} else {
					updateFailed = true
				}
			}
		}
		if sys.Err != nil && !nodeFailed {
			unexpected = true
		}
	}
	failed := updateFailed || precheckFailed || unexpected
	switch {
	case !failed:
		return exitOK
	case patched:
		return exitPartial
	case updateFailed:
		return exitPatchFailed
	case unexpected:
		return exitFailure
	default:
		return exitPrecheckFailed
	}
}

// resultsError describes every failed DB system, each node failure whole
// (the engine's PhaseError says node, phase, answer and what to do).
func resultsError(results []patch.SystemResult) error {
	var errs []error
	for _, sys := range results {
		if sys.Err == nil {
			continue
		}
		name := sys.DisplayName
		if name == "" {
			name = sys.ID
		}
		var done []string
		for _, n := range sys.Nodes {
			if n.Outcome == patch.Patched {
				done = append(done, n.Hostname)
			}
		}
		msg := fmt.Sprintf("DB system %s: %v", name, sys.Err)
		if len(done) > 0 {
			msg += fmt.Sprintf(" (already patched: %s; rerun with the same --run-id to resume)", strings.Join(done, ", "))
		}
		errs = append(errs, errors.New(msg))
	}
	return errors.Join(errs...)
}
