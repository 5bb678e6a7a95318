package patch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
)

// precheck runs the checks that must pass before anything changes and
// decides what the update phase does. A node that resumes at the reboot
// gets the stack checks as warnings only: its stack may have been
// stopped by the run that was interrupted, and the reboot is what it
// needs.
func (r *nodeRun) precheck(ctx context.Context) (plan, dbnode.Job, error) {
	if skip, err := r.kernelGate(); skip || err != nil {
		return planNothing, dbnode.Job{}, err
	}
	next, job, err := r.planUpdate(ctx)
	if err != nil {
		return next, job, err
	}
	strict := next != planResumeReboot
	var problems []error
	check := func(err error) error {
		switch {
		case err == nil:
			return nil
		case !strict && !isTransport(err):
			r.warn("%v (ignored: the node resumes at its pending reboot)", err)
			return nil
		case isTransport(err):
			return err
		}
		problems = append(problems, err)
		return nil
	}
	for _, f := range []func(context.Context) error{r.checkCRS, r.checkDatabase, r.checkAlertLog} {
		if err := check(f(ctx)); err != nil {
			return next, job, err
		}
	}
	if next == planStart {
		if err := check(r.checkFreeSpace(ctx)); err != nil {
			return next, job, err
		}
	}
	if len(problems) > 0 {
		return next, job, joinAnswers(problems)
	}
	if next == planStart {
		if err := r.osPrecheck(ctx); err != nil {
			return next, job, err
		}
	}
	if r.cfg().Option == OptionPrecheck {
		r.res.Outcome = PrecheckPassed
		switch next {
		case planNothing:
			r.warn("no OS update is available: an update would change nothing")
		case planAdopt:
			r.warn("OS update job %s is already running on the node", job.ID)
		case planResumeReboot:
			r.warn("an OS update is installed and waits for a reboot")
		}
	}
	return next, job, nil
}

// kernelGate applies the end-of-life kernel policy.
func (r *nodeRun) kernelGate() (skip bool, err error) {
	pol := r.cfg().Kernel
	if !slices.Contains(pol.EndOfLifeSeries, r.kernel.Series()) {
		return false, nil
	}
	msg := fmt.Sprintf("kernel %s is of series %s, which is end of life: dbcli has no OS updates for it", r.kernel.Release, r.kernel.Series())
	if pol.Action == KernelFail {
		return false, &answerError{err: errors.New(msg), hint: "Move the DB system to a supported image (upgrade the OS or restore onto a new DB system), or set the kernel policy to skip such nodes."}
	}
	r.warn("%s; skipped by the kernel policy", msg)
	r.res.Outcome = Skipped
	return true, nil
}

// planUpdate reads the node's job history and patch availability.
func (r *nodeRun) planUpdate(ctx context.Context) (plan, dbnode.Job, error) {
	o, err := r.exec(ctx, dbnode.StepListJobs)
	if err != nil {
		return planStart, dbnode.Job{}, err
	}
	jobs, err := dbnode.ParseJobs(o.text)
	if err != nil {
		return planStart, dbnode.Job{}, badAnswer(o, "", "list the node's dbcli jobs: %w", err)
	}
	if running, ok := dbnode.RunningOSUpdate(jobs); ok {
		return planAdopt, running, nil
	}
	newest, _ := dbnode.NewestOSUpdate(jobs)
	avail, err := r.availability(ctx)
	if err != nil {
		return planStart, newest, err
	}
	switch {
	case avail.RebootRequired:
		r.res.JobID, r.res.JobStatus = newest.ID, newest.Status
		return planResumeReboot, newest, nil
	case !avail.UpdateAvailable:
		return planNothing, newest, nil
	}
	return planStart, newest, nil
}

func (r *nodeRun) availability(ctx context.Context) (dbnode.OSPatchAvailability, error) {
	o, err := r.exec(ctx, dbnode.StepAvailablePatches)
	if err != nil {
		return dbnode.OSPatchAvailability{}, err
	}
	avail, err := dbnode.ParseOSPatchAvailability(o.text)
	if err != nil {
		return avail, badAnswer(o, "", "%w", err)
	}
	return avail, nil
}

func (r *nodeRun) checkCRS(ctx context.Context) error {
	if r.storage != oci.StorageASM {
		return nil
	}
	st, o, err := r.crsStatus(ctx)
	if err != nil {
		return err
	}
	if !st.Online() {
		return badAnswer(o, "Start Clusterware (crsctl start crs) and let it settle before patching.", "Clusterware is not online (%s)", st)
	}
	return nil
}

