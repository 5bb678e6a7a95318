package patch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/remote"
)

// stopStack stops Clusterware (ASM) or the database (LVM) before the
// reboot, so that the database shuts down cleanly instead of being
// killed, and checks it is down.
func (r *nodeRun) stopStack(ctx context.Context) error {
	r.stackTouched = true
	if r.storage == oci.StorageASM {
		o, err := r.exec(ctx, dbnode.StepCRSStop)
		if err != nil {
			return err
		}
		if err := dbnode.ParseCRSStop(o.text); err != nil && !errors.Is(err, dbnode.ErrCRSAlreadyStopped) {
			return badAnswer(o, "Look at the CRS alert log ($GRID_HOME/log or the ADR) for what refused to stop; the node was not rebooted.", "stop Clusterware: %w", err)
		}
		st, o, err := r.crsStatus(ctx)
		if err != nil {
			return err
		}
		if !st.Down() {
			return badAnswer(o, "The node was not rebooted.", "Clusterware still runs after crsctl stop crs (%s)", st)
		}
		return nil
	}
	if r.vals.SID == "" {
		return nil // nothing runs: the precheck let it through on resume
	}
	o, err := r.exec(ctx, dbnode.StepDatabaseStop)
	if err != nil {
		return err
	}
	if o.status != 0 && !strings.Contains(o.text, "PRCC-1016") { // already stopped
		return badAnswer(o, "The node was not rebooted.", "stop database %s: %w", r.vals.DBUniqueName, o.failed())
	}
	up, o, err := r.databaseUp(ctx)
	if err != nil {
		return err
	}
	if up {
		return badAnswer(o, "The node was not rebooted.", "instance %s still runs after srvctl stop database", r.vals.SID)
	}
	return nil
}

func (r *nodeRun) databaseUp(ctx context.Context) (bool, output, error) {
	inst, o, err := r.instances(ctx)
	return slices.Contains(inst.Databases, r.vals.SID), o, err
}

// rebootWaitCap caps the wait between two looks at a rebooting node: a
// look is a refused or unanswered connection, which costs the node
// nothing, and every second the node is back unseen is a second more of
// downtime.
const rebootWaitCap = 2 * time.Second

// reboot restarts the node and waits until it answers with a new
// boot_id: the only proof that it rebooted, whatever the timing.
func (r *nodeRun) reboot(ctx context.Context) error {
	before, err := r.readBootID(ctx)
	if err != nil {
		return err
	}
	o, err := r.exec(ctx, dbnode.StepReboot)
	switch {
	case err != nil && !remote.IsHostGone(err):
		return err
	case err == nil && o.status != 0:
		return badAnswer(o, "", "ask the node to reboot: %w", o.failed())
	}
	var lastErr error
	werr := r.until(ctx, r.cfg().RebootTimeout, rebootWaitCap, "wait for the node to come back with a new boot_id", func(ctx context.Context) (bool, error) {
		id, err := r.readBootID(ctx)
		switch {
		case err != nil && final(err):
			return false, err
		case err != nil:
			lastErr = err     // the node is still down: keep waiting
			return false, nil //nolint:nilerr // an unreachable node is what a reboot looks like
		}
		r.res.BootIDAfter = id
		return id != before, nil
	})
	if errors.Is(werr, errWaitTimeout) {
		why := "it still answers with the boot_id it had before"
		if lastErr != nil {
			why = fmt.Sprintf("the last attempt to reach it: %v", lastErr)
		}
		return &answerError{err: fmt.Errorf("%w; %s", werr, why),
			hint: "Check the node in the OCI Console (boot console history). The update is installed; once the node is back, run again to finish."}
	}
	if werr == nil {
		r.res.Rebooted = true
	}
	return werr
}

