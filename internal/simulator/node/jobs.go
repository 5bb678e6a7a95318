package node

import (
	"fmt"
	"time"
)

// Descriptions dbcli gives its jobs.
const (
	DescriptionOSUpdate   = "DB System OS Patching"
	DescriptionOSPrecheck = "DB System OS Patching Prechecks"
)

// Job statuses dbcli reports.
const (
	StatusCreated            = "Created"
	StatusRunning            = "Running"
	StatusSuccess            = "Success"
	StatusSuccessWithWarning = "SuccessWithWarning"
	StatusFailure            = "Failure"
)

type jobKind uint8

const (
	jobHistory jobKind = iota
	jobUpdate
	jobPrecheck
)

// job is a dbcli job. Its progress is a function of the clock: nothing
// runs in the background; settleLocked applies a finished job's effects
// the first time anyone looks after its end.
type job struct {
	id          string
	kind        jobKind
	description string
	created     time.Time
	duration    time.Duration
	outcome     JobOutcome
	tasks       []string
	// failMessage is the message of a job that ends in Failure.
	failMessage string
	// failTask is the task that fails, for a Failure outcome.
	failTask int
	// willStage is the kernel a successful update stages ("" for none).
	willStage string
	// doneMessage is the message of a job that succeeds.
	doneMessage string

	done    bool
	status  string
	message string
	ended   time.Time
}

// Job is what `dbcli describe-job` says about a job at one moment.
type Job struct {
	ID          string
	Description string
	Status      string
	Message     string
	// Progress is percentageProgress without the % sign.
	Progress int
	Created  time.Time
	Updated  time.Time
	Tasks    []Task
}

// Task is one line of a job's report.
type Task struct {
	ID     string
	Name   string
	Status string
	Start  time.Time
	End    time.Time
}

// runningFrom is when a job leaves Created: after ~2% of its duration.
func (j *job) runningFrom() time.Time { return j.created.Add(j.duration / 50) }

func (j *job) endsAt() time.Time { return j.created.Add(j.duration) }

// taskWindow spreads the tasks evenly over the running period.
func (j *job) taskWindow(i int) (start, end time.Time) {
	from := j.runningFrom()
	slice := j.endsAt().Sub(from) / time.Duration(len(j.tasks))
	return from.Add(slice * time.Duration(i)), from.Add(slice * time.Duration(i+1))
}

// hangAt is where a hung job stops moving: 95% of the way.
func (j *job) hangAt() time.Time { return j.created.Add(j.duration * 95 / 100) }

// view computes what the job looks like at now.
func (j *job) view(now time.Time) Job {
	v := Job{ID: j.id, Description: j.description, Created: j.created}
	at := now
	switch {
	case j.done:
		at = j.ended
		v.Status, v.Message = j.status, j.message
	case j.outcome == OutcomeHang && now.After(j.hangAt()):
		at = j.hangAt()
		v.Status = StatusRunning
	case now.Before(j.runningFrom()):
		v.Status = StatusCreated
	default:
		v.Status = StatusRunning
	}
	v.Updated = at
	if v.Status == StatusCreated {
		v.Updated = j.created
	}
	switch {
	case j.done && j.status != StatusFailure:
		v.Progress = 100
	case v.Status != StatusCreated:
		v.Progress = min(99, max(1, int(at.Sub(j.created)*100/j.duration)))
	}
	if v.Status == StatusCreated {
		return v
	}
	for i, name := range j.tasks {
		start, end := j.taskWindow(i)
		if start.After(at) || (j.done && j.status == StatusFailure && i > j.failTask) {
			break
		}
		t := Task{ID: fmt.Sprintf("TaskZJsonRpcExt_%d", 1000+i*3), Name: name, Start: start, Status: StatusRunning}
		switch {
		case j.done && j.status == StatusFailure && i == j.failTask:
			t.Status, t.End = StatusFailure, j.ended
		case !end.After(at):
			t.Status, t.End = StatusSuccess, end
		case j.done:
			t.Status, t.End = StatusSuccess, j.ended
		}
		v.Tasks = append(v.Tasks, t)
	}
	return v
}

// interrupt fails a job whose node lost power under it.
func (j *job) interrupt(now time.Time) {
	j.done = true
	j.status = StatusFailure
	j.ended = now
	j.message = "DCS-10001:Internal error encountered: the job was interrupted because the DCS agent stopped."
	j.failTask = len(j.tasks) - 1
	for i := range j.tasks {
		if start, _ := j.taskWindow(i); start.After(now) {
			j.failTask = max(0, i-1)
			break
		}
	}
}

// settleLocked finishes every job whose end has passed, in the order they
// ended, and applies what they did to the node.
func (n *Node) settleLocked(now time.Time) {
	for _, j := range n.jobs {
		if j.done || j.outcome == OutcomeHang || now.Before(j.endsAt()) {
			continue
		}
		j.done, j.ended = true, j.endsAt()
		switch j.outcome {
		case OutcomeFailure:
			j.status, j.message = StatusFailure, j.failMessage
		case OutcomeSuccessWithWarning:
			j.status, j.message = StatusSuccessWithWarning, "OS patches applied with warnings: some packages were skipped."
		default:
			j.status, j.message = StatusSuccess, j.doneMessage
		}
		if j.kind == jobUpdate && j.status != StatusFailure && j.willStage != "" {
			n.stageUpdateLocked(j.willStage)
		}
		n.writeJobEndLogLocked(j)
	}
}

// stageUpdateLocked makes the next boot run the update: its kernel and
// the fixes of every security advisory known now.
func (n *Node) stageUpdateLocked(kernel string) {
	if kernelOlder(n.kernel, kernel) {
		n.staged = kernel
		if n.installed[len(n.installed)-1] != kernel {
			n.installed = append(n.installed, kernel)
		}
	}
	n.fixedByBoot = n.securityAdvisoriesLocked()
	n.rebootRequired = true
}

