package dbnode

import (
	"regexp"
	"strings"
)

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// ParseBootID reads /proc/sys/kernel/random/boot_id, which changes on every
// boot. The answer must end with exactly one UUID line: anything else
// (empty output, two words, an error message) is refused, because taking
// noise for a boot id would report a reboot that never happened.
func ParseBootID(out string) (string, error) {
	const what = "boot id"
	ids := 0
	for _, l := range payloadLines(out) {
		if uuidPattern.MatchString(strings.ToLower(strings.TrimSpace(l))) {
			ids++
		}
	}
	line, ok := lastLine(out)
	switch {
	case !ok:
		return "", outputError(what, out, "it is empty")
	case ids > 1:
		return "", outputError(what, out, "it holds more than one UUID")
	case len(strings.Fields(line)) != 1:
		return "", outputError(what, out, "a boot id is one word")
	}
	id := strings.ToLower(line)
	if !uuidPattern.MatchString(id) {
		return "", outputError(what, out, "%.60q is not a UUID", line)
	}
	return id, nil
}
