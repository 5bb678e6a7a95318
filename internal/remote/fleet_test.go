package remote

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/node"
)

// These tests run the transport against the full simulator: emulated DB
// nodes behind their SSH servers, reached with the files `famsctl sim`
// writes (the fleet's key and known_hosts).
func startFleetNode(t *testing.T) (*simulator.Node, *Client) {
	t.Helper()
	host, _, _ := strings.Cut(nextLoopback(), ":")
	f, err := simulator.Start(simulator.Options{
		StateDir: filepath.Join(t.TempDir(), "sim"), Systems: 1, NodesPerSystem: 1, Storage: simulator.StorageASM,
		FirstNodeIP: host,
		Timing:      simulator.Timing{Job: 500 * time.Millisecond, Reboot: 300 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	auth, err := PrivateKeyFile(filepath.Join(f.StateDir(), simulator.FileSSHKey), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := f.Nodes()[0]
	c, err := Dial(testContext(t), n.Info.PrivateIP, Config{
		User:    "opc",
		Port:    f.Info().SSHPort,
		Auth:    []AuthMethod{auth},
		HostKey: KnownHosts(filepath.Join(f.StateDir(), simulator.FileKnownHosts)),
		Logger:  testLogger(t),
		Retry:   RetryPolicy{MaxAttempts: 50, InitialDelay: 20 * time.Millisecond, MaxDelay: 100 * time.Millisecond},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return n, c
}

func TestFleetNodeRebootMidSession(t *testing.T) {
	t.Parallel()
	n, c := startFleetNode(t)
	ctx := testContext(t)
	bootID := func() string {
		t.Helper()
		res, err := c.Run(ctx, Cmd{Line: "cat /proc/sys/kernel/random/boot_id"})
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(string(res.Stdout))
	}
	before := bootID()
	if _, err := c.Run(ctx, Cmd{Line: "systemctl reboot", Sudo: true}); err != nil {
		t.Fatalf("reboot: %v", err)
	}
	// The node powers off while this command runs: the host went away,
	// which is not a command failure.
	_, err := c.Run(ctx, Cmd{Line: "sleep 60"})
	if !IsHostGone(err) {
		t.Fatalf("a command cut by the reboot returned %v; want a host-gone error", err)
	}
	if err := n.Machine.WaitPower(ctx, true); err != nil {
		t.Fatal(err)
	}
	if after := bootID(); after == before || after == "" {
		t.Errorf("boot_id %q after the reboot, %q before: want a new one", after, before)
	}
	if got := n.SSH.Counters().HandshakesCompleted; got != 2 {
		t.Errorf("%d handshakes, want 2: one before the reboot, one after", got)
	}
}

func TestFleetNodeDropDuringJobPoll(t *testing.T) {
	t.Parallel()
	n, c := startFleetNode(t)
	ctx := testContext(t)
	res, err := c.Run(ctx, Cmd{Line: "/opt/oracle/dcs/bin/dbcli update-server -c os", Sudo: true})
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(res.Stdout), `"jobId" : "`)
	jobID, _, _ := strings.Cut(rest, `"`)
	if err := n.Machine.UpdateFaults(func(f *node.Faults) { f.DropConnectionOnPoll = 1 }); err != nil {
		t.Fatal(err)
	}
	describe, err := Join("/opt/oracle/dcs/bin/dbcli", "describe-job", "-i", jobID, "-j")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Run(ctx, Cmd{Line: describe, Sudo: true})
	if KindOf(err) != KindConnectionLost {
		t.Fatalf("poll during a drop returned %v; want a lost connection", err)
	}
	res, err = c.Run(ctx, Cmd{Line: describe, Sudo: true})
	if err != nil || !strings.Contains(string(res.Stdout), jobID) {
		t.Fatalf("the poll after the drop: %v\n%s", err, res.Stdout)
	}
	if got := n.Machine.Counters().UpdateJobsStarted; got != 1 {
		t.Errorf("%d update jobs started, want 1", got)
	}
}

func TestFleetNodeRefusesAChangedHostKey(t *testing.T) {
	t.Parallel()
	n, c := startFleetNode(t)
	ctx := testContext(t)
	if err := n.RotateHostKey(); err != nil {
		t.Fatal(err)
	}
	n.SSH.DropConnections()
	_, err := c.Run(ctx, Cmd{Line: "true"})
	var hk *HostKeyError
	if KindOf(err) != KindHostKey || !errors.As(err, &hk) {
		t.Fatalf("after a host key change got %v; want a host key error", err)
	}
	if !strings.Contains(err.Error(), c.Host()) {
		t.Errorf("error %q does not name the host %s", err, c.Host())
	}
}