// updateAvailableLocked is what get-availableospatches reports: there is
// something to install and nothing installed waits for a reboot.
func (n *Node) updateAvailableLocked() bool {
	if n.faults.EOLKernel != "" || n.staged != "" || n.rebootRequired {
		return false
	}
	return kernelOlder(n.kernel, n.cfg.UpdateKernel) || len(n.securityAdvisoriesLocked()) > 0
}

// activeUpdateLocked returns the OS update job still Created or Running.
func (n *Node) activeUpdateLocked() *job {
	for _, j := range n.jobs {
		if j.kind == jobUpdate && !j.done {
			return j
		}
	}
	return nil
}

func (n *Node) findJobLocked(id string) *job {
	for _, j := range n.jobs {
		if j.id == id {
			return j
		}
	}
	return nil
}

// Jobs returns every dbcli job, oldest first.
func (n *Node) Jobs() []Job {
	n.mu.Lock()
	defer n.mu.Unlock()
	now := n.clock.Now()
	n.settleLocked(now)
	out := make([]Job, 0, len(n.jobs))
	for _, j := range n.jobs {
		out = append(out, j.view(now))
	}
	return out
}

var updateTasks = []string{
	"Validating OS patching prerequisites",
	"Setting up the OS patch repository",
	"Downloading OS updates",
	"Applying OS updates",
	"Updating the kernel boot entry",
	"Verifying OS patches",
}

// newUpdateJobLocked creates an OS update job as `dbcli update-server -c os`.
func (n *Node) newUpdateJobLocked(now time.Time) *job {
	j := &job{id: newUUID(), kind: jobUpdate, description: DescriptionOSUpdate, created: now, duration: n.cfg.JobDuration,
		outcome: outcomeOrSuccess(n.faults.JobOutcome), tasks: updateTasks, failTask: 3,
		failMessage: "DCS-10136:Failed to apply OS patches: dnf transaction check error"}
	switch {
	case n.lowDiskLocked():
		j.outcome, j.failTask = OutcomeFailure, 0
		j.failMessage = fmt.Sprintf("DCS-10136:Failed to apply OS patches: %s has only %s free, 15 GB are required", "/u01", humanBytes(n.u01FreeLocked()))
	case !n.updateAvailableLocked():
		j.tasks = updateTasks[:1]
		j.duration = min(n.cfg.JobDuration, max(time.Second, n.cfg.JobDuration/10))
		j.doneMessage = "No OS updates available"
	default:
		j.willStage = n.cfg.UpdateKernel
	}
	n.counters.UpdateJobsStarted++
	n.addJobLocked(j)
	return j
}

// newPrecheckJobLocked creates a job as `dbcli update-server -c os -p`.
func (n *Node) newPrecheckJobLocked(now time.Time) *job {
	stackCheck := "Checking database status"
	if n.isASM() {
		stackCheck = "Checking Clusterware status"
	}
	j := &job{id: newUUID(), kind: jobPrecheck, description: DescriptionOSPrecheck, created: now, duration: n.cfg.PrecheckDuration,
		outcome:  outcomeOrSuccess(n.faults.PrecheckOutcome),
		tasks:    []string{"Validating OS patching prerequisites", "Checking free space in /u01", stackCheck, "Running dnf transaction test"},
		failTask: 3, failMessage: "DCS-10315:OS patching precheck failed: dnf transaction test failed"}
	if n.lowDiskLocked() {
		j.outcome, j.failTask = OutcomeFailure, 1
		j.failMessage = fmt.Sprintf("DCS-10315:OS patching precheck failed: /u01 has only %s free, 15 GB are required", humanBytes(n.u01FreeLocked()))
	}
	n.counters.PrecheckJobsStarted++
	n.addJobLocked(j)
	return j
}

func (n *Node) addJobLocked(j *job) {
	n.jobs = append(n.jobs, j)
	n.fs.appendAs(JobLogDir+"/"+j.id+".log", userRoot, "root",
		fmt.Sprintf("%s INFO [jobId=%s] Job created: %s\n", logStamp(j.created), j.id, j.description), j.created)
}

func (n *Node) writeJobEndLogLocked(j *job) {
	v := j.view(j.ended)
	text := ""
	for _, t := range v.Tasks {
		text += fmt.Sprintf("%s INFO [jobId=%s] Task %q ended: %s\n", logStamp(t.End), j.id, t.Name, t.Status)
	}
	text += fmt.Sprintf("%s INFO [jobId=%s] Job ended: %s %s\n", logStamp(j.ended), j.id, j.status, j.message)
	n.fs.appendAs(JobLogDir+"/"+j.id+".log", userRoot, "root", text, j.ended)
}

func logStamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05,000") }

// historyJobs are the jobs a DB system's creation and life left behind.
func historyJobs(now time.Time) []*job {
	mk := func(desc string, ago time.Duration, d time.Duration, tasks ...string) *job {
		created := now.Add(-ago).Truncate(time.Second)
		return &job{id: newUUID(), description: desc, created: created, duration: d, tasks: tasks,
			done: true, status: StatusSuccess, ended: created.Add(d)}
	}
	return []*job{
		mk("Provisioning service creation", 90*24*time.Hour, 42*time.Minute, "Setting up network", "Creating database storage", "Provisioning database"),
		mk("Database Home creation", 90*24*time.Hour-50*time.Minute, 12*time.Minute, "Creating Database Home", "Configuring Database Home"),
		mk("Create detailed Backup Report", 26*time.Hour, 28*time.Second, "Generate backup report"),
	}
}
