package dbnode

import (
	"strings"
)

// PendingUpdate is one package `dnf check-update` would update.
type PendingUpdate struct {
	Name    string
	Arch    string
	Version string
	Repo    string
}

// checkUpdateAvailable is dnf check-update's exit status when updates are
// available; 0 means none, anything else a failure.
const checkUpdateAvailable = 100

// ParseCheckUpdate reads `dnf check-update` from its stdout and exit
// status. The obsoletes section after "Obsoleting Packages" repeats
// packages already listed and is ignored.
func ParseCheckUpdate(stdout string, exitStatus int) ([]PendingUpdate, error) {
	const what = "dnf check-update output"
	if exitStatus != 0 && exitStatus != checkUpdateAvailable {
		return nil, outputError(what, stdout, "dnf failed with exit status %d", exitStatus)
	}
	var updates []PendingUpdate
	var pending []string // fields of a line dnf wrapped after a long name
	for _, l := range payloadLines(stdout) {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "Obsoleting Packages") {
			break
		}
		if isDnfNote(l) {
			continue
		}
		f := append(pending, strings.Fields(l)...)
		pending = nil
		if len(f) < 3 {
			pending = f
			continue
		}
		u, ok := parsePendingUpdate(f)
		if !ok {
			if len(updates) == 0 {
				continue // a banner before the list
			}
			return nil, outputError(what, stdout, "the line %q is not package, version and repository", truncate(l))
		}
		updates = append(updates, u)
	}
	switch {
	case exitStatus == 0 && len(updates) > 0:
		return nil, outputError(what, stdout, "it lists updates yet dnf exited 0, which means none")
	case exitStatus == checkUpdateAvailable && len(updates) == 0:
		return nil, outputError(what, stdout, "dnf exited 100 (updates available) but listed no package")
	}
	return updates, nil
}

func parsePendingUpdate(f []string) (PendingUpdate, bool) {
	if len(f) != 3 {
		return PendingUpdate{}, false
	}
	dot := strings.LastIndexByte(f[0], '.')
	if dot <= 0 || dot == len(f[0])-1 || !strings.ContainsAny(f[1], "0123456789") {
		return PendingUpdate{}, false
	}
	return PendingUpdate{Name: f[0][:dot], Arch: f[0][dot+1:], Version: f[1], Repo: f[2]}, true
}
