package dbnode

// ParseJobs reads `dbcli list-jobs -j`: a JSON array of jobs, oldest
// first. When dbcli printed a DCS error instead, the error is a *DCSError.
func ParseJobs(out string) ([]Job, error) {
	const what = "dbcli list-jobs output"
	var raw []jobJSON
	found, err := decodeJSONPayload(out, '[', &raw)
	if !found {
		if dcs, ok := ParseDCSError(out); ok {
			return nil, dcs
		}
		if err != nil {
			return nil, outputError(what, out, "it is not a JSON array of jobs (%v)", err)
		}
		return nil, outputError(what, out, "it holds no JSON array of jobs")
	}
	jobs := make([]Job, 0, len(raw))
	for i, r := range raw {
		j, err := r.job()
		if err != nil {
			return nil, outputError(what, out, "job %d of %d: %v", i+1, len(raw), err)
		}
		jobs = append(jobs, j)
	}
	return jobs, nil
}

// NewestOSUpdate returns the most recently created OS update job.
func NewestOSUpdate(jobs []Job) (Job, bool) {
	return newest(jobs, func(j Job) bool { return j.IsOSUpdate() })
}

// RunningOSUpdate returns the newest OS update job that has not finished:
// the job to adopt rather than start a second one on the node.
func RunningOSUpdate(jobs []Job) (Job, bool) {
	return newest(jobs, func(j Job) bool { return j.IsOSUpdate() && !j.Status.Terminal() })
}

// newest picks by creation time; jobs whose times could not be parsed
// rank by their position, as dbcli lists the oldest first.
func newest(jobs []Job, keep func(Job) bool) (Job, bool) {
	var best Job
	found := false
	for _, j := range jobs {
		if !keep(j) {
			continue
		}
		if !found || !j.Created.Parsed() || !best.Created.Parsed() || !j.Created.Time.Before(best.Created.Time) {
			best, found = j, true
		}
	}
	return best, found
}
