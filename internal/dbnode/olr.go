package dbnode

import (
	"path"
	"strings"
)

// ParseGridHome reads the Grid Infrastructure home from /etc/oracle/olr.loc
// (the crs_home= line).
func ParseGridHome(out string) (string, error) {
	const what = "/etc/oracle/olr.loc"
	home := ""
	for _, l := range payloadLines(out) {
		key, value, ok := strings.Cut(strings.TrimSpace(l), "=")
		if ok && strings.TrimSpace(key) == "crs_home" {
			if home != "" {
				return "", outputError(what, out, "it has more than one crs_home= line")
			}
			home = strings.TrimSpace(value)
			if home == "" {
				return "", outputError(what, out, "crs_home= is empty")
			}
		}
	}
	switch {
	case home == "":
		return "", outputError(what, out, "it has no crs_home= line; is Grid Infrastructure installed on this node?")
	case !strings.HasPrefix(home, "/"):
		return "", outputError(what, out, "crs_home %q is not an absolute path", home)
	case strings.ContainsFunc(home, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return "", outputError(what, out, "crs_home %q contains control characters", home)
	}
	return path.Clean(home), nil
}
