package main

import (
	"errors"
	"testing"

	"github.com/fleetpatch/terraform-provider-fams/internal/patch"
)

func TestPatchExitCode(t *testing.T) {
	t.Parallel()
	failedIn := func(p patch.Phase) patch.NodeResult {
		return patch.NodeResult{Outcome: patch.Failed, Phase: p, Err: &patch.PhaseError{Phase: p, Err: errors.New("boom")}}
	}
	ok := func(o patch.Outcome) patch.NodeResult { return patch.NodeResult{Outcome: o} }
	notAttempted := ok(patch.NotAttempted)
	sys := func(nodes ...patch.NodeResult) patch.SystemResult {
		r := patch.SystemResult{Nodes: nodes}
		for _, n := range nodes {
			if n.Err != nil {
				r.Err = n.Err
				break
			}
		}
		return r
	}
	for _, tc := range []struct {
		name    string
		results []patch.SystemResult
		want    int
	}{
		{"nothing to do", nil, exitOK},
		{"all patched", []patch.SystemResult{sys(ok(patch.Patched), ok(patch.Patched))}, exitOK},
		{"precheck only", []patch.SystemResult{sys(ok(patch.PrecheckPassed)), sys(ok(patch.UpToDate), ok(patch.Skipped))}, exitOK},
		{"connect", []patch.SystemResult{sys(failedIn(patch.PhaseConnect), notAttempted)}, exitPrecheckFailed},
		{"lock", []patch.SystemResult{sys(failedIn(patch.PhaseLock))}, exitPrecheckFailed},
		{"dcs agent", []patch.SystemResult{sys(failedIn(patch.PhaseAgent))}, exitPrecheckFailed},
		{"storage", []patch.SystemResult{sys(failedIn(patch.PhaseStorage))}, exitPrecheckFailed},
		{"precheck", []patch.SystemResult{sys(failedIn(patch.PhasePrecheck), notAttempted)}, exitPrecheckFailed},
		{"pre-update hooks", []patch.SystemResult{sys(failedIn(patch.PhasePreHooks))}, exitPrecheckFailed},
		{"second node precheck after first up to date", []patch.SystemResult{sys(ok(patch.UpToDate), failedIn(patch.PhasePrecheck))}, exitPrecheckFailed},
		{"update", []patch.SystemResult{sys(failedIn(patch.PhaseUpdate), notAttempted)}, exitPatchFailed},
		{"reboot", []patch.SystemResult{sys(failedIn(patch.PhaseReboot))}, exitPatchFailed},
		{"postcheck", []patch.SystemResult{sys(failedIn(patch.PhasePostcheck))}, exitPatchFailed},
		{"second node after first patched", []patch.SystemResult{sys(ok(patch.Patched), failedIn(patch.PhaseUpdate))}, exitPartial},
		{"second node precheck after first patched", []patch.SystemResult{sys(ok(patch.Patched), failedIn(patch.PhasePrecheck))}, exitPartial},
		{"other system patched", []patch.SystemResult{sys(ok(patch.Patched)), sys(failedIn(patch.PhasePrecheck))}, exitPartial},
		{"update beats precheck", []patch.SystemResult{sys(failedIn(patch.PhasePrecheck)), sys(failedIn(patch.PhaseUpdate))}, exitPatchFailed},
		{"system error without node", []patch.SystemResult{{Err: errors.New("no nodes")}}, exitFailure},
		{"unexpected beats precheck", []patch.SystemResult{{Err: errors.New("no nodes")}, sys(failedIn(patch.PhasePrecheck))}, exitFailure},
		{"phase taken from the error", []patch.SystemResult{sys(patch.NodeResult{Outcome: patch.Failed, Phase: patch.PhaseUnlock,
			Err: &patch.PhaseError{Phase: patch.PhasePrecheck, Err: errors.New("x")}})}, exitPrecheckFailed},
	} {
		if got := patchExitCode(tc.results); got != tc.want {
			t.Errorf("%s: exit %d, want %d", tc.name, got, tc.want)
		}
	}
}
