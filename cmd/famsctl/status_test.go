package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/creack/pty"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
)

func (f *testFleet) inspectArgs(command string, extra ...string) []string {
	return append(append([]string{command}, f.access()...), extra...)
}

func TestStatusAndJobsMatchTheNodes(t *testing.T) {
	t.Parallel()
	f := newTestFleet(t, nil)
	if _, errText, code := runSplit(t, f.patchArgs("--display-name", "single")...); code != 0 {
		t.Fatalf("patch single: exit %d: %s", code, errText)
	}

	out, errText, code := runSplit(t, f.inspectArgs("status", "--all", "--output", "json")...)
	if code != 0 {
		t.Fatalf("status: exit %d: %s\n%s", code, errText, out)
	}
	var rows []statusRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("status --output json: %v\n%s", err, out)
	}
	var hosts []string
	for _, r := range rows {
		hosts = append(hosts, r.Hostname)
		st := f.node(r.Hostname).State()
		if r.Kernel != st.Kernel || r.BootID != st.BootID || r.Address != f.ip(r.Hostname)+":"+strings.Split(r.Address, ":")[1] || r.Error != "" {
			t.Errorf("%s: status %+v; the node runs kernel %s, boot %s", r.Hostname, r, st.Kernel, st.BootID)
		}
		patched := r.System == "single"
		if patched != (r.LastJobStatus == "Success") || patched == r.UpdateAvailable || r.LockHolder != "" {
			t.Errorf("%s: last job %q (%s), update available %v, lock %q", r.Hostname, r.LastJobID, r.LastJobStatus, r.UpdateAvailable, r.LockHolder)
		}
	}
	if !slices.Equal(hosts, []string{"rac1", "rac2", "single1"}) {
		t.Errorf("status --all lists %v, want every node of the compartment tree", hosts)
	}

	out, errText, code = runSplit(t, f.inspectArgs("status", "dbsystemname=single", "--output", "csv")...)
	if code != 0 {
		t.Fatalf("status csv: exit %d: %s", code, errText)
	}
	records, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(records) != 2 || records[0][0] != "system" || records[1][1] != "single1" || records[1][3] != f.node("single1").State().Kernel {
		t.Errorf("status --output csv = %q, %v; want a header and single1's row", records, err)
	}

	out, errText, code = runSplit(t, f.inspectArgs("jobs", "--display-name", "single", "--output", "json")...)
	if code != 0 {
		t.Fatalf("jobs: exit %d: %s", code, errText)
	}
	var jobs []jobRow
	if err := json.Unmarshal([]byte(out), &jobs); err != nil {
		t.Fatalf("jobs --output json: %v\n%s", err, out)
	}
	var want []string
	for _, j := range f.node("single1").Jobs() {
		if j.Description == dbnode.OSUpdateDescription || j.Description == dbnode.OSPrecheckDescription {
			want = append(want, j.ID+" "+j.Status)
		}
	}
	var got []string
	for _, j := range jobs {
		got = append(got, j.ID+" "+j.Status)
		if j.Hostname != "single1" || j.Created == "" || j.Progress != 100 {
			t.Errorf("job row %+v", j)
		}
	}
	if len(want) != 2 || !slices.Equal(got, want) {
		t.Errorf("jobs lists %v, the node holds %v (want its precheck and update)", got, want)
	}

	out, _, code = runSplit(t, f.inspectArgs("jobs", "--display-name", "single", "--output", "csv")...)
	records, err = csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(records) != 3 || records[0][2] != "id" || records[1][2]+" "+records[1][4] != want[0] {
		t.Errorf("jobs --output csv = %q, %v (exit %d)", records, err, code)
	}
}

// A node that does not answer is listed with its error, and the exit
// code says the report is incomplete.
func TestStatusUnreachableNode(t *testing.T) {
	t.Parallel()
	f := newTestFleet(t, nil)
	live := f.ip("single1")
	dead := live[:strings.LastIndex(live, ".")] + ".200" // in the fleet's range, nobody listens
	out, _, code := runSplit(t, f.inspectArgs("status", "--host", live, "--host", dead, "--output", "json")...)
	if code != exitFailure {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	var rows []statusRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 2 {
		t.Fatalf("status json: %v\n%s", err, out)
	}
	if rows[0].Error != "" || rows[0].Kernel == "" || rows[1].Error == "" || !strings.Contains(rows[1].Error, dead) {
		t.Errorf("rows %+v; want the live node read and the dead one with an error naming it", rows)
	}
}

// On a terminal, patch draws per-node progress and a summary table.
func TestPatchOnATerminal(t *testing.T) {
	t.Parallel()
	f := newTestFleet(t, nil)
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer func() { _ = ptmx.Close() }()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 40, Cols: 160}); err != nil {
		t.Fatal(err)
	}
	var (
		screen strings.Builder
		wg     sync.WaitGroup
	)
	wg.Go(func() {
		buf := make([]byte, 4096)
		for {
			n, err := ptmx.Read(buf)
			screen.Write(buf[:n])
			if err != nil {
				return
			}
		}
	})
	if !isTerminal(tty) {
		t.Fatal("the pty is not seen as a terminal")
	}
	code := runOn(t, tty, f.patchArgs("--display-name", "rac", "--display-name", "single")...)
	_ = tty.Close()
	wg.Wait()
	text := screen.String()
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, text)
	}
	for _, want := range []string{"rac/rac1", "rac/rac2", "single/single1", "OUTCOME", "Patched"} {
		if !strings.Contains(text, want) {
			t.Errorf("the terminal output lacks %q:\n%s", want, text)
		}
	}
}

// runOn runs famsctl with stdout and stderr on f.
func runOn(t *testing.T, f *os.File, args ...string) int {
	t.Helper()
	cmd := newRootCommand()
	cmd.SetOut(f)
	cmd.SetErr(f)
	cmd.SetArgs(args)
	return exitCode(cmd.ExecuteContext(t.Context()))
}