// startStack waits for the stack to come back after the boot and starts
// what does not come back by itself.
func (r *nodeRun) startStack(ctx context.Context) error {
	timeout := r.cfg().StackTimeout
	if r.storage == oci.StorageASM {
		started := false
		var last output
		err := r.until(ctx, timeout, timeout, "wait for Clusterware to be online", func(ctx context.Context) (bool, error) {
			st, o, err := r.crsStatus(ctx)
			if err != nil {
				return false, err
			}
			last = o
			if st.Down() && !started {
				started = true
				r.warn("Clusterware did not start with the node: starting it")
				if o, err := r.exec(ctx, dbnode.StepCRSStart); err != nil {
					return false, err
				} else if err := dbnode.ParseCRSStart(o.text); err != nil && !errors.Is(err, dbnode.ErrCRSAlreadyRunning) {
					return false, badAnswer(o, "", "start Clusterware: %w", err)
				}
			}
			return st.Online(), nil
		})
		if err != nil {
			return withAnswer(err, last)
		}
	}
	if r.vals.SID == "" {
		r.stackTouched = false
		return nil
	}
	started := false
	var last output
	err := r.until(ctx, timeout, timeout, "wait for database instance "+r.vals.SID, func(ctx context.Context) (bool, error) {
		up, o, err := r.databaseUp(ctx)
		if err != nil || up {
			return up, err
		}
		last = o
		if !started {
			started = true
			r.warn("database %s did not start with the node: starting it", r.vals.DBUniqueName)
			o, err := r.exec(ctx, dbnode.StepDatabaseStart)
			if err != nil {
				return false, err
			}
			last = o // a start that failed says why; waiting tells if it matters
		}
		return false, nil
	})
	if err != nil {
		return withAnswer(err, last)
	}
	r.stackTouched = false
	return nil
}

// withAnswer adds the node's last answer to a wait that timed out.
func withAnswer(err error, last output) error {
	if errors.Is(err, errWaitTimeout) && last.text != "" {
		return badAnswer(last, "Start the stack by hand and check its logs.", "%w", err)
	}
	return err
}

// postcheck checks the node came back as it should: a kernel at least as
// new as before, the DCS agent running, the database open.
func (r *nodeRun) postcheck(ctx context.Context) error {
	k, err := r.readKernel(ctx)
	if err != nil {
		return err
	}
	r.res.KernelAfter = k.Release
	switch c := dbnode.CompareKernels(k, r.kernel); {
	case c < 0:
		return &answerError{err: fmt.Errorf("the node booted kernel %s, older than %s before the update", k.Release, r.kernel.Release),
			hint: "Check the default GRUB entry (grubby --default-kernel) on the node."}
	case c == 0:
		r.warn("the kernel is still %s: the update installed no new kernel", k.Release)
	}
	if err := r.ensureAgent(ctx); err != nil {
		return err
	}
	if r.vals.SID == "" {
		return nil
	}
	var last output
	err = r.until(ctx, r.cfg().StackTimeout, r.cfg().PollMax, "wait for database "+r.vals.SID+" to open", func(ctx context.Context) (bool, error) {
		st, o, err := r.alertLog(ctx)
		last = o
		return err == nil && st.Event == dbnode.AlertOpen, nil
	})
	return withAnswer(err, last)
}

// noteStackDown records, after a failure, whether the stack this run
// stopped is still down, so that the result (and the operator) know.
func (r *nodeRun) noteStackDown(ctx context.Context) {
	if !r.stackTouched {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.cfg().CommandTimeout)
	defer cancel()
	down := true
	if r.storage == oci.StorageASM {
		if st, _, err := r.crsStatus(ctx); err == nil {
			down = !st.Online()
		}
	} else if up, _, err := r.databaseUp(ctx); err == nil {
		down = !up
	}
	if !down {
		return
	}
	r.res.StackDown = true
	what := "the database " + r.vals.DBUniqueName
	if r.storage == oci.StorageASM {
		what = "Clusterware and its databases"
	}
	r.warn("%s on %s stopped by this run and still down: run again to resume, or start it by hand", what, r.res.Hostname)
	var pe *PhaseError
	if errors.As(r.res.Err, &pe) {
		pe.Hint = strings.TrimSpace(pe.Hint + " " + what + " is stopped on this node.")
	}
}
