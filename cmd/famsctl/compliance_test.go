package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fleetpatch/terraform-provider-fams/internal/compliance"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/simtest"
)

func startFleet(t *testing.T) *simulator.Fleet {
	t.Helper()
	return simtest.Start(t, simtest.NetFamsctl, simtest.Scenario(simtest.Systems("sales-rac", "hr-db"), "", nil))
}

// fleetFlags point famsctl at the fleet the way its env file would.
func fleetFlags(f *simulator.Fleet) []string {
	info := f.Info()
	return []string{
		"--endpoint", info.Endpoint, "--region", info.Region, "--auth", "api_key",
		"--config-file", filepath.Join(f.StateDir(), simulator.FileOCIConfig), "--profile", "DEFAULT",
		"--ssh-user", info.SSHUser, "--ssh-port", strconv.Itoa(info.SSHPort),
		"--ssh-private-key-secret-id", info.SSHSecretID,
		"--known-hosts", filepath.Join(f.StateDir(), simulator.FileKnownHosts),
	}
}

// lacks is what a simulated node lacks: advisory -> package -> severity.
func lacks(f *simulator.Fleet, hostname string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, a := range f.Node(hostname).Machine.Advisories() {
		if a.Type != "security" {
			continue
		}
		out[a.ID] = map[string]string{}
		for _, p := range a.Packages {
			out[a.ID][p] = a.Severity
		}
	}
	return out
}

func allHosts(f *simulator.Fleet) []string {
	var hs []string
	for _, n := range f.Nodes() {
		hs = append(hs, n.Info.Hostname)
	}
	slices.Sort(hs)
	return hs
}

func TestComplianceFormats(t *testing.T) {
	t.Parallel()
	f := startFleet(t)
	info := f.Info()
	base := append([]string{"compliance", "--compartment-id", info.CompartmentID, "--recursive"}, fleetFlags(f)...)

	t.Run("json", func(t *testing.T) {
		t.Parallel()
		out, stderr, code := runSplit(t, append(base, "--output", "json")...)
		if code != exitFailure || !strings.Contains(stderr, "3 of 3 nodes are not compliant") {
			t.Errorf("exit %d, stderr %q; want 1 with the default policy (none) and a fleet that lacks updates", code, stderr)
		}
		var r compliance.Report
		if err := json.Unmarshal([]byte(out), &r); err != nil {
			t.Fatalf("JSON does not parse: %v\n%s", err, out)
		}
		var hosts []string
		for _, n := range r.Nodes {
			hosts = append(hosts, n.Hostname)
			want := lacks(f, n.Hostname)
			if n.Compliant || n.Source != compliance.SourceOSMH || n.ManagedInstanceID != f.Node(n.Hostname).Info.ManagedInstanceID || n.MissingSecurityUpdates != len(want) {
				t.Errorf("%s: %+v; want non-compliant, from osmh, %d advisories", n.Hostname, n, len(want))
			}
			for _, u := range n.Updates {
				if sev, ok := want[u.Advisory][u.Package]; !ok || sev != string(u.Severity) {
					t.Errorf("%s: update %+v is not what the node lacks (%q)", n.Hostname, u, sev)
				}
			}
		}
		if !slices.Equal(hosts, allHosts(f)) {
			t.Errorf("hosts %v, want %v", hosts, allHosts(f))
		}
	})
	t.Run("csv", func(t *testing.T) {
		t.Parallel()
		out, _, code := runSplit(t, append(base, "--output", "csv", "--max-severity", "critical")...)
		if code != exitOK {
			t.Errorf("exit %d, want 0 when Critical is allowed", code)
		}
		rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("CSV does not parse: %v\n%s", err, out)
		}
		want := 0
		for _, h := range allHosts(f) {
			for _, pkgs := range lacks(f, h) {
				want += len(pkgs)
			}
		}
		if !slices.Equal(rows[0], compliance.CSVHeader) || len(rows)-1 != want {
			t.Fatalf("CSV: header %v, %d rows; want %d", rows[0], len(rows)-1, want)
		}
		for _, row := range rows[1:] {
			if sev, ok := lacks(f, row[0])[row[10]][row[12]]; !ok || sev != row[11] || row[5] != "true" {
				t.Errorf("CSV row %v is not what %s lacks", row, row[0])
			}
		}
	})
	t.Run("table with details", func(t *testing.T) {
		t.Parallel()
		out, _, code := runSplit(t, append(base, "--show-details", "--max-severity", "Important")...)
		if code != exitFailure {
			t.Errorf("exit %d, want 1: every node lacks a Critical advisory", code)
		}
		for _, h := range allHosts(f) {
			for adv, pkgs := range lacks(f, h) {
				for p := range pkgs {
					if !strings.Contains(out, adv) || !strings.Contains(out, p) {
						t.Errorf("table lacks %s %s of %s", adv, p, h)
					}
				}
			}
			if !strings.Contains(out, h) {
				t.Errorf("table lacks node %s", h)
			}
		}
		for _, w := range []string{"policy: max severity Important", "more severe than Important", "3 of 3 nodes are missing security updates; 3 not compliant.", "CVE-"} {
			if !strings.Contains(out, w) {
				t.Errorf("table lacks %q:\n%s", w, out)
			}
		}
	})
	t.Run("db system over ssh", func(t *testing.T) {
		t.Parallel()
		lvm := info.Systems[1]
		out, stderr, code := runSplit(t, append([]string{"compliance", "--db-system-id", lvm.ID, "--source", "node", "--output", "json", "--max-severity", "critical"}, fleetFlags(f)...)...)
		var r compliance.Report
		if err := json.Unmarshal([]byte(out), &r); err != nil || code != exitOK {
			t.Fatalf("exit %d, %v, stderr %s", code, err, stderr)
		}
		if len(r.Nodes) != 1 || r.Nodes[0].Source != compliance.SourceNode || r.Nodes[0].Hostname != lvm.Nodes[0].Hostname ||
			r.Nodes[0].MissingSecurityUpdates != len(lacks(f, lvm.Nodes[0].Hostname)) || r.Nodes[0].PrivateIP != lvm.Nodes[0].PrivateIP {
			t.Errorf("report %+v, want %s over SSH", r.Nodes, lvm.Nodes[0].Hostname)
		}
	})
	t.Run("hosts over ssh", func(t *testing.T) {
		t.Parallel()
		n := info.Systems[0].Nodes[1]
		out, stderr, code := runSplit(t, append([]string{"compliance", "--host", n.PrivateIP, "--output", "csv"}, fleetFlags(f)...)...)
		if code != exitFailure {
			t.Errorf("exit %d (%s), want 1", code, stderr)
		}
		if !strings.Contains(out, n.Hostname+","+n.PrivateIP+",,,node,false,Critical") {
			t.Errorf("CSV does not report %s over SSH:\n%s", n.Hostname, out)
		}
	})
}

