package compliance

import (
	"strings"
	"testing"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
)

func TestParsePolicy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		severity, age string
		want          Policy
		wantErr       []string
	}{
		{"", "", Policy{}, nil},
		{"none", "", Policy{}, nil},
		{"NONE", "", Policy{}, nil},
		{"low", "30d", Policy{MaxSeverity: dbnode.SeverityLow, AllowSeverity: true, MaxAge: 30 * 24 * time.Hour}, nil},
		{"Important", "720h", Policy{MaxSeverity: dbnode.SeverityImportant, AllowSeverity: true, MaxAge: 720 * time.Hour}, nil},
		{"critical", "", Policy{MaxSeverity: dbnode.SeverityCritical, AllowSeverity: true}, nil},
		{"high", "", Policy{}, []string{`max_severity "high"`, "none, Low, Moderate, Important, Critical"}},
		{"", "0d", Policy{}, []string{"max_age", "30d"}},
		{"", "-5h", Policy{}, []string{"max_age", "positive"}},
		{"", "a week", Policy{}, []string{"max_age", `"a week"`}},
		{"urgent", "soon", Policy{}, []string{"max_severity", "max_age"}},
	}
	for _, tt := range tests {
		t.Run(tt.severity+"/"+tt.age, func(t *testing.T) {
			t.Parallel()
			got, err := ParsePolicy(tt.severity, tt.age)
			if len(tt.wantErr) > 0 {
				if err == nil {
					t.Fatalf("ParsePolicy() = %+v, want an error", got)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not contain %q", err, w)
					}
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParsePolicy() = %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
}

func TestJudge(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	daysAgo := func(d int) time.Time { return now.AddDate(0, 0, -d) }
	update := func(adv string, sev dbnode.Severity, pkg string, published time.Time) Update {
		return Update{Advisory: adv, Severity: sev, Package: pkg, Published: published, CVEs: []string{}}
	}
	kernel := []Update{
		update("ELSA-1", dbnode.SeverityImportant, "kernel-uek-5", daysAgo(10)),
		update("ELSA-1", dbnode.SeverityImportant, "kernel-uek-devel-5", daysAgo(10)),
	}
	lowOld := []Update{update("ELSA-2", dbnode.SeverityLow, "vim-8", daysAgo(90))}
	unrated := []Update{update("ELSA-3", dbnode.SeverityNone, "tzdata-1", daysAgo(1))}
	undated := []Update{update("ELSA-4", dbnode.SeverityModerate, "curl-7", time.Time{})}
	policy := func(sev, age string) Policy {
		p, err := ParsePolicy(sev, age)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name        string
		policy      Policy
		node        Node
		compliant   bool
		reasons     []string
		maxSeverity dbnode.Severity
		missing     int
	}{
		{name: "nothing missing, strictest policy", policy: Policy{}, node: Node{}, compliant: true},
		{name: "any update breaks none", policy: policy("none", ""), node: Node{Updates: kernel}, reasons: []string{"1 security advisories missing (highest Important); the policy allows none"}, maxSeverity: dbnode.SeverityImportant, missing: 1},
		{name: "unrated breaks none", policy: policy("none", ""), node: Node{Updates: unrated}, reasons: []string{"highest unrated"}, missing: 1},
		{name: "unrated passes low", policy: policy("low", ""), node: Node{Updates: unrated}, compliant: true, missing: 1},
		{name: "important above moderate", policy: policy("moderate", ""), node: Node{Updates: append(kernel, lowOld...)}, reasons: []string{"1 security advisories more severe than Moderate"}, maxSeverity: dbnode.SeverityImportant, missing: 2},
		{name: "important allowed", policy: policy("important", ""), node: Node{Updates: kernel}, compliant: true, maxSeverity: dbnode.SeverityImportant, missing: 1},
		{name: "too old", policy: policy("critical", "30d"), node: Node{Updates: append(kernel, lowOld...)}, reasons: []string{"issued 2026-08-03, 90 days ago, more than max_age 30d"}, maxSeverity: dbnode.SeverityImportant, missing: 2},
		{name: "young enough", policy: policy("critical", "30d"), node: Node{Updates: kernel}, compliant: true, maxSeverity: dbnode.SeverityImportant, missing: 1},
		{name: "age unknown fails closed", policy: policy("critical", "30d"), node: Node{Source: SourceNode, Updates: undated}, reasons: []string{"age of 1 missing advisories is unknown (source node", "use source osmh"}, maxSeverity: dbnode.SeverityModerate, missing: 1},
		{name: "both broken", policy: policy("low", "7d"), node: Node{Updates: kernel}, reasons: []string{"more severe than Low", "more than max_age 7d"}, maxSeverity: dbnode.SeverityImportant, missing: 1},
		{name: "unreachable is not compliant", policy: policy("critical", ""), node: Node{Error: "dial tcp: refused"}, reasons: []string{"not checked: dial tcp: refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.policy.Judge(tt.node, now)
			if got.Compliant != tt.compliant || got.MaxSeverity != tt.maxSeverity || got.MissingSecurityUpdates != tt.missing {
				t.Errorf("Judge() = compliant %v, max %q, missing %d; want %v, %q, %d", got.Compliant, got.MaxSeverity, got.MissingSecurityUpdates, tt.compliant, tt.maxSeverity, tt.missing)
			}
			if tt.compliant != (len(got.Reasons) == 0) {
				t.Errorf("reasons %q for compliant=%v", got.Reasons, got.Compliant)
			}
			joined := strings.Join(got.Reasons, "\n")
			for _, r := range tt.reasons {
				if !strings.Contains(joined, r) {
					t.Errorf("reasons %q do not contain %q", got.Reasons, r)
				}
			}
		})
	}
}

func TestNewReportSortsAndAggregates(t *testing.T) {
	t.Parallel()
	nodes := []Node{
		{Hostname: "b", Updates: []Update{{Advisory: "ELSA-1", Severity: dbnode.SeverityLow}}},
		{Hostname: "a"},
	}
	r := NewReport(nodes, Policy{}, time.Now())
	if r.Compliant || r.NonCompliant() != 1 || r.Nodes[0].Hostname != "a" || !r.Nodes[0].Compliant || r.Nodes[1].Compliant {
		t.Errorf("NewReport() = %+v", r)
	}
	if empty := NewReport(nil, Policy{}, time.Now()); !empty.Compliant {
		t.Error("a report on no nodes is not compliant")
	}
}

func FuzzParseMaxAge(f *testing.F) {
	for _, s := range []string{"30d", "720h", "1h30m", "0d", "-1d", "d", "99999999999999999999d", " 7d ", "1.5d", "36500d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseMaxAge(s)
		if err != nil {
			if d != 0 {
				t.Errorf("ParseMaxAge(%q) = %v with error %v; want 0", s, d, err)
			}
			return
		}
		if d <= 0 {
			t.Errorf("ParseMaxAge(%q) = %v, want a positive duration", s, d)
		}
		p, err := ParsePolicy("", s)
		if err != nil || p.MaxAge != d {
			t.Errorf("ParsePolicy(%q) = %v, %v; ParseMaxAge gave %v", s, p.MaxAge, err, d)
		}
		again, err := ParseMaxAge(p.AgeString())
		if err != nil || again != d {
			t.Errorf("ParseMaxAge(AgeString()) = %v, %v for %q; want %v", again, err, p.AgeString(), d)
		}
	})
}
