package dbnode

import (
	"strings"
)

// UnitState is a systemd unit's active state as `systemctl is-active`
// prints it.
type UnitState string

// Unit states.
const (
	UnitActive       UnitState = "active"
	UnitInactive     UnitState = "inactive"
	UnitFailed       UnitState = "failed"
	UnitActivating   UnitState = "activating"
	UnitDeactivating UnitState = "deactivating"
	UnitReloading    UnitState = "reloading"
	UnitUnknown      UnitState = "unknown"
)

var unitStates = []UnitState{UnitActive, UnitInactive, UnitFailed, UnitActivating, UnitDeactivating, UnitReloading, UnitUnknown}

// ParseUnitState reads `systemctl is-active` from its stdout and exit
// status, which must agree: exit 0 means active (or reloading), any other
// status a unit that is not.
func ParseUnitState(stdout string, exitStatus int) (UnitState, error) {
	const what = "systemctl is-active output"
	line, ok := lastLine(stdout)
	if !ok {
		return "", outputError(what, stdout, "it is empty (exit status %d)", exitStatus)
	}
	var state UnitState
	for _, s := range unitStates {
		if strings.EqualFold(line, string(s)) {
			state = s
		}
	}
	if state == "" {
		return "", outputError(what, stdout, "%.40q is not a unit state", line)
	}
	runs := state == UnitActive || state == UnitReloading
	if runs != (exitStatus == 0) {
		return "", outputError(what, stdout, "the state %s contradicts exit status %d", state, exitStatus)
	}
	return state, nil
}
