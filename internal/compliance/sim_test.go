package compliance_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/compliance"
	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/simtest"
)

// testFleet is a 2-node ASM system and a 1-node LVM system, and a checker
// wired to them through the real OCI SDK and SSH clients.
type testFleet struct {
	fleet   *simulator.Fleet
	info    simulator.Info
	checker *compliance.Checker
}

func startFleet(t *testing.T) *testFleet {
	t.Helper()
	f := simtest.Start(t, simtest.NetCompliance, simtest.Scenario(simtest.Systems("sales-rac", "hr-db"), "", nil))
	info := f.Info()
	client, err := oci.NewClient(simtest.OCIConfig(f))
	if err != nil {
		t.Fatal(err)
	}
	ssh := simtest.SSH(f)
	c := &compliance.Checker{OCI: client, SSH: compliance.SSHOpener(ssh, client), PageSize: 1}
	t.Cleanup(func() { _ = c.Close() })
	return &testFleet{fleet: f, info: info, checker: c}
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// key identifies an update independently of the source.
type key struct{ advisory, severity, pkg, cves string }

// want is what the simulated node lacks, as updates.
func want(t *testing.T, tf *testFleet, hostname string) map[key]time.Time {
	t.Helper()
	n := tf.fleet.Node(hostname)
	if n == nil {
		t.Fatalf("no simulated node %s", hostname)
	}
	out := map[key]time.Time{}
	for _, a := range n.Machine.Advisories() {
		if a.Type != "security" {
			continue
		}
		cves := slices.Sorted(slices.Values(a.CVEs))
		for _, p := range a.Packages {
			out[key{a.ID, a.Severity, p, strings.Join(cves, " ")}] = a.Issued.UTC()
		}
	}
	return out
}

func got(n compliance.Node) map[key]time.Time {
	out := map[key]time.Time{}
	for _, u := range n.Updates {
		cves := slices.Sorted(slices.Values(u.CVEs))
		out[key{u.Advisory, string(u.Severity), u.Package, strings.Join(cves, " ")}] = u.Published
	}
	return out
}

func checkAgainstFleet(t *testing.T, tf *testFleet, nodes []compliance.Node, wantSource compliance.Source, dated bool) {
	t.Helper()
	for _, n := range nodes {
		if n.Error != "" {
			t.Errorf("%s: %s", n.Hostname, n.Error)
			continue
		}
		if n.Source != wantSource {
			t.Errorf("%s: source %s, want %s", n.Hostname, n.Source, wantSource)
		}
		sim := tf.fleet.Node(n.Hostname)
		if sim == nil {
			t.Errorf("reported node %q is not in the fleet", n.Hostname)
			continue
		}
		if wantSource == compliance.SourceOSMH && n.ManagedInstanceID != sim.Info.ManagedInstanceID {
			t.Errorf("%s: managed instance %s, want %s", n.Hostname, n.ManagedInstanceID, sim.Info.ManagedInstanceID)
		}
		w, g := want(t, tf, n.Hostname), got(n)
		for k, issued := range w {
			published, ok := g[k]
			switch {
			case !ok:
				t.Errorf("%s: update %+v missing from the report", n.Hostname, k)
			case dated && !published.Equal(issued):
				t.Errorf("%s: %s published %v, issued %v", n.Hostname, k.advisory, published, issued)
			case !dated && !published.IsZero():
				t.Errorf("%s: %s has a date %v over SSH, where dnf gives none", n.Hostname, k.advisory, published)
			}
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				t.Errorf("%s: reported update %+v that the node does not lack", n.Hostname, k)
			}
		}
		if n.MissingSecurityUpdates == 0 || n.MaxSeverity != dbnode.SeverityCritical {
			t.Errorf("%s: %d missing, highest %q; the simulator starts with a Critical glibc advisory", n.Hostname, n.MissingSecurityUpdates, n.MaxSeverity)
		}
	}
}

