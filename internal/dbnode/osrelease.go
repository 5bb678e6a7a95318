package dbnode

import (
	"strconv"
	"strings"
)

// OSRelease is what /etc/os-release says about the distribution.
type OSRelease struct {
	Name       string // NAME, e.g. "Oracle Linux Server"
	VersionID  string // VERSION_ID, e.g. "8.10"
	ID         string // ID, e.g. "ol"
	PrettyName string // PRETTY_NAME, e.g. "Oracle Linux Server 8.10"
}

// MajorVersion is VERSION_ID's part before the first dot ("8" for "8.10").
func (r OSRelease) MajorVersion() string {
	major, _, _ := strings.Cut(r.VersionID, ".")
	return major
}

// ParseOSRelease reads /etc/os-release: KEY=value lines, values optionally
// quoted as in shell. It needs at least ID and VERSION_ID.
func ParseOSRelease(out string) (OSRelease, error) {
	const what = "/etc/os-release"
	var r OSRelease
	for _, l := range payloadLines(out) {
		key, raw, ok := strings.Cut(strings.TrimSpace(l), "=")
		if !ok || strings.HasPrefix(key, "#") {
			continue
		}
		value := unquoteOSReleaseValue(raw)
		switch key {
		case "NAME":
			r.Name = value
		case "VERSION_ID":
			r.VersionID = value
		case "ID":
			r.ID = value
		case "PRETTY_NAME":
			r.PrettyName = value
		}
	}
	if r.ID == "" || r.VersionID == "" {
		return OSRelease{}, outputError(what, out, "it needs ID= and VERSION_ID= lines")
	}
	return r, nil
}

// unquoteOSReleaseValue undoes the shell-style quoting os-release allows.
func unquoteOSReleaseValue(raw string) string {
	raw = strings.TrimSpace(raw)
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' {
		if s, err := strconv.Unquote(raw); err == nil {
			return s
		}
		return raw[1 : len(raw)-1]
	}
	if len(raw) >= 2 && raw[0] == '\'' && raw[len(raw)-1] == '\'' {
		return raw[1 : len(raw)-1]
	}
	return raw
}
