package node

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// dnfQuery is what an `updateinfo` or `check-update` command asks for.
type dnfQuery struct {
	verb       string // updateinfo list|info|summary, check-update
	security   bool
	severities []string
	byCVE      bool
	quiet      bool
}

func parseDnf(args []string) (dnfQuery, error) {
	var q dnfQuery
	var words []string
	for _, a := range args {
		switch {
		case a == "--security":
			q.security = true
		case strings.HasPrefix(a, "--sec-severity=") || strings.HasPrefix(a, "--secseverity="):
			_, v, _ := strings.Cut(a, "=")
			q.security = true
			q.severities = append(q.severities, v)
		case a == "--with-cve" || a == "--cve" || a == "cves":
			q.byCVE = true
		case a == "-q" || a == "--quiet":
			q.quiet = true
		case a == "sec" || a == "security":
			q.security = true
		case a == "-y" || a == "-C" || a == "--cacheonly" || strings.HasPrefix(a, "--disablerepo") || strings.HasPrefix(a, "--enablerepo"):
		case strings.HasPrefix(a, "-"):
			return q, fmt.Errorf("unrecognized arguments: %s", a)
		default:
			words = append(words, a)
		}
	}
	switch {
	case len(words) == 0:
		return q, fmt.Errorf("you need to give some command")
	case words[0] == "check-update" || words[0] == "list-security":
		q.verb = words[0]
	case words[0] == "updateinfo":
		q.verb = "updateinfo list"
		if len(words) > 1 && (words[1] == "info" || words[1] == "summary" || words[1] == "list") {
			q.verb = "updateinfo " + words[1]
		}
	default:
		return q, fmt.Errorf("no such command: %s", words[0])
	}
	return q, nil
}

func cmdDnf(p *proc) int {
	q, err := parseDnf(p.args[1:])
	if err != nil {
		p.errf("%s: error: %v. Please use /usr/bin/%s --help\n", p.args[0], err, p.args[0])
		return 2
	}
	p.n.mu.Lock()
	p.n.settleLocked(p.n.clock.Now())
	advisories := slices.Clone(p.n.advisories)
	p.n.mu.Unlock()
	selected := advisories[:0:0]
	for _, a := range advisories {
		if q.security && !a.security() {
			continue
		}
		if len(q.severities) > 0 && !slices.ContainsFunc(q.severities, func(s string) bool { return strings.EqualFold(s, a.Severity) }) {
			continue
		}
		selected = append(selected, a)
	}
	if !q.quiet {
		p.outf("Last metadata expiration check: 0:12:01 ago on %s.\n", p.n.clock.Now().UTC().Add(-12*time.Minute-time.Second).Format("Mon 02 Jan 2006 03:04:05 PM MST"))
	}
	switch q.verb {
	case "check-update":
		return dnfCheckUpdate(p, advisories)
	case "updateinfo info":
		dnfInfo(p, selected)
	case "updateinfo summary":
		dnfSummary(p, selected)
	default:
		dnfList(p, selected, q.byCVE)
	}
	return 0
}

func advisoryLabel(a Advisory) string {
	switch a.Type {
	case "security":
		return a.Severity + "/Sec."
	case "bugfix":
		return "bugfix"
	}
	return "enhancement"
}

func dnfList(p *proc, list []Advisory, byCVE bool) {
	type row struct{ id, label, pkg string }
	var rows []row
	for _, a := range list {
		ids := []string{a.ID}
		if byCVE {
			ids = a.CVEs
		}
		for _, id := range ids {
			for _, pkg := range a.Packages {
				rows = append(rows, row{id, advisoryLabel(a), pkg})
			}
		}
	}
	idWidth, labelWidth := 0, 0
	for _, r := range rows {
		idWidth, labelWidth = max(idWidth, len(r.id)), max(labelWidth, len(r.label))
	}
	for _, r := range rows {
		p.outf("%-*s %-*s %s\n", idWidth, r.id, labelWidth, r.label, r.pkg)
	}
}

func dnfInfo(p *proc, list []Advisory) {
	for _, a := range list {
		p.out("===============================================================================\n")
		p.outf("  %s\n", strings.ToLower(a.Severity)+": "+a.Packages[0]+" security update")
		p.out("===============================================================================\n")
		p.outf("  Update ID: %s\n       Type: %s\n    Updated: %s\n", a.ID, a.Type, a.Issued.UTC().Format("2006-01-02 15:04:05"))
		if len(a.CVEs) > 0 {
			p.outf("       CVEs: %s\n", strings.Join(a.CVEs, "\n           : "))
		}
		p.outf("   Severity: %s\n\n", a.Severity)
	}
}

func dnfSummary(p *proc, list []Advisory) {
	counts := map[string]int{}
	total := 0
	for _, a := range list {
		if a.security() {
			counts[a.Severity]++
			total++
		}
	}
	p.out("Updates Information Summary: available\n")
	p.outf("    %d Security notice(s)\n", total)
	for _, s := range []string{"Critical", "Important", "Moderate", "Low"} {
		if counts[s] > 0 {
			p.outf("        %d %s Security notice(s)\n", counts[s], s)
		}
	}
}

func dnfCheckUpdate(p *proc, list []Advisory) int {
	var rows [][3]string
	for _, a := range list {
		for _, pkg := range a.Packages {
			name, version, arch := splitNEVRA(pkg)
			repo := "ol8_baseos_latest"
			if strings.HasPrefix(name, "kernel-uek") {
				repo = "ol8_UEKR7"
			}
			rows = append(rows, [3]string{name + "." + arch, version, repo})
		}
	}
	if len(rows) == 0 {
		return 0
	}
	p.out("\n")
	for _, r := range rows {
		p.outf("%-40s %-40s %s\n", r[0], r[1], r[2])
	}
	return 100
}

// splitNEVRA splits "openssl-libs-1:1.1.1k-14.el8_10.x86_64" into the
// name, [epoch:]version-release and arch.
func splitNEVRA(pkg string) (name, version, arch string) {
	dot := strings.LastIndexByte(pkg, '.')
	base := pkg
	if dot > 0 {
		base, arch = pkg[:dot], pkg[dot+1:]
	}
	rel := strings.LastIndexByte(base, '-')
	if rel < 0 {
		return base, "", arch
	}
	ver := strings.LastIndexByte(base[:rel], '-')
	if ver < 0 {
		return base[:rel], base[rel+1:], arch
	}
	return base[:ver], base[ver+1:], arch
}