func TestSources(t *testing.T) {
	t.Parallel()
	tf := startFleet(t)
	rac, lvm := tf.info.Systems[0], tf.info.Systems[1]
	// One: the simulator picks packages at random, and two advisories for
	// one package make per-package facts ambiguous in both sources.
	simtest.PublishAdvisories(t, tf.fleet, rac.Nodes[1].Hostname, 1)
	hostnames := func(nodes []compliance.Node) []string {
		var out []string
		for _, n := range nodes {
			out = append(out, n.Hostname)
		}
		slices.Sort(out)
		return out
	}
	all := []string{lvm.Nodes[0].Hostname, rac.Nodes[0].Hostname, rac.Nodes[1].Hostname}
	slices.Sort(all)
	tests := []struct {
		name   string
		get    func(ctx context.Context) ([]compliance.Node, error)
		hosts  []string
		source compliance.Source
		dated  bool
	}{
		{
			name: "osmh compartment subtree",
			get: func(ctx context.Context) ([]compliance.Node, error) {
				return tf.checker.ManagedInstances(ctx, oci.ManagedInstanceQuery{CompartmentID: tf.info.CompartmentID, IncludeSubtree: true})
			},
			hosts: all, source: compliance.SourceOSMH, dated: true,
		},
		{
			name: "osmh one compartment",
			get: func(ctx context.Context) ([]compliance.Node, error) {
				return tf.checker.ManagedInstances(ctx, oci.ManagedInstanceQuery{CompartmentID: lvm.CompartmentID})
			},
			hosts: []string{lvm.Nodes[0].Hostname}, source: compliance.SourceOSMH, dated: true,
		},
		{
			name: "osmh top compartment alone is empty",
			get: func(ctx context.Context) ([]compliance.Node, error) {
				return tf.checker.ManagedInstances(ctx, oci.ManagedInstanceQuery{CompartmentID: tf.info.CompartmentID})
			},
		},
		{
			name: "db system auto uses osmh",
			get: func(ctx context.Context) ([]compliance.Node, error) {
				return tf.checker.DBSystem(ctx, oci.Selector{CompartmentID: tf.info.CompartmentID, DisplayName: rac.DisplayName}, compliance.SourceAuto)
			},
			hosts: []string{rac.Nodes[0].Hostname, rac.Nodes[1].Hostname}, source: compliance.SourceOSMH, dated: true,
		},
		{
			name: "db system over ssh",
			get: func(ctx context.Context) ([]compliance.Node, error) {
				return tf.checker.DBSystem(ctx, oci.Selector{ID: rac.ID}, compliance.SourceNode)
			},
			hosts: []string{rac.Nodes[0].Hostname, rac.Nodes[1].Hostname}, source: compliance.SourceNode,
		},
		{
			name: "hosts over ssh",
			get: func(ctx context.Context) ([]compliance.Node, error) {
				return tf.checker.Hosts(ctx, []string{lvm.Nodes[0].PrivateIP, net.JoinHostPort(rac.Nodes[0].PrivateIP, strconv.Itoa(tf.info.SSHPort))})
			},
			hosts: []string{lvm.Nodes[0].Hostname, rac.Nodes[0].Hostname}, source: compliance.SourceNode,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			nodes, err := tt.get(testContext(t))
			if err != nil {
				t.Fatal(err)
			}
			if h := hostnames(nodes); !slices.Equal(h, tt.hosts) {
				t.Fatalf("nodes %v, want %v", h, tt.hosts)
			}
			checkAgainstFleet(t, tf, nodes, tt.source, tt.dated)
		})
	}
}

func TestOSMHSourceNamesUnmanagedNodes(t *testing.T) {
	t.Parallel()
	tf := startFleet(t)
	// A node given by address has no managed instance to find; a DB system
	// whose nodes are all managed reports none as unmanaged.
	nodes, err := tf.checker.DBSystem(testContext(t), oci.Selector{ID: tf.info.Systems[1].ID}, compliance.SourceOSMH)
	if err != nil {
		t.Fatal(err)
	}
	if len(nodes) != 1 || nodes[0].Error != "" || nodes[0].PrivateIP != tf.info.Systems[1].Nodes[0].PrivateIP || nodes[0].DBNodeID != tf.info.Systems[1].Nodes[0].ID {
		t.Errorf("DBSystem(osmh) = %+v, want the LVM node from OS Management Hub with its DB node facts", nodes)
	}
}