// A node that gets new advisories turns the DB system non-compliant under a
// policy it met before.
func TestComplianceFollowsNewAdvisories(t *testing.T) {
	t.Parallel()
	f := startFleet(t)
	info := f.Info()
	args := append([]string{"compliance", "--display-name", "hr-db", "--compartment-id", info.CompartmentID, "--max-severity", "critical", "--max-age", "36500d"}, fleetFlags(f)...)
	if _, stderr, code := runSplit(t, args...); code != exitOK {
		t.Fatalf("exit %d before new advisories: %s", code, stderr)
	}
	simtest.PublishAdvisories(t, f, info.Systems[1].Nodes[0].Hostname, 1)
	out, _, code := runSplit(t, append(args, "--max-severity", "none")...)
	if code != exitFailure || !strings.Contains(out, "4 security advisories missing") {
		t.Errorf("exit %d, want 1 and 4 advisories missing:\n%s", code, out)
	}
}

// Settings come from the FAMS_* variables the simulator's env file sets.
func TestComplianceReadsTheEnvironment(t *testing.T) {
	f := startFleet(t)
	for k, v := range f.Info().Env(f.StateDir()) {
		t.Setenv(k, v)
	}
	out, stderr, code := runSplit(t, "compliance", "--db-system-id", f.Info().Systems[0].ID, "--source", "node", "--max-severity", "critical")
	if code != exitOK || !strings.Contains(out, " node ") {
		t.Errorf("exit %d, stderr %q, output:\n%s", code, stderr, out)
	}
}

func TestComplianceBadInput(t *testing.T) {
	t.Parallel()
	const sys = "ocid1.dbsystem.oc1.iad.abc"
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--compartment-id", "ocid1.compartment.oc1..a", "--output", "xml"}, `--output "xml" is not supported; use one of table, json, csv`},
		{[]string{"--compartment-id", "ocid1.compartment.oc1..a", "--max-severity", "high"}, `--max-severity "high" is not a severity`},
		{[]string{"--compartment-id", "ocid1.compartment.oc1..a", "--max-age", "soon"}, `--max-age: "soon" is not a positive duration`},
		{[]string{"--host", "10.0.0.1", "--db-system-id", sys}, "--host cannot be combined with --db-system-id"},
		{[]string{"--db-system-id", sys, "--recursive"}, "--recursive and --managed-instance-group-id select managed instances"},
		{[]string{"--db-system-id", "nope"}, `--db-system-id "nope" is not the right kind of OCID`},
		{[]string{"--display-name", "x", "--compartment-id", ""}, "--compartment-id is empty"},
		{[]string{"--compartment-id", ""}, "set --compartment-id, --managed-instance-group-id, or both"},
		{[]string{"--db-system-id", sys, "--source", "magic"}, `--source "magic" is not supported`},
		{[]string{"--host", "10.0.0.1", "--source", "osmh"}, "drop --source osmh"},
		{[]string{"--compartment-id", "ocid1.compartment.oc1..a", "--auth", "password"}, "--auth \"password\" is not supported: use api_key"},
		{[]string{"--compartment-id", "ocid1.compartment.oc1..a", "--ssh-port", "70000"}, "--ssh-port 70000 is not a TCP port"},
		{[]string{"stray"}, `unknown command "stray"`},
	} {
		_, stderr, code := runSplit(t, append([]string{"compliance"}, tc.args...)...)
		if code != exitBadInput || !strings.Contains(stderr, tc.want) {
			t.Errorf("famsctl compliance %s: exit %d, %q; want exit %d and %q", strings.Join(tc.args, " "), code, stderr, exitBadInput, tc.want)
		}
	}
}
