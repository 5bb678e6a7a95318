package patch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/remote"
)

// nodeRun is the workflow on one node.
type nodeRun struct {
	e       *Engine
	system  string
	host    string
	storage oci.Storage
	vals    dbnode.Values
	res     *NodeResult
	kernel  dbnode.Kernel
	// runID is the lock's run id: the caller's, scoped to the system.
	runID string
	// stackTouched is set once this run asked the stack to stop, and
	// cleared when it is verified up again.
	stackTouched bool
}

// lockRunID scopes the caller's run id to one DB system, so that one
// caller patching several systems holds a distinct lock identity on each.
func lockRunID(runID string, sys oci.System) string {
	id := sys.ID
	if id == "" {
		id = sys.DisplayName
	}
	return runID + "@" + id
}

// plan is what the node's job history says the update phase must do.
type plan int

const (
	planStart        plan = iota // start a new OS update job
	planAdopt                    // an OS update job runs: wait for it
	planResumeReboot             // an update was applied, the reboot is pending
	planNothing                  // nothing to install, nothing pending
)

// answerError is a failure that quotes the node's answer.
type answerError struct {
	err    error
	output string
	hint   string
}

func (e *answerError) Error() string { return e.err.Error() }
func (e *answerError) Unwrap() error { return e.err }

func badAnswer(o output, hint, format string, args ...any) error {
	return &answerError{err: fmt.Errorf(format, args...), output: strings.TrimSpace(o.text), hint: hint}
}

func (e *Engine) patchNode(ctx context.Context, sys oci.System, n oci.Node) NodeResult {
	res := NodeResult{Hostname: n.Hostname, Address: n.Address(e.port)}
	r := &nodeRun{e: e, system: sys.Name(), host: res.Address, storage: sys.Storage, res: &res, runID: lockRunID(e.cfg.RunID, sys)}
	err := r.run(ctx)
	switch {
	case err != nil:
		res.Outcome, res.Err = Failed, err
		r.noteStackDown(ctx)
	case res.Outcome == "":
		res.Outcome = Patched
	}
	e.emit(Event{System: r.system, Node: n.Hostname, Phase: res.Phase, Kind: NodeFinished, Message: string(res.Outcome), JobID: res.JobID, Err: res.Err})
	return res
}

func (r *nodeRun) cfg() *Config { return &r.e.cfg }

func (r *nodeRun) emit(ev Event) {
	ev.System, ev.Node = r.system, r.res.Hostname
	if ev.Phase == "" {
		ev.Phase = r.res.Phase
	}
	r.e.emit(ev)
}

func (r *nodeRun) warn(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	r.res.Warnings = append(r.res.Warnings, msg)
	r.emit(Event{Kind: Warning, Message: msg})
}

// do runs one phase, times it and turns its failure into a PhaseError.
func (r *nodeRun) do(ctx context.Context, p Phase, f func(context.Context) error) error {
	start := r.cfg().Clock.Now()
	r.res.Phase = p
	r.emit(Event{Kind: PhaseStarted, Time: start})
	err := f(ctx)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	elapsed := r.cfg().Clock.Since(start)
	r.res.Phases = append(r.res.Phases, PhaseTiming{Phase: p, Started: start, Duration: elapsed, Failed: err != nil})
	if err != nil {
		err = r.phaseError(p, err)
		r.emit(Event{Kind: PhaseFailed, Elapsed: elapsed, Err: err, Message: err.Error()})
		return err
	}
	r.emit(Event{Kind: PhaseFinished, Elapsed: elapsed})
	return nil
}

func (r *nodeRun) phaseError(p Phase, err error) error {
	pe := &PhaseError{Node: r.res.Hostname, Phase: p, Err: err}
	var ae *answerError
	if errors.As(err, &ae) {
		pe.Output, pe.Hint = ae.output, ae.hint
	}
	var unreadable *dbnode.OutputError
	switch {
	case errors.Is(err, context.Canceled):
		pe.Hint = "The run was cancelled; run it again to resume where it stopped."
	case pe.Hint == "" && errors.As(err, &unreadable):
		pe.Hint = "The node did not answer as Base Database Service nodes do; if it needs another command for this step, " +
			"override the step (the resource's `commands`, famsctl --command)."
	}
	return pe
}