func TestUnreachableNodeIsReportedNotFatal(t *testing.T) {
	t.Parallel()
	tf := startFleet(t)
	good := tf.info.Systems[1].Nodes[0].PrivateIP
	nodes, err := tf.checker.Hosts(testContext(t), []string{good, "127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	r := compliance.NewReport(nodes, compliance.Policy{MaxSeverity: dbnode.SeverityCritical, AllowSeverity: true}, time.Now())
	var bad compliance.Node
	for _, n := range r.Nodes {
		if n.PrivateIP == "127.0.0.1" {
			bad = n
		} else if !n.Compliant {
			t.Errorf("%s is not compliant under a policy that allows everything: %q", n.Hostname, n.Reasons)
		}
	}
	if bad.Error == "" || bad.Compliant || len(bad.Reasons) == 0 || !strings.HasPrefix(bad.Reasons[0], "not checked: ") {
		t.Errorf("unreachable node reported as %+v", bad)
	}
}

// The three formats carry the same facts: what the simulator holds.
func TestWritersAgainstTheFleet(t *testing.T) {
	t.Parallel()
	tf := startFleet(t)
	nodes, err := tf.checker.ManagedInstances(testContext(t), oci.ManagedInstanceQuery{CompartmentID: tf.info.CompartmentID, IncludeSubtree: true})
	if err != nil {
		t.Fatal(err)
	}
	policy, err := compliance.ParsePolicy("critical", "")
	if err != nil {
		t.Fatal(err)
	}
	r := compliance.NewReport(nodes, policy, time.Now())
	if !r.Compliant {
		t.Fatalf("report not compliant under max severity Critical: %+v", r)
	}
	totalUpdates := 0
	for _, n := range r.Nodes {
		totalUpdates += len(want(t, tf, n.Hostname))
	}

	var js bytes.Buffer
	if err := compliance.WriteJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var decoded compliance.Report
	if err := json.Unmarshal(js.Bytes(), &decoded); err != nil {
		t.Fatalf("JSON does not parse: %v\n%s", err, js.String())
	}
	checkAgainstFleet(t, tf, decoded.Nodes, compliance.SourceOSMH, true)
	if !strings.Contains(js.String(), `"max_severity": "Critical"`) {
		t.Errorf("JSON does not state the policy:\n%s", js.String())
	}

	var cs bytes.Buffer
	if err := compliance.WriteCSV(&cs, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], compliance.CSVHeader) || len(rows)-1 != totalUpdates {
		t.Errorf("CSV header %v and %d rows, want %v and %d", rows[0], len(rows)-1, compliance.CSVHeader, totalUpdates)
	}
	for _, row := range rows[1:] {
		n := tf.fleet.Node(row[0])
		if n == nil || row[3] != n.Info.ManagedInstanceID || row[5] != "true" {
			t.Errorf("CSV row %v does not match the fleet", row)
			continue
		}
		cves := strings.Fields(row[13])
		slices.Sort(cves)
		if _, ok := want(t, tf, row[0])[key{row[10], row[11], row[12], strings.Join(cves, " ")}]; !ok {
			t.Errorf("CSV row %v is not an update the node lacks", row)
		}
	}

	var tb bytes.Buffer
	if err := compliance.WriteTable(&tb, r, true); err != nil {
		t.Fatal(err)
	}
	out := tb.String()
	for _, n := range r.Nodes {
		for k := range want(t, tf, n.Hostname) {
			if !strings.Contains(out, k.advisory) || !strings.Contains(out, k.pkg) {
				t.Errorf("table lacks %s %s of %s:\n%s", k.advisory, k.pkg, n.Hostname, out)
			}
		}
	}
	if !strings.Contains(out, "3 of 3 nodes are missing security updates; 0 not compliant.") {
		t.Errorf("table overview wrong:\n%s", out)
	}
}
