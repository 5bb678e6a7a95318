package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// logLines parses --log-format json output, failing on any line that is
// not a JSON object carrying system, node and phase.
func logLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	for l := range strings.SplitSeq(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line is not JSON: %v\n%s", err, l)
		}
		for _, k := range []string{"time", "system", "node", "phase"} {
			if _, ok := m[k]; !ok {
				t.Errorf("log line without %q: %s", k, l)
			}
		}
		lines = append(lines, m)
	}
	return lines
}

// outcomes maps each node to the outcome its result line reports.
func outcomes(lines []map[string]any) map[string]string {
	out := map[string]string{}
	for _, m := range lines {
		if m["event"] == "result" {
			out[fmt.Sprint(m["node"])] = fmt.Sprint(m["outcome"])
		}
	}
	return out
}

func TestPatchPrecheckAndUpdate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		system string
		nodes  []string
	}{{"rac", []string{"rac1", "rac2"}}, {"single", []string{"single1"}}} {
		t.Run(tc.system, func(t *testing.T) {
			t.Parallel()
			f := newTestFleet(t, nil)
			out, errText, code := runSplit(t, f.patchArgs("--display-name", tc.system, "--option", "precheck", "--log-format", "json")...)
			if code != 0 {
				t.Fatalf("precheck: exit %d: %s\n%s", code, errText, out)
			}
			got := outcomes(logLines(t, out))
			for _, n := range tc.nodes {
				if got[n] != "PrecheckPassed" || f.node(n).Counters().UpdateJobsStarted != 0 {
					t.Errorf("precheck: %s is %q after %d update jobs; want PrecheckPassed and none", n, got[n], f.node(n).Counters().UpdateJobsStarted)
				}
			}

			before := map[string]string{}
			for _, n := range tc.nodes {
				before[n] = f.node(n).State().Kernel
			}
			out, errText, code = runSplit(t, f.patchArgs("--display-name", tc.system, "--log-format", "json")...)
			if code != 0 {
				t.Fatalf("update: exit %d: %s\n%s", code, errText, out)
			}
			got = outcomes(logLines(t, out))
			for _, n := range tc.nodes {
				st := f.node(n).State()
				if got[n] != "Patched" || st.Kernel == before[n] || f.node(n).Counters().Reboots != 1 {
					t.Errorf("update: %s is %q, kernel %s -> %s, %d reboots; want Patched on a new kernel after one reboot",
						n, got[n], before[n], st.Kernel, f.node(n).Counters().Reboots)
				}
			}
		})
	}
}

// The FAMS runbook task passes "$@" with dbsystemname=NAME; several
// systems run in one call, in parallel.
func TestPatchRunbookArguments(t *testing.T) {
	t.Parallel()
	f := newTestFleet(t, nil)
	out, errText, code := runSplit(t, f.patchArgs("dbsystemname=rac", "dbsystemname=single", "--option", "update")...)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errText, out)
	}
	for _, n := range []string{"rac1", "rac2", "single1"} {
		if f.node(n).Counters().Reboots != 1 {
			t.Errorf("%s rebooted %d times, want 1", n, f.node(n).Counters().Reboots)
		}
		if !strings.Contains(out, "node="+n) || !strings.Contains(out, "outcome=Patched") {
			t.Errorf("the text log does not report %s patched:\n%s", n, out)
		}
	}
}

func TestPatchFailures(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		faults map[string]string
		code   int
		want   []string
		// untouched nodes must not have run an update job.
		untouched []string
	}{
		{"job failure", map[string]string{"rac1": `{"job_outcome": "Failure"}`}, exitPatchFailed,
			[]string{"DB system rac", "node rac1", "phase update"}, []string{"rac2"}},
		{"precheck failure", map[string]string{"rac1": `{"low_disk": true}`}, exitPrecheckFailed,
			[]string{"DB system rac", "node rac1", "phase precheck", "/u01"}, []string{"rac1", "rac2"}},
		{"second node after the first", map[string]string{"rac2": `{"job_outcome": "Failure"}`}, exitPartial,
			[]string{"node rac2", "phase update", "already patched: rac1"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newTestFleet(t, tc.faults)
			out, errText, code := runSplit(t, f.patchArgs("--display-name", "rac")...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s\n%s", code, tc.code, errText, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(errText, w) {
					t.Errorf("the error does not say %q:\n%s", w, errText)
				}
			}
			for _, n := range tc.untouched {
				if c := f.node(n).Counters(); c.UpdateJobsStarted != 0 || c.Reboots != 0 {
					t.Errorf("%s ran %d update jobs and %d reboots; it should be untouched", n, c.UpdateJobsStarted, c.Reboots)
				}
			}
		})
	}
}

