package dbnode_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"mvdan.cc/sh/v3/syntax"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/node"
)

// The parsers are written against real outputs; the simulator imitates
// them. This test keeps the two honest: every default command, run on a
// simulated node the way the transport wraps it, must parse.
func TestDefaultCommandsParseOnTheSimulator(t *testing.T) {
	t.Parallel()
	for _, storage := range []node.Storage{node.StorageASM, node.StorageLVM} {
		t.Run(string(storage), func(t *testing.T) {
			t.Parallel()
			n, err := node.New(node.Config{Hostname: "db1", Storage: storage, StackStopDuration: time.Millisecond, JobDuration: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			cmds := dbnode.DefaultCommands()
			vals := dbnode.Values{SID: "ORCL1", DBUniqueName: "ORCL_site1", GridHome: node.GridHome, OracleHome: node.OracleHome, Path: "/u01"}
			run := func(step dbnode.Step) (string, int) {
				t.Helper()
				c, err := cmds.Build(step, vals)
				if err != nil {
					t.Fatal(err)
				}
				return exec(t, n, c)
			}
			mustParse := func(step dbnode.Step, err error) {
				t.Helper()
				if err != nil {
					t.Errorf("%s: %v", step, err)
				}
			}

			out, _ := run(dbnode.StepKernel)
			k, err := dbnode.ParseKernel(out)
			mustParse(dbnode.StepKernel, err)
			if k.Release != n.Kernel() {
				t.Errorf("kernel %q, node runs %q", k.Release, n.Kernel())
			}
			out, _ = run(dbnode.StepBootID)
			id, err := dbnode.ParseBootID(out)
			mustParse(dbnode.StepBootID, err)
			if id != n.BootID() {
				t.Errorf("boot id %q, node says %q", id, n.BootID())
			}
			out, _ = run(dbnode.StepOSRelease)
			_, err = dbnode.ParseOSRelease(out)
			mustParse(dbnode.StepOSRelease, err)
			out, status := run(dbnode.StepAgentStatus)
			_, err = dbnode.ParseUnitState(out, status)
			mustParse(dbnode.StepAgentStatus, err)
			out, _ = run(dbnode.StepProcesses)
			inst, err := dbnode.ParseProcesses(out)
			mustParse(dbnode.StepProcesses, err)
			if len(inst.Databases) != 1 || (storage == node.StorageASM) != (len(inst.ASM) == 1) {
				t.Errorf("instances %+v on a %s node", inst, storage)
			}
			out, _ = run(dbnode.StepDiagDir)
			uniq, err := dbnode.ParseDiagDir(out, vals.SID)
			mustParse(dbnode.StepDiagDir, err)
			if uniq != "orcl_site1" {
				t.Errorf("db_unique_name %q, want orcl_site1", uniq)
			}
			out, _ = run(dbnode.StepAlertLog)
			alert, err := dbnode.ParseAlertLog(out)
			mustParse(dbnode.StepAlertLog, err)
			if alert.Event != dbnode.AlertOpen {
				t.Errorf("alert log event %v, want open", alert.Event)
			}
			out, _ = run(dbnode.StepFreeSpace)
			_, err = dbnode.ParseDiskSpace(out)
			mustParse(dbnode.StepFreeSpace, err)
			out, _ = run(dbnode.StepAvailablePatches)
			avail, err := dbnode.ParseOSPatchAvailability(out)
			mustParse(dbnode.StepAvailablePatches, err)
			if !avail.UpdateAvailable {
				t.Error("the simulated node has an update, the parser says none")
			}
			out, _ = run(dbnode.StepSecurityUpdates)
			_, err = dbnode.ParseUpdateInfo(out)
			mustParse(dbnode.StepSecurityUpdates, err)
			out, _ = run(dbnode.StepSecurityCVEs)
			_, err = dbnode.ParseUpdateInfo(out)
			mustParse(dbnode.StepSecurityCVEs, err)
			out, status = run(dbnode.StepCheckUpdate)
			_, err = dbnode.ParseCheckUpdate(out, status)
			mustParse(dbnode.StepCheckUpdate, err)

			out, _ = run(dbnode.StepOSUpdate)
			job, err := dbnode.ParseJob(out)
			mustParse(dbnode.StepOSUpdate, err)
			if !job.IsOSUpdate() {
				t.Errorf("job %+v is not recognised as an OS update", job)
			}
			vals.JobID = job.ID
			out, _ = run(dbnode.StepDescribeJob)
			_, err = dbnode.ParseJob(out)
			mustParse(dbnode.StepDescribeJob, err)
			out, _ = run(dbnode.StepListJobs)
			jobs, err := dbnode.ParseJobs(out)
			mustParse(dbnode.StepListJobs, err)
			if running, ok := dbnode.RunningOSUpdate(jobs); !ok || running.ID != job.ID {
				t.Errorf("the running OS update %s is not found in list-jobs", job.ID)
			}

			if storage == node.StorageASM {
				out, _ = run(dbnode.StepGridHome)
				home, err := dbnode.ParseGridHome(out)
				mustParse(dbnode.StepGridHome, err)
				if home != node.GridHome {
					t.Errorf("grid home %q", home)
				}
				out, _ = run(dbnode.StepCRSCheck)
				crs, err := dbnode.ParseCRSCheck(out)
				mustParse(dbnode.StepCRSCheck, err)
				if !crs.Online() {
					t.Errorf("CRS %+v not online", crs)
				}
				out, _ = run(dbnode.StepCRSStop)
				mustParse(dbnode.StepCRSStop, dbnode.ParseCRSStop(out))
				out, _ = run(dbnode.StepCRSStart)
				mustParse(dbnode.StepCRSStart, dbnode.ParseCRSStart(out))
			} else {
				_, status = run(dbnode.StepDatabaseStop)
				if status != 0 || n.State().DBUp {
					t.Errorf("database stop: status %d, database up %v", status, n.State().DBUp)
				}
			}

			owner := dbnode.LockOwner{Owner: "ci@runner", RunID: "run-1", Started: time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)}
			acquire, err := dbnode.LockAcquire(owner)
			if err != nil {
				t.Fatal(err)
			}
			if _, status := exec(t, n, acquire); status != 0 {
				t.Fatalf("lock acquire: status %d", status)
			}
			if _, status := exec(t, n, acquire); status == 0 {
				t.Error("a second lock acquire succeeded")
			}
			out, _ = exec(t, n, dbnode.LockRead())
			got, err := dbnode.ParseLockOwner(out)
			if err != nil || got != owner {
				t.Errorf("lock owner %+v, %v; want %+v", got, err, owner)
			}
			if _, status := exec(t, n, dbnode.LockRelease()); status != 0 {
				t.Errorf("lock release: status %d", status)
			}
		})
	}
}

// exec runs a command as the transport does: sudo -n -u USER -- sh -c LINE.
func exec(t *testing.T, n *node.Node, c dbnode.Command) (string, int) {
	t.Helper()
	line := c.Line
	if c.RunAs != dbnode.LoginUser {
		q, err := syntax.Quote(c.Line, syntax.LangPOSIX)
		if err != nil {
			t.Fatal(err)
		}
		line = "sudo -n -u " + c.RunAs + " -- sh -c " + q
	}
	var stdout, stderr bytes.Buffer
	status, err := n.Exec(context.Background(), line, false, strings.NewReader(""), &stdout, &stderr)
	if err != nil {
		t.Fatalf("%s: %v", c, err)
	}
	return stdout.String(), status
}
