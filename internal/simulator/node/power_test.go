package node

import (
	"context"
	"errors"
	"io"
	"testing"
)

func TestRebootSequence(t *testing.T) {
	t.Parallel()
	n, clock := newTestNode(t, Config{})
	ctx := ctxT(t)
	events := make(chan bool, 4)
	n.OnPower(func(up bool) { events <- up })
	bootBefore := mustRun(t, n, "cat "+BootIDPath)
	id := startUpdate(t, n)
	clock.Advance(DefaultJobDuration)
	mustRun(t, n, "sudo "+GridHome+"/bin/crsctl check crs")

	if out := mustRun(t, n, "sudo shutdown -r now"); out != "" {
		t.Errorf("shutdown -r now printed %q", out)
	}
	if !n.Up() {
		t.Fatal("node went down before the grace period")
	}
	if err := clock.BlockUntilContext(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Advance(rebootGrace)
	if up := <-events; up {
		t.Fatal("first power event is up, want down")
	}
	if _, err := n.Exec(ctx, "true", false, nil, io.Discard, io.Discard); !errors.Is(err, ErrPoweredOff) {
		t.Errorf("Exec while off = %v, want ErrPoweredOff", err)
	}
	if err := clock.BlockUntilContext(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Advance(DefaultRebootDuration)
	if up := <-events; !up {
		t.Fatal("second power event is down, want up")
	}
	if err := n.WaitPower(ctx, true); err != nil {
		t.Fatal(err)
	}
	if got := mustRun(t, n, "uname -r"); got != DefaultUpdateKernel+"\n" {
		t.Errorf("kernel after reboot = %q, want %s", got, DefaultUpdateKernel)
	}
	if got := mustRun(t, n, "cat "+BootIDPath); got == bootBefore || len(got) != 37 {
		t.Errorf("boot id after reboot = %q (before %q)", got, bootBefore)
	}
	if got := mustRun(t, n, dbcli+" describe-job -i "+id+" -j"); decodeJob(t, got)["status"] != StatusSuccess {
		t.Errorf("job history lost over the reboot: %s", got)
	}
	if got := mustRun(t, n, "dnf -q updateinfo list --security | wc -l"); got != "0\n" {
		t.Errorf("security advisories after patch and reboot = %q, want 0", got)
	}
	s := n.State()
	if !s.CRSUp || !s.DBUp || s.Agent != "active" || s.RebootRequired || n.Counters().Reboots != 1 {
		t.Errorf("state after reboot = %+v, counters %+v", s, n.Counters())
	}
}

func TestRebootDropsRunningCommands(t *testing.T) {
	t.Parallel()
	n, clock := newTestNode(t, Config{})
	ctx := ctxT(t)
	done := make(chan error, 1)
	go func() {
		_, err := n.Exec(ctx, "sleep 3600", false, nil, io.Discard, io.Discard)
		done <- err
	}()
	if err := clock.BlockUntilContext(ctx, 1); err != nil {
		t.Fatal(err)
	}
	mustRun(t, n, "sudo reboot")
	if err := clock.BlockUntilContext(ctx, 2); err != nil {
		t.Fatal(err)
	}
	clock.Advance(rebootGrace)
	if err := <-done; !errors.Is(err, ErrConnectionDropped) {
		t.Errorf("running command ended with %v, want ErrConnectionDropped", err)
	}
}

func TestRebootFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		faults    Faults
		wantUp    bool
		wantStack bool
		wantAgent string
	}{
		{"default", Faults{}, true, true, "active"},
		{"never returns", Faults{RebootNeverReturns: true}, false, false, "inactive"},
		{"no autostart", Faults{NoStackAutostart: true}, true, false, "active"},
		{"agent down", Faults{AgentDown: true}, true, true, "inactive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, clock := newTestNode(t, Config{})
			ctx := ctxT(t)
			if err := n.SetFaults(tt.faults); err != nil {
				t.Fatal(err)
			}
			mustRun(t, n, "sudo systemctl reboot")
			clock.Advance(rebootGrace)
			if err := n.WaitPower(ctx, false); err != nil {
				t.Fatal(err)
			}
			if err := clock.BlockUntilContext(ctx, 1); err != nil && tt.wantUp {
				t.Fatal(err)
			}
			clock.Advance(DefaultRebootDuration)
			if tt.wantUp {
				if err := n.WaitPower(ctx, true); err != nil {
					t.Fatal(err)
				}
			}
			s := n.State()
			if s.Up != tt.wantUp || s.CRSUp != tt.wantStack || s.DBUp != tt.wantStack || s.Agent != tt.wantAgent {
				t.Errorf("state = %+v, want up %v stack %v agent %s", s, tt.wantUp, tt.wantStack, tt.wantAgent)
			}
		})
	}
}

func TestRollbackKernel(t *testing.T) {
	t.Parallel()
	n, clock := newTestNode(t, Config{})
	ctx := ctxT(t)
	boot := n.BootID()
	n.RollbackKernel()
	if err := n.WaitPower(ctx, false); err != nil {
		t.Fatal(err)
	}
	if err := clock.BlockUntilContext(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clock.Advance(DefaultRebootDuration)
	if err := n.WaitPower(ctx, true); err != nil {
		t.Fatal(err)
	}
	if got := n.Kernel(); got != previousKernel(DefaultKernel) || got == DefaultKernel {
		t.Errorf("kernel after rollback = %s, want %s", got, previousKernel(DefaultKernel))
	}
	if n.BootID() == boot {
		t.Error("boot id did not change")
	}
}

func TestWaitPowerHonoursContext(t *testing.T) {
	t.Parallel()
	n, _ := newTestNode(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := n.WaitPower(ctx, false); !errors.Is(err, context.Canceled) {
		t.Errorf("WaitPower = %v, want context.Canceled", err)
	}
}
