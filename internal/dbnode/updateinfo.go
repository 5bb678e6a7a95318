package dbnode

import (
	"fmt"
	"regexp"
	"strings"
)

// Severity is an advisory's severity as dnf prints it.
type Severity string

// Severities, most severe first. SeverityNone is an advisory without one.
const (
	SeverityCritical  Severity = "Critical"
	SeverityImportant Severity = "Important"
	SeverityModerate  Severity = "Moderate"
	SeverityLow       Severity = "Low"
	SeverityNone      Severity = ""
)

// Rank orders severities: Critical 4 down to none 0.
func (s Severity) Rank() int {
	switch s {
	case SeverityCritical:
		return 4
	case SeverityImportant:
		return 3
	case SeverityModerate:
		return 2
	case SeverityLow:
		return 1
	}
	return 0
}

// Advisory is one line of `dnf updateinfo list`: an advisory (or, with
// --with-cve, a CVE) and a package update that fixes it.
type Advisory struct {
	// ID is the advisory (ELSA-2026-12345) or the CVE (CVE-2026-1234).
	ID string
	// Type is security, bugfix, enhancement or newpackage.
	Type     string
	Severity Severity
	// Package is the fixing package's NEVRA.
	Package string
}

var (
	advisoryID = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9:._]+)+$`)
	cveID      = regexp.MustCompile(`^CVE-[0-9]{4}-[0-9]{4,}$`)
)

// ParseUpdateInfo reads `dnf updateinfo list [--security] [--with-cve]`.
// Lines before the first advisory (metadata notes, banners) are skipped;
// a line after it that is not an advisory is an error, as is any dnf
// "Error:" line, so that a failed query never reads as "nothing to fix".
func ParseUpdateInfo(out string) ([]Advisory, error) {
	const what = "dnf updateinfo output"
	var list []Advisory
	for _, l := range payloadLines(out) {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "Error:") {
			return nil, outputError(what, out, "dnf reported an error")
		}
		if isDnfNote(l) {
			continue
		}
		a, err := parseAdvisoryLine(l)
		if err != nil {
			if len(list) == 0 {
				continue
			}
			return nil, outputError(what, out, "%v", err)
		}
		list = append(list, a)
	}
	return list, nil
}

// isDnfNote reports dnf's informational lines.
func isDnfNote(l string) bool {
	for _, p := range []string{"Last metadata expiration check", "Updating Subscription Management", "Repository ", "Security: "} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

func parseAdvisoryLine(l string) (Advisory, error) {
	f := strings.Fields(l)
	if len(f) != 3 {
		return Advisory{}, fmt.Errorf("the line %q is not advisory, type and package", truncate(l))
	}
	if !advisoryID.MatchString(f[0]) {
		return Advisory{}, fmt.Errorf("%q is not an advisory or CVE id", f[0])
	}
	a := Advisory{ID: f[0], Package: f[2]}
	if !strings.Contains(a.Package, "-") {
		return Advisory{}, fmt.Errorf("%q is not a package name-version-release", f[2])
	}
	typ := strings.ToLower(f[1])
	if sev, ok := strings.CutSuffix(f[1], "/Sec."); ok {
		a.Type = "security"
		switch Severity(sev) {
		case SeverityCritical, SeverityImportant, SeverityModerate, SeverityLow:
			a.Severity = Severity(sev)
		case "None", "Unknown":
		default:
			return Advisory{}, fmt.Errorf("%q is not a severity (Critical, Important, Moderate, Low)", sev)
		}
		return a, nil
	}
	switch typ {
	case "security", "bugfix", "enhancement", "newpackage", "unspecified":
		a.Type = typ
		return a, nil
	}
	return Advisory{}, fmt.Errorf("%q is not an advisory type", f[1])
}

// CVEFix ties a CVE to the advisory and package that fix it.
type CVEFix struct {
	CVE      string
	Advisory string
	Severity Severity
	Package  string
}

// MapCVEs joins the output of `--with-cve` (CVE per package) with the
// plain list (advisory per package) on the package, which is what both
// lists share. A CVE whose package is in no advisory keeps an empty
// Advisory; lines of cves that are not CVEs are ignored.
func MapCVEs(advisories, cves []Advisory) []CVEFix {
	byPackage := make(map[string][]Advisory)
	for _, a := range advisories {
		byPackage[a.Package] = append(byPackage[a.Package], a)
	}
	var out []CVEFix
	for _, c := range cves {
		if !cveID.MatchString(c.ID) {
			continue
		}
		matches := byPackage[c.Package]
		if len(matches) == 0 {
			out = append(out, CVEFix{CVE: c.ID, Severity: c.Severity, Package: c.Package})
			continue
		}
		for _, a := range matches {
			out = append(out, CVEFix{CVE: c.ID, Advisory: a.ID, Severity: c.Severity, Package: c.Package})
		}
	}
	return out
}
