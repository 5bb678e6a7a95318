package node

import (
	"fmt"
	"strings"
	"time"
)

// dbcliTime is how dbcli prints timestamps: "November 22, 2026 12:40:01 PM UTC".
func dbcliTime(t time.Time) string { return t.UTC().Format("January 2, 2006 3:04:05 PM MST") }

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// jobObject is a job as `dbcli describe-job -j` prints it.
func jobObject(v Job, withReports bool) object {
	reports := []object{}
	if withReports {
		for _, t := range v.Tasks {
			end, updated := "", dbcliTime(t.Start)
			if !t.End.IsZero() {
				end, updated = dbcliTime(t.End), dbcliTime(t.End)
			}
			reports = append(reports, object{
				{"taskId", t.ID},
				{"taskName", t.Name},
				{"taskResult", taskResult(t)},
				{"startTime", dbcliTime(t.Start)},
				{"endTime", nullable(end)},
				{"status", t.Status},
				{"taskDescription", nil},
				{"parentTaskId", "TaskSequential_1000"},
				{"jobId", v.ID},
				{"tags", []string{}},
				{"reportLevel", reportLevel(t)},
				{"updatedTime", updated},
			})
		}
	}
	var cause, action any
	if v.Status == StatusFailure {
		cause, action = "The OS patching operation could not complete.", "Review the job log in /opt/oracle/dcs/log/jobs and retry."
	}
	return object{
		{"jobId", v.ID},
		{"status", v.Status},
		{"message", nullable(v.Message)},
		{"reports", reports},
		{"createTimestamp", dbcliTime(v.Created)},
		{"resourceList", []object{}},
		{"description", v.Description},
		{"updatedTime", dbcliTime(v.Updated)},
		{"percentageProgress", fmt.Sprintf("%d%%", v.Progress)},
		{"cause", cause},
		{"action", action},
	}
}

func taskResult(t Task) string {
	switch t.Status {
	case StatusSuccess:
		return "Success"
	case StatusFailure:
		return "Failure"
	}
	return ""
}

func reportLevel(t Task) string {
	if t.Status == StatusFailure {
		return "Error"
	}
	return "Info"
}

// jobText is a job as `dbcli describe-job` prints it without -j.
func jobText(v Job) string {
	var b strings.Builder
	b.WriteString("\nJob details\n")
	b.WriteString(strings.Repeat("-", 64) + "\n")
	row := func(k, val string) { fmt.Fprintf(&b, "%23s:  %s\n", k, val) }
	row("ID", v.ID)
	row("Description", v.Description)
	row("Status", v.Status)
	row("Created", dbcliTime(v.Created))
	row("Message", v.Message)
	b.WriteString("\n")
	fmt.Fprintf(&b, "%-72s %-35s %-35s %s\n", "Task Name", "Start Time", "End Time", "Status")
	fmt.Fprintf(&b, "%s %s %s %s\n", strings.Repeat("-", 72), strings.Repeat("-", 35), strings.Repeat("-", 35), strings.Repeat("-", 10))
	for _, t := range v.Tasks {
		end := ""
		if !t.End.IsZero() {
			end = dbcliTime(t.End)
		}
		fmt.Fprintf(&b, "%-72s %-35s %-35s %s\n", t.Name, dbcliTime(t.Start), end, t.Status)
	}
	b.WriteString("\n")
	return b.String()
}

// jobsTable is `dbcli list-jobs` without -j.
func jobsTable(jobs []Job) string {
	var b strings.Builder
	b.WriteString("\n")
	fmt.Fprintf(&b, "%-40s %-75s %-35s %s\n", "ID", "Description", "Created", "Status")
	fmt.Fprintf(&b, "%s %s %s %s\n", strings.Repeat("-", 40), strings.Repeat("-", 75), strings.Repeat("-", 35), strings.Repeat("-", 10))
	for _, j := range jobs {
		fmt.Fprintf(&b, "%-40s %-75s %-35s %s\n", j.ID, j.Description, dbcliTime(j.Created), j.Status)
	}
	b.WriteString("\n")
	return b.String()
}