func TestPatchBadInput(t *testing.T) {
	t.Parallel()
	f := newTestFleet(t, nil)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"patch", "--bogus"}, "unknown flag: --bogus"},
		{f.patchArgs("sales"), "dbsystemname=NAME"},
		{f.patchArgs("--display-name", "rac", "--option", "apply"), `--option "apply"`},
		{f.patchArgs("--display-name", "rac", "--auth", "password"), `--auth "password"`},
		{f.patchArgs("--display-name", "rac", "--eol-kernel-action", "ignore"), "kernel policy action"},
		{f.patchArgs("--display-name", "rac", "--command", "no_such_step=true"), "no such step"},
		{f.patchArgs("--display-name", "rac", "--host", "127.0.0.1"), "--host (direct mode) excludes"},
		{f.patchArgs("--display-name", "nosuch", "--display-name", "alsonot"), `"alsonot"`},
		{f.patchArgs(), "no DB system selected"},
		{f.patchArgs("--host", "127.0.0.1", "--storage", "zfs"), `--storage "zfs"`},
		{f.patchArgs("--display-name", "rac", "--parallel", "0"), "--parallel must be at least 1"},
		{f.patchArgs("--display-name", "rac", "--log-format", "xml"), `--log-format "xml"`},
		{f.patchArgs("--display-name", "rac", "--pre-update-command", " "), "pre_update hook 1"},
		{append([]string{"status", "--all", "--output", "xml"}, f.access()...), `--output "xml"`},
		{append([]string{"jobs", "stray"}, f.access()...), "dbsystemname=NAME"},
	} {
		_, errText, code := runSplit(t, tc.args...)
		if code != exitBadInput || !strings.Contains(errText, tc.want) {
			t.Errorf("famsctl %s: exit %d, %q; want exit 2 and %q", strings.Join(tc.args, " "), code, errText, tc.want)
		}
	}
	if c := f.node("rac1").Counters(); c.CommandsExecuted != 0 {
		t.Errorf("bad input ran %d commands on rac1; it must fail before touching a node", c.CommandsExecuted)
	}
}

func TestPatchDirectHosts(t *testing.T) {
	t.Parallel()
	f := newTestFleet(t, nil)
	args := f.patchArgs("--host", f.ip("rac2"), "--host", f.ip("rac1"), "--storage", "asm", "--log-format", "json",
		"--endpoint", "http://127.0.0.1:1") // direct mode must not call OCI
	out, errText, code := runSplit(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s\n%s", code, errText, out)
	}
	lines := logLines(t, out)
	var order []string
	for _, m := range lines {
		if m["event"] == "result" {
			order = append(order, fmt.Sprint(m["node"]))
			if m["outcome"] != "Patched" {
				t.Errorf("%s: %v, want Patched", m["node"], m["outcome"])
			}
		}
	}
	if len(order) != 2 || !strings.HasPrefix(order[0], f.ip("rac2")) {
		t.Errorf("nodes patched in order %v, want rac2's address first as given", order)
	}
	for _, n := range []string{"rac1", "rac2"} {
		if f.node(n).Counters().Reboots != 1 {
			t.Errorf("%s rebooted %d times, want 1", n, f.node(n).Counters().Reboots)
		}
	}
}

func TestCompletionIsAvailable(t *testing.T) {
	t.Parallel()
	out, code := run(t, "completion", "bash")
	if code != 0 || !strings.Contains(out, "famsctl") {
		t.Errorf("famsctl completion bash: exit %d, %d bytes", code, len(out))
	}
}