// exec runs one step's command on the node.
func (r *nodeRun) exec(ctx context.Context, step dbnode.Step) (output, error) {
	c, err := r.cfg().Commands.Build(step, r.vals)
	if err != nil {
		return output{}, err
	}
	return r.execCommand(ctx, c)
}

func (r *nodeRun) execCommand(ctx context.Context, c dbnode.Command) (output, error) {
	return run(ctx, r.e.ssh, r.host, c, r.cfg().CommandTimeout)
}

func (r *nodeRun) run(ctx context.Context) error {
	if err := r.do(ctx, PhaseConnect, r.connect); err != nil {
		return err
	}
	if err := r.do(ctx, PhaseLock, r.lock); err != nil {
		return err
	}
	err := r.locked(ctx)
	phase := r.res.Phase
	// The lock is released even when the run was cancelled: a rerun
	// adopts whatever job is running, and a lock left behind would only
	// stop the next run of someone else.
	unlockCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.cfg().CommandTimeout)
	defer cancel()
	r.unlock(unlockCtx)
	if err != nil {
		r.res.Phase = phase
	}
	return err
}

func (r *nodeRun) connect(ctx context.Context) error {
	k, err := r.readKernel(ctx)
	if err != nil {
		return err
	}
	r.kernel, r.res.KernelBefore = k, k.Release
	id, err := r.readBootID(ctx)
	if err != nil {
		return err
	}
	r.res.BootIDBefore = id
	return nil
}

func (r *nodeRun) readKernel(ctx context.Context) (dbnode.Kernel, error) {
	o, err := r.exec(ctx, dbnode.StepKernel)
	if err != nil {
		return dbnode.Kernel{}, err
	}
	k, err := dbnode.ParseKernel(o.text)
	if err != nil {
		return dbnode.Kernel{}, badAnswer(o, "", "%w", err)
	}
	return k, nil
}

func (r *nodeRun) readBootID(ctx context.Context) (string, error) {
	o, err := r.exec(ctx, dbnode.StepBootID)
	if err != nil {
		return "", err
	}
	id, err := dbnode.ParseBootID(o.stdout)
	if err != nil {
		return "", badAnswer(o, "", "%w", err)
	}
	return id, nil
}

func (r *nodeRun) lock(ctx context.Context) error {
	cfg := r.cfg()
	acquire, err := dbnode.LockAcquire(dbnode.LockOwner{Owner: cfg.Owner, RunID: r.runID, Started: cfg.Clock.Now()})
	if err != nil {
		return err
	}
	o, err := r.execCommand(ctx, acquire)
	if err != nil || o.status == 0 {
		return err
	}
	read, err := r.execCommand(ctx, dbnode.LockRead())
	if err != nil {
		return err
	}
	holder, err := dbnode.ParseLockOwner(read.text)
	if err != nil {
		return badAnswer(read, "Remove "+dbnode.LockDir+" on the node if no run is patching it.",
			"the node is locked but the lock's owner cannot be read (%v)", err)
	}
	age := cfg.Clock.Since(holder.Started).Round(time.Second)
	switch {
	case cfg.RunID != "" && holder.RunID == r.runID:
		r.warn("resuming: the node's lock was left by an earlier attempt of this run (%s ago)", age)
		return nil
	case cfg.BreakLockOlderThan > 0 && age > cfg.BreakLockOlderThan:
		r.warn("breaking the lock of %s (run %s), %s old, older than the %s allowed", holder.Owner, holder.RunID, age, cfg.BreakLockOlderThan)
		if _, err := r.execCommand(ctx, dbnode.LockRelease()); err != nil {
			return err
		}
		o, err := r.execCommand(ctx, acquire)
		if err != nil {
			return err
		}
		if o.status != 0 {
			return badAnswer(o, "", "another run took the lock while the stale one was broken")
		}
		return nil
	}
	return &answerError{
		err:  fmt.Errorf("the node is locked by %s (run %s) since %s (%s ago)", holder.Owner, holder.RunID, holder.Started.UTC().Format(time.RFC3339), age),
		hint: "Wait for that run to finish. If it died, allow breaking stale locks (break_stale_lock_after / --break-lock-older-than) or remove " + dbnode.LockDir + " on the node.",
	}
}

