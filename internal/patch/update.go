package patch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
)

// update starts the OS update job, or adopts the one already running,
// waits for it, and says whether a reboot must follow.
func (r *nodeRun) update(ctx context.Context, next plan, job dbnode.Job) (plan, error) {
	if next == planAdopt {
		r.warn("adopting OS update job %s, already %s on the node: no second job is started", job.ID, job.Status)
		r.res.JobAdopted = true
	} else {
		started, err := r.startJob(ctx)
		if err != nil {
			return next, err
		}
		job = started
	}
	r.res.JobID, r.res.JobStatus = job.ID, job.Status
	r.emit(Event{Kind: JobStarted, JobID: job.ID, Message: "OS update job " + job.ID})
	job, err := r.waitJob(ctx, job, r.cfg().JobTimeout)
	if err != nil {
		return next, err
	}
	r.res.JobStatus = job.Status
	if job.Status.Failed() {
		return next, jobFailed("the OS update", job)
	}
	if job.Status == dbnode.JobSuccessWithWarning {
		r.warn("OS update job %s ended with warnings: %s", job.ID, job.Message)
	}
	// A job that found nothing to install leaves no reboot pending:
	// rebooting anyway would only take the database down for nothing.
	avail, err := r.availability(ctx)
	if err != nil {
		return next, err
	}
	if !avail.RebootRequired {
		r.warn("OS update job %s installed nothing that needs a reboot (%s)", job.ID, job.Message)
		return planNothing, nil
	}
	return planStart, nil
}

func (r *nodeRun) startJob(ctx context.Context) (dbnode.Job, error) {
	o, err := r.exec(ctx, dbnode.StepOSUpdate)
	if err != nil {
		// Whether dbcli started a job before the connection dropped is
		// unknown: the rerun's list-jobs finds out, and adopts it.
		return dbnode.Job{}, err
	}
	job, err := dbnode.ParseJob(o.text)
	var dcs *dbnode.DCSError
	if errors.As(err, &dcs) && dcs.RunningJobID != "" {
		r.warn("dbcli says OS update job %s is already in progress: adopting it", dcs.RunningJobID)
		r.res.JobAdopted = true
		return dbnode.Job{ID: dcs.RunningJobID, Status: dbnode.JobRunning}, nil
	}
	if err != nil {
		return job, badAnswer(o, "", "start the OS update: %w", err)
	}
	return job, nil
}

// maxBadPolls is how many unreadable describe-job answers in a row end
// the wait: one can be a hiccup, several mean the tool changed.
const maxBadPolls = 3

// waitJob polls a dbcli job until it ends or timeout passes. A dropped
// connection is a warning and the next poll reconnects: the job runs on
// the node whether or not anyone watches it.
func (r *nodeRun) waitJob(ctx context.Context, job dbnode.Job, timeout time.Duration) (dbnode.Job, error) {
	cfg := r.cfg()
	start := cfg.Clock.Now()
	parent := ctx
	ctx, cancel := clockwork.WithTimeout(ctx, cfg.Clock, timeout)
	defer cancel()
	b := backoff{next: cfg.PollInitial, max: cfg.PollMax}
	vals := r.vals
	vals.JobID = job.ID
	describe, err := cfg.Commands.Build(dbnode.StepDescribeJob, vals)
	if err != nil {
		return job, err
	}
	bad, lost := 0, false
	var est eta
	for !job.Status.Terminal() {
		wait := b.wait()
		o, err := r.execCommand(ctx, describe)
		switch {
		case err != nil && ctx.Err() != nil:
			if parent.Err() == nil {
				return job, &answerError{
					err:  fmt.Errorf("job %s is still %s after %s: %w", job.ID, job.Status, timeout, errWaitTimeout),
					hint: "The job was not cancelled and keeps running on the node; run again to adopt it, or raise the job timeout.",
				}
			}
			return job, ctx.Err()
		case err != nil && final(err):
			return job, err
		case err != nil:
			if !lost {
				r.warn("lost the node while polling job %s (%v): reconnecting", job.ID, err)
			}
			lost = true
		default:
			lost = false
			next, perr := dbnode.ParseJob(o.text)
			var dcs *dbnode.DCSError
			switch {
			case errors.As(perr, &dcs) && dcs.JobNotFound():
				return job, badAnswer(o, "", "dbcli no longer knows job %s", job.ID)
			case perr != nil:
				bad++
				if bad >= maxBadPolls {
					return job, badAnswer(o, "", "read job %s: %w", job.ID, perr)
				}
			default:
				bad, job = 0, next
			}
		}
		if job.Status.Terminal() {
			break
		}
		if left, ok := est.observe(cfg.Clock.Now(), job.Progress); ok {
			wait = min(max(left/2, cfg.PollInitial), cfg.PollMax)
		}
		r.emit(Event{Kind: JobProgress, JobID: job.ID, Percent: job.Progress, Message: string(job.Status), NextPoll: wait, Elapsed: cfg.Clock.Since(start)})
		select {
		case <-ctx.Done():
		case <-cfg.Clock.After(wait):
		}
	}
	r.emit(Event{Kind: JobProgress, JobID: job.ID, Percent: job.Progress, Message: string(job.Status), Elapsed: cfg.Clock.Since(start)})
	return job, nil
}

// eta predicts when a job ends from how fast its progress moved since it
// was first seen moving, on this side's clock (the node's may differ).
type eta struct {
	since    time.Time
	progress int
}

// observe records progress seen at now and returns the time left, when
// the job has moved since the first sighting.
func (e *eta) observe(now time.Time, progress int) (time.Duration, bool) {
	switch {
	case progress <= 0 || progress >= 100:
		return 0, false
	case e.since.IsZero():
		e.since, e.progress = now, progress
		return 0, false
	case progress <= e.progress:
		return 0, false
	}
	perPoint := now.Sub(e.since) / time.Duration(progress-e.progress)
	return perPoint * time.Duration(100-progress), true
}
