package dbnode

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// LockDir is the per-node lock: a directory, because mkdir either creates
// it or fails, atomically, and a lock left by a crash is visible to an
// operator with ls. It lives in /var/tmp, which survives the reboot that
// happens while the lock is held.
const LockDir = "/var/tmp/fams-os-patch.lock"

// LockOwnerFile records who holds the lock.
const LockOwnerFile = LockDir + "/owner"

// LockOwner is who holds a node's lock.
type LockOwner struct {
	// Owner identifies the holder for people, e.g. "famsctl@host (pid 42)".
	Owner string
	// RunID identifies the run, so that a resumed run recognises its own lock.
	RunID   string
	Started time.Time
}

// LockAcquire is the command that takes the lock: it fails, changing
// nothing, when the lock directory already exists.
func LockAcquire(o LockOwner) (Command, error) {
	if err := o.check(); err != nil {
		return Command{}, fmt.Errorf("build the lock command: %w", err)
	}
	mkdir, err := joinWords([]string{"mkdir", "-m", "700", LockDir})
	if err != nil {
		return Command{}, err
	}
	write, err := joinWords([]string{"printf", `%s\n`,
		"owner=" + o.Owner, "run_id=" + o.RunID, "started=" + o.Started.UTC().Format(time.RFC3339)})
	if err != nil {
		return Command{}, fmt.Errorf("build the lock command: %w", err)
	}
	return Command{Line: mkdir + " && " + write + " > " + LockOwnerFile, RunAs: Root}, nil
}

// LockRead is the command that prints the lock's owner file.
func LockRead() Command {
	return Command{Line: "cat " + LockOwnerFile, RunAs: Root}
}

// LockRelease is the command that removes the lock.
func LockRelease() Command {
	return Command{Line: "rm -rf " + LockDir, RunAs: Root}
}

func (o LockOwner) check() error {
	fields := []struct{ name, value string }{{"owner", o.Owner}, {"run id", o.RunID}}
	for _, f := range fields {
		switch {
		case strings.TrimSpace(f.value) == "":
			return fmt.Errorf("the lock %s is empty", f.name)
		case strings.ContainsAny(f.value, "\r\n\x00"):
			return fmt.Errorf("the lock %s %q contains a line break or NUL, which the owner file cannot hold", f.name, f.value)
		case strings.TrimSpace(f.value) != f.value:
			return fmt.Errorf("the lock %s %q starts or ends with blanks, which would not read back the same", f.name, f.value)
		}
	}
	if o.Started.IsZero() {
		return errors.New("the lock start time is not set")
	}
	return nil
}

// ParseLockOwner reads the lock's owner file.
func ParseLockOwner(out string) (LockOwner, error) {
	const what = "lock owner file"
	var o LockOwner
	var started string
	for _, l := range payloadLines(out) {
		key, value, ok := strings.Cut(strings.TrimSpace(l), "=")
		if !ok {
			continue
		}
		switch key {
		case "owner":
			o.Owner = value
		case "run_id":
			o.RunID = value
		case "started":
			started = value
		}
	}
	if o.Owner == "" || o.RunID == "" || started == "" {
		return LockOwner{}, outputError(what, out, "it needs owner=, run_id= and started= lines")
	}
	t, err := time.Parse(time.RFC3339, started)
	if err != nil {
		return LockOwner{}, outputError(what, out, "started=%q is not an RFC 3339 time", started)
	}
	o.Started = t
	return o, nil
}