func (r *nodeRun) crsStatus(ctx context.Context) (dbnode.CRSStatus, output, error) {
	o, err := r.exec(ctx, dbnode.StepCRSCheck)
	if err != nil {
		return dbnode.CRSStatus{}, o, err
	}
	st, err := dbnode.ParseCRSCheck(o.text)
	if err != nil {
		return st, o, badAnswer(o, "", "%w", err)
	}
	return st, o, nil
}

func (r *nodeRun) checkDatabase(ctx context.Context) error {
	if r.vals.SID == "" {
		return &answerError{err: errors.New("no database instance runs on the node (no ora_pmon_ process)"), hint: "Start the database before patching, so that the run can check it comes back."}
	}
	return nil
}

func (r *nodeRun) checkAlertLog(ctx context.Context) error {
	if r.vals.SID == "" {
		return nil
	}
	st, o, err := r.alertLog(ctx)
	if err != nil {
		return err
	}
	if st.Event != dbnode.AlertOpen {
		return badAnswer(o, "Check the database's alert log; patch once it has opened cleanly.", "the alert log of %s shows the database %s, not open", r.vals.SID, st.Event)
	}
	return nil
}

func (r *nodeRun) alertLog(ctx context.Context) (dbnode.AlertLogState, output, error) {
	o, err := r.exec(ctx, dbnode.StepAlertLog)
	if err != nil {
		return dbnode.AlertLogState{}, o, err
	}
	st, err := dbnode.ParseAlertLog(o.text)
	if err != nil {
		return st, o, badAnswer(o, "", "%w", err)
	}
	return st, o, nil
}

func (r *nodeRun) checkFreeSpace(ctx context.Context) error {
	o, err := r.exec(ctx, dbnode.StepFreeSpace)
	if err != nil {
		return err
	}
	df, err := dbnode.ParseDiskSpace(o.text)
	if err != nil {
		return badAnswer(o, "", "%w", err)
	}
	if need := r.cfg().MinFreeBytes; df.AvailableBytes < need {
		return badAnswer(o, "Free space on "+df.Mount+" (old logs, patches in /u01/app/oracle/product/*/dbhome_*/.patch_storage) and run again.",
			"%s has %s free, the OS update needs %s", df.Mount, gib(df.AvailableBytes), gib(need))
	}
	return nil
}

func gib(b int64) string { return fmt.Sprintf("%.1f GiB", float64(b)/(1<<30)) }

// osPrecheck runs dbcli's own OS update precheck and waits for it.
func (r *nodeRun) osPrecheck(ctx context.Context) error {
	o, err := r.exec(ctx, dbnode.StepOSPrecheck)
	if err != nil {
		return err
	}
	job, err := dbnode.ParseJob(o.text)
	if err != nil {
		return badAnswer(o, "", "start the dbcli OS precheck: %w", err)
	}
	r.res.PrecheckJobID = job.ID
	job, err = r.waitJob(ctx, job, r.cfg().PrecheckTimeout)
	if err != nil {
		return err
	}
	if job.Status.Failed() {
		return jobFailed("the dbcli OS precheck", job)
	}
	return nil
}

// jobFailed says why a dbcli job failed, from its failed tasks.
func jobFailed(what string, job dbnode.Job) error {
	var why []string
	if job.Message != "" {
		why = append(why, job.Message)
	}
	for _, t := range job.FailedTasks() {
		why = append(why, fmt.Sprintf("task %q: %s", t.Name, t.Status))
	}
	return &answerError{
		err:  fmt.Errorf("%s (job %s) ended %s: %s", what, job.ID, job.Status, strings.Join(why, "; ")),
		hint: fmt.Sprintf("See `dbcli describe-job -i %s` and /opt/oracle/dcs/log/jobs/%s.log on the node.", job.ID, job.ID),
	}
}

// joinAnswers reports several failed checks as one error that keeps
// every answer and hint.
func joinAnswers(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	msgs := make([]string, len(errs))
	var outs, hints []string
	for i, err := range errs {
		msgs[i] = err.Error()
		var ae *answerError
		if errors.As(err, &ae) {
			if ae.output != "" {
				outs = append(outs, ae.output)
			}
			if ae.hint != "" {
				hints = append(hints, ae.hint)
			}
		}
	}
	return &answerError{err: errors.New(strings.Join(msgs, "; ")), output: strings.Join(outs, "\n"), hint: strings.Join(hints, " ")}
}

func isTransport(err error) bool {
	var ae *answerError
	return !errors.As(err, &ae)
}