func (r *nodeRun) unlock(ctx context.Context) {
	start := r.cfg().Clock.Now()
	o, err := r.execCommand(ctx, dbnode.LockRelease())
	if err == nil && o.status != 0 {
		err = o.failed()
	}
	r.res.Phases = append(r.res.Phases, PhaseTiming{Phase: PhaseUnlock, Started: start, Duration: r.cfg().Clock.Since(start), Failed: err != nil})
	if err != nil {
		r.warn("could not release the lock %s: %v; the next run of this caller takes it over", dbnode.LockDir, err)
	}
}

// locked is the workflow while the node's lock is held.
func (r *nodeRun) locked(ctx context.Context) error {
	if err := r.do(ctx, PhaseAgent, r.ensureAgent); err != nil {
		return err
	}
	if err := r.do(ctx, PhaseStorage, r.detectStorage); err != nil {
		return err
	}
	var next plan
	var job dbnode.Job
	if err := r.do(ctx, PhasePrecheck, func(ctx context.Context) error {
		var err error
		next, job, err = r.precheck(ctx)
		return err
	}); err != nil || r.res.Outcome != "" {
		return err
	}
	switch next {
	case planNothing:
		r.res.Outcome = UpToDate
		return nil
	case planStart:
		if err := r.do(ctx, PhasePreHooks, func(ctx context.Context) error { return r.hooks(ctx, r.cfg().Hooks.PreUpdate) }); err != nil {
			return err
		}
	}
	if next != planResumeReboot {
		if err := r.do(ctx, PhaseUpdate, func(ctx context.Context) error {
			var err error
			next, err = r.update(ctx, next, job)
			return err
		}); err != nil {
			return err
		}
		if next == planNothing {
			r.res.Outcome = UpToDate
			return nil
		}
	}
	steps := []struct {
		p Phase
		f func(context.Context) error
	}{
		{PhaseStackStop, r.stopStack},
		{PhaseReboot, r.reboot},
		{PhaseStackStart, r.startStack},
		{PhasePostHooks, func(ctx context.Context) error { return r.hooks(ctx, r.cfg().Hooks.PostReboot) }},
		{PhasePostcheck, r.postcheck},
	}
	for _, s := range steps {
		if err := r.do(ctx, s.p, s.f); err != nil {
			return err
		}
	}
	r.res.Outcome = Patched
	return nil
}

// ensureAgent checks the DCS agent, which every dbcli call needs, and
// restarts it once if it is not running.
func (r *nodeRun) ensureAgent(ctx context.Context) error {
	state, _, err := r.agentState(ctx)
	if err != nil || state == dbnode.UnitActive {
		return err
	}
	r.warn("the DCS agent (initdcsagent) is %s: restarting it once", state)
	restart, err := r.exec(ctx, dbnode.StepAgentRestart)
	if err != nil {
		return err
	}
	if restart.status != 0 {
		return badAnswer(restart, "Look at `systemctl status initdcsagent` and /opt/oracle/dcs/log on the node.", "the DCS agent is %s and restarting it failed", state)
	}
	state, o, err := r.agentState(ctx)
	if err != nil || state == dbnode.UnitActive {
		return err
	}
	return badAnswer(o, "Look at `systemctl status initdcsagent` and /opt/oracle/dcs/log on the node.", "the DCS agent is still %s after a restart", state)
}

