package dbnode

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxQuoted bounds how much of a node's answer an error repeats: enough to
// recognise it, not a whole log in one error line.
const maxQuoted = 400

// OutputError says that a node's answer could not be read. It quotes the
// answer so that the user sees what the node printed.
type OutputError struct {
	// What names the output, e.g. "dbcli describe-job output".
	What string
	// Reason says what was wrong with it.
	Reason string
	// Output is the offending output, truncated.
	Output string
}

func (e *OutputError) Error() string {
	return fmt.Sprintf("cannot read the %s: %s; the node printed %s", e.What, e.Reason, quoteOutput(e.Output))
}

func outputError(what, output, format string, args ...any) *OutputError {
	return &OutputError{What: what, Reason: fmt.Sprintf(format, args...), Output: truncate(output)}
}

// truncate cuts s to maxQuoted bytes on a rune boundary, marking the cut.
func truncate(s string) string {
	if len(s) <= maxQuoted {
		return s
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func quoteOutput(s string) string {
	if strings.TrimSpace(s) == "" {
		return "nothing"
	}
	return fmt.Sprintf("%q", s)
}

// lines splits output into lines without line ends or trailing blanks, so
// that a PTY's CRLF and padded columns read like plain output.
func lines(out string) []string {
	raw := strings.Split(out, "\n")
	for i, l := range raw {
		raw[i] = strings.TrimRight(l, " \t\r\f\v")
	}
	return raw
}

// payloadLines are the lines of out that are not blank and not noise.
func payloadLines(out string) []string {
	var keep []string
	for _, l := range lines(out) {
		if strings.TrimSpace(l) == "" || isNoise(l) {
			continue
		}
		keep = append(keep, l)
	}
	return keep
}

// isNoise reports lines that tools and shells print around their payload:
// warnings, and sudo's complaints that do not stop the command.
func isNoise(line string) bool {
	l := strings.TrimSpace(line)
	for _, prefix := range []string{"WARNING:", "Warning:", "warning:", "sudo: unable to resolve host"} {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// lastLine is the last payload line, which is where a one-line answer is
// when a login banner or warning came first.
func lastLine(out string) (string, bool) {
	p := payloadLines(out)
	if len(p) == 0 {
		return "", false
	}
	return strings.TrimSpace(p[len(p)-1]), true
}
