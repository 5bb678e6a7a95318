package node

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// Advisory is an erratum (ELSA/ELBA) the node has not applied yet.
type Advisory struct {
	ID string `json:"id"`
	// Severity is Critical, Important, Moderate or Low.
	Severity string `json:"severity"`
	// Type is security, bugfix or enhancement.
	Type string `json:"type"`
	// Packages are the fixed packages as name-[epoch:]version-release.arch.
	Packages []string  `json:"packages"`
	CVEs     []string  `json:"cves,omitempty"`
	Issued   time.Time `json:"issued"`
}

func (a Advisory) security() bool { return a.Type == "security" }

// mentions reports whether one of the advisory's packages is for kernel k.
func (a Advisory) mentions(k string) bool {
	for _, p := range a.Packages {
		if strings.HasSuffix(p, k) {
			return true
		}
	}
	return false
}

// DefaultAdvisories are what a node a few months behind typically lacks:
// a kernel erratum for the given update kernel and some userland ones.
func DefaultAdvisories(updateKernel string) []Advisory {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	return []Advisory{
		{ID: "ELSA-2026-12345", Severity: "Important", Type: "security", Packages: []string{"kernel-uek-" + updateKernel, "kernel-uek-devel-" + updateKernel},
			CVEs: []string{"CVE-2026-21702", "CVE-2026-38544"}, Issued: day(time.October, 14)},
		{ID: "ELSA-2026-11802", Severity: "Moderate", Type: "security", Packages: []string{"openssl-libs-1:1.1.1k-14.el8_10.x86_64", "openssl-1:1.1.1k-14.el8_10.x86_64"},
			CVEs: []string{"CVE-2026-5535"}, Issued: day(time.September, 30)},
		{ID: "ELSA-2026-10977", Severity: "Critical", Type: "security", Packages: []string{"glibc-2.28-251.0.3.el8_10.x86_64", "glibc-common-2.28-251.0.3.el8_10.x86_64"},
			CVEs: []string{"CVE-2026-4802", "CVE-2026-4805", "CVE-2026-4806"}, Issued: day(time.September, 2)},
		{ID: "ELBA-2026-10411", Severity: "", Type: "bugfix", Packages: []string{"tzdata-2026b-1.el8.noarch"}, Issued: day(time.August, 19)},
	}
}

// Advisories returns the advisories the node lacks.
func (n *Node) Advisories() []Advisory {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.settleLocked(n.clock.Now())
	return slices.Clone(n.advisories)
}

// AddAdvisories publishes advisories the node now lacks, as a new errata
// release does.
func (n *Node) AddAdvisories(list ...Advisory) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.advisories = append(n.advisories, list...)
}

// publishAdvisoriesLocked invents count new security advisories.
func (n *Node) publishAdvisoriesLocked(count int) {
	severities := []string{"Critical", "Important", "Moderate", "Low"}
	pkgs := []string{"sudo-1.9.5p2-1.el8_10.x86_64", "curl-7.61.1-34.el8_10.4.x86_64", "libxml2-2.9.7-18.el8_10.3.x86_64", "python3-libs-3.6.8-69.0.1.el8_10.x86_64", "systemd-239-82.0.3.el8_10.5.x86_64"}
	now := n.clock.Now().UTC()
	for range count {
		num := 10000 + rand.IntN(90000)
		n.advisories = append(n.advisories, Advisory{
			ID:       fmt.Sprintf("ELSA-%d-%d", now.Year(), num),
			Severity: severities[rand.IntN(len(severities))],
			Type:     "security",
			Packages: []string{pkgs[rand.IntN(len(pkgs))]},
			CVEs:     []string{fmt.Sprintf("CVE-%d-%d", now.Year(), 1000+rand.IntN(60000))},
			Issued:   now.Truncate(24 * time.Hour),
		})
	}
}

func (n *Node) removeAdvisoriesLocked(gone []Advisory) {
	n.advisories = slices.DeleteFunc(n.advisories, func(a Advisory) bool {
		return slices.ContainsFunc(gone, func(g Advisory) bool { return g.ID == a.ID })
	})
}

func (n *Node) securityAdvisoriesLocked() []Advisory {
	var out []Advisory
	for _, a := range n.advisories {
		if a.security() {
			out = append(out, a)
		}
	}
	return out
}
