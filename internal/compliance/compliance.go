// Package compliance turns security-update facts about DB nodes into a
// per-node compliance report: which security advisories each node lacks,
// from OS Management Hub or from the node itself over SSH, judged against a
// Policy, and written as a table, JSON or CSV.
package compliance

import (
	"cmp"
	"slices"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
)

// Source says where a node's facts came from.
type Source string

// Sources of facts. SourceAuto is a request, never a result: OS Management
// Hub when the node is a managed instance, otherwise the node over SSH.
const (
	SourceAuto Source = "auto"
	SourceOSMH Source = "osmh"
	SourceNode Source = "node"
)

// ParseSource accepts auto, osmh and node; empty means auto.
func ParseSource(s string) (Source, bool) {
	switch Source(s) {
	case "", SourceAuto:
		return SourceAuto, true
	case SourceOSMH, SourceNode:
		return Source(s), true
	}
	return "", false
}

// Update is one missing security update: an advisory and one package that
// it updates, the way dnf lists them. An advisory fixing two packages is
// two Updates.
type Update struct {
	Advisory string          `json:"advisory"`
	Severity dbnode.Severity `json:"severity"`
	CVEs     []string        `json:"cves"`
	Package  string          `json:"package"`
	// Published is when the advisory was issued; zero when the source does
	// not say (dnf's list over SSH has no dates).
	Published time.Time `json:"published,omitzero"`
}

// Node is one node's compliance.
type Node struct {
	Hostname          string `json:"hostname"`
	PrivateIP         string `json:"private_ip"`
	DBNodeID          string `json:"db_node_id,omitempty"`
	ManagedInstanceID string `json:"managed_instance_id"`
	Source            Source `json:"source"`
	Compliant         bool   `json:"compliant"`
	// Reasons say why the node is not compliant; empty when it is.
	Reasons []string `json:"reasons"`
	// MaxSeverity is the highest severity among the missing updates.
	MaxSeverity dbnode.Severity `json:"max_severity"`
	// MissingSecurityUpdates counts distinct advisories, not packages.
	MissingSecurityUpdates int      `json:"missing_security_updates"`
	Updates                []Update `json:"updates"`
	// Error is why the node's facts could not be read; such a node is
	// never compliant, since nothing is known about it.
	Error string `json:"error,omitempty"`
}

// Report is the compliance of a set of nodes under one policy.
type Report struct {
	GeneratedAt time.Time `json:"generated_at"`
	Policy      Policy    `json:"policy"`
	// Compliant is true when every node is (and when there is none).
	Compliant bool   `json:"compliant"`
	Nodes     []Node `json:"nodes"`
}

// NonCompliant counts the nodes that are not compliant.
func (r Report) NonCompliant() int {
	n := 0
	for _, node := range r.Nodes {
		if !node.Compliant {
			n++
		}
	}
	return n
}

// NewReport judges nodes by policy as of now. Nodes are sorted by hostname
// then address, so that reports of the same fleet compare line by line.
func NewReport(nodes []Node, policy Policy, now time.Time) Report {
	r := Report{GeneratedAt: now.UTC(), Policy: policy, Compliant: true, Nodes: slices.Clone(nodes)}
	slices.SortFunc(r.Nodes, func(a, b Node) int {
		return cmp.Or(cmp.Compare(a.Hostname, b.Hostname), cmp.Compare(a.PrivateIP, b.PrivateIP), cmp.Compare(a.ManagedInstanceID, b.ManagedInstanceID))
	})
	for i := range r.Nodes {
		r.Nodes[i] = policy.Judge(r.Nodes[i], now)
		if !r.Nodes[i].Compliant {
			r.Compliant = false
		}
	}
	return r
}

// summarize fills the fields derived from the updates and orders them:
// most severe first, then by advisory and package.
func summarize(n Node) Node {
	slices.SortFunc(n.Updates, func(a, b Update) int {
		return cmp.Or(cmp.Compare(b.Severity.Rank(), a.Severity.Rank()), cmp.Compare(a.Advisory, b.Advisory), cmp.Compare(a.Package, b.Package))
	})
	advisories := map[string]bool{}
	n.MaxSeverity = dbnode.SeverityNone
	for _, u := range n.Updates {
		advisories[u.Advisory] = true
		if u.Severity.Rank() > n.MaxSeverity.Rank() {
			n.MaxSeverity = u.Severity
		}
	}
	n.MissingSecurityUpdates = len(advisories)
	if n.Updates == nil {
		n.Updates = []Update{}
	}
	return n
}