func (r *nodeRun) agentState(ctx context.Context) (dbnode.UnitState, output, error) {
	o, err := r.exec(ctx, dbnode.StepAgentStatus)
	if err != nil {
		return "", o, err
	}
	state, err := dbnode.ParseUnitState(o.stdout, o.status)
	if err != nil {
		return "", o, badAnswer(o, "", "%w", err)
	}
	return state, o, nil
}

// detectStorage finds the Grid home on ASM nodes (and, for nodes given
// directly, whether Grid Infrastructure is there at all) and the database
// running on the node.
func (r *nodeRun) detectStorage(ctx context.Context) error {
	if r.storage != oci.StorageLVM {
		o, err := r.exec(ctx, dbnode.StepGridHome)
		if err != nil {
			return err
		}
		switch {
		case o.status == 0:
			home, err := dbnode.ParseGridHome(o.text)
			if err != nil {
				return badAnswer(o, "", "%w", err)
			}
			r.vals.GridHome, r.storage = home, oci.StorageASM
		case r.storage == oci.StorageASM:
			return badAnswer(o, "Check that Grid Infrastructure is installed and /etc/oracle/olr.loc is readable by root, or override the grid_home step.",
				"the DB system uses ASM but the node has no readable /etc/oracle/olr.loc")
		default:
			r.storage = oci.StorageLVM
		}
	}
	inst, _, err := r.instances(ctx)
	if err != nil {
		return err
	}
	if len(inst.Databases) == 0 {
		return nil // the precheck says so, or the resume copes
	}
	r.vals.SID = inst.Databases[0]
	if len(inst.Databases) > 1 {
		r.warn("several database instances run on the node (%s); the checks follow %s", strings.Join(inst.Databases, ", "), r.vals.SID)
	}
	o, err := r.exec(ctx, dbnode.StepDiagDir)
	if err != nil {
		return err
	}
	name, err := dbnode.ParseDiagDir(o.text, r.vals.SID)
	if err != nil {
		return badAnswer(o, "", "find the DB_UNIQUE_NAME of instance %s: %w", r.vals.SID, err)
	}
	r.vals.DBUniqueName = name
	return nil
}

func (r *nodeRun) instances(ctx context.Context) (dbnode.Instances, output, error) {
	o, err := r.exec(ctx, dbnode.StepProcesses)
	if err != nil {
		return dbnode.Instances{}, o, err
	}
	inst, err := dbnode.ParseProcesses(o.text)
	if err != nil {
		return inst, o, badAnswer(o, "", "%w", err)
	}
	return inst, o, nil
}

func (r *nodeRun) hooks(ctx context.Context, hooks []dbnode.Command) error {
	for i, h := range hooks {
		o, err := r.execCommand(ctx, h)
		if err != nil {
			return fmt.Errorf("hook %d: %w", i+1, err)
		}
		if o.status != 0 {
			return badAnswer(o, "Fix the hook or the node; nothing was changed by this phase.", "hook %d %w", i+1, o.failed())
		}
	}
	return nil
}

// until polls check with backoff until it reports done, returns an error,
// or timeout passes; what names the wait in the timeout error.
func (r *nodeRun) until(ctx context.Context, timeout, maxWait time.Duration, what string, check func(context.Context) (bool, error)) error {
	cfg := r.cfg()
	parent := ctx
	ctx, cancel := clockwork.WithTimeout(ctx, cfg.Clock, timeout)
	defer cancel()
	b := backoff{next: cfg.PollInitial, max: min(maxWait, cfg.PollMax)}
	for {
		done, err := check(ctx)
		if done || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			if parent.Err() != nil {
				return parent.Err()
			}
			return fmt.Errorf("%s: %w after %s", what, errWaitTimeout, timeout)
		case <-cfg.Clock.After(b.wait()):
		}
	}
}

// final reports transport errors no wait can cure.
func final(err error) bool {
	k := remote.KindOf(err)
	return k == remote.KindAuth || k == remote.KindHostKey || k == remote.KindCanceled
}
