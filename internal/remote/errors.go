package remote

import (
	"errors"
	"fmt"
	"strings"
)

// Kind says what went wrong, so that callers can decide what to do next.
type Kind int

const (
	// KindDial means the host could not be reached or the SSH handshake did
	// not complete: refused, unreachable, timed out, reset during key
	// exchange, or a jump host refused to forward. Dials are retried with
	// backoff; a Dial error is what remains once the retries ran out.
	KindDial Kind = iota + 1
	// KindAuth means the host refused every key offered. It is final: no
	// retry can fix a missing authorized key.
	KindAuth
	// KindHostKey means the host key could not be verified: unknown,
	// changed or revoked. It is final: a changed key is either a rebuilt
	// node or an attack, and only a person can tell which.
	KindHostKey
	// KindConnectionLost means the connection dropped while a command was
	// running, so no exit status arrived: the host went away (a reboot, a
	// crash, a network drop). The command may or may not have completed.
	// See IsHostGone.
	KindConnectionLost
	// KindTimeout means the caller's deadline passed while connecting or
	// while a command ran.
	KindTimeout
	// KindCanceled means the caller cancelled the context.
	KindCanceled
	// KindCommandFailed means the command ran and exited with a non-zero
	// status (or was killed by a signal, as status 128+N).
	KindCommandFailed
)

func (k Kind) String() string {
	switch k {
	case KindDial:
		return "dial"
	case KindAuth:
		return "auth"
	case KindHostKey:
		return "host key"
	case KindConnectionLost:
		return "connection lost"
	case KindTimeout:
		return "timeout"
	case KindCanceled:
		return "canceled"
	case KindCommandFailed:
		return "command failed"
	default:
		return fmt.Sprintf("Kind(%d)", int(k))
	}
}

// Error is every error this package returns about a host. Use errors.As to
// read it; Err keeps the cause for errors.Is (context.DeadlineExceeded,
// syscall.ECONNREFUSED, ...).
type Error struct {
	Kind Kind
	// Host is the target, host:port.
	Host string
	// Hop is the jump host, host:port, where the failure happened; empty
	// when it happened on the target itself.
	Hop string
	// Op is what was being done, e.g. "connect as opc" or "run `uname -r`".
	Op string
	// ExitStatus is the command's exit status for KindCommandFailed.
	ExitStatus int
	// Stdout and Stderr are what a failed command printed (capped).
	Stdout, Stderr []byte
	// Hint says what to check; it ends the message.
	Hint string
	Err  error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(" on ")
	b.WriteString(e.Host)
	if e.Hop != "" {
		b.WriteString(" (at jump host ")
		b.WriteString(e.Hop)
		b.WriteString(")")
	}
	if e.Kind == KindCommandFailed {
		fmt.Fprintf(&b, ": exited with status %d", e.ExitStatus)
		if tail := lastLines(e.Stderr); tail != "" {
			fmt.Fprintf(&b, ": %s", tail)
		}
	} else if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Retryable reports whether trying again may succeed without anyone
// changing anything: true for dial failures and lost connections only.
func (e *Error) Retryable() bool {
	return e.Kind == KindDial || e.Kind == KindConnectionLost
}

// KindOf returns the Kind of the first *Error in err's chain, or 0.
func KindOf(err error) Kind {
	var re *Error
	if errors.As(err, &re) {
		return re.Kind
	}
	return 0
}

// IsHostGone reports whether err means the host went away while a command
// ran (KindConnectionLost): what a reboot looks like from the client. A
// caller that just asked the node to reboot treats this as success.
func IsHostGone(err error) bool {
	return KindOf(err) == KindConnectionLost
}

// ExitStatus returns the exit status carried by a KindCommandFailed error
// and true, or 0 and false for any other error.
func ExitStatus(err error) (int, bool) {
	var re *Error
	if errors.As(err, &re) && re.Kind == KindCommandFailed {
		return re.ExitStatus, true
	}
	return 0, false
}

// Hints that end error messages: what a user can check.
const (
	hintDial = "check that the host is running, that sshd listens on that port, " +
		"and that firewalls, security lists and NSGs let this machine in"
	hintLost = "the host went away (reboot, crash or network drop) before the command reported an exit status; " +
		"the command may or may not have finished"
	hintTimeout = "the deadline passed; raise the timeout if the host is slow or the command legitimately runs longer"
)

func hintAuth(user string) string {
	return fmt.Sprintf("check that the public key is in ~%s/.ssh/authorized_keys on the host, "+
		"or that a certificate names %q as a principal and its CA is trusted (TrustedUserCAKeys)", user, user)
}

// sudoHint recognises sudo's own refusals, which otherwise read like any
// failed command.
func sudoHint(stderr []byte, user string) string {
	s := string(stderr)
	switch {
	case strings.Contains(s, "a terminal is required"), strings.Contains(s, "you must have a tty"):
		return "sudo requires a terminal (Defaults requiretty): run the command with a PTY"
	case strings.Contains(s, "a password is required"):
		return fmt.Sprintf("sudo asked for a password: give %s passwordless sudo (NOPASSWD) for this command", user)
	case strings.Contains(s, "is not in the sudoers file"), strings.Contains(s, "is not allowed to execute"):
		return fmt.Sprintf("%s may not run this command with sudo: check /etc/sudoers and /etc/sudoers.d", user)
	case strings.Contains(s, "unknown user"):
		return "sudo does not know the target user: check the user name"
	}
	return ""
}

// lastLines is the end of a command's output, up to three non-empty
// lines on one line: where tools, sudo included, say why they failed.
func lastLines(out []byte) string {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(string(out), "\r", ""), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	lines = lines[max(0, len(lines)-3):]
	s := strings.Join(lines, " | ")
	const maxLen = 300
	if len(s) > maxLen {
		s = "…" + s[len(s)-maxLen:]
	}
	return s
}

// describeCommand shortens a command line for messages.
func describeCommand(line string) string {
	const maxLen = 120
	line = strings.Join(strings.Fields(line), " ")
	if len(line) > maxLen {
		line = line[:maxLen] + "…"
	}
	return "run `" + line + "`"
}
