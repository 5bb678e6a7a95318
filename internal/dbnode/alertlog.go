package dbnode

import (
	"strings"
	"time"
)

// AlertEvent is the last startup or shutdown milestone in an alert log.
type AlertEvent string

// Alert log milestones.
const (
	// AlertUnknown: the log shows no startup or shutdown.
	AlertUnknown AlertEvent = "unknown"
	// AlertStarting: an instance started but the database is not open yet.
	AlertStarting AlertEvent = "starting"
	// AlertOpen: the last startup completed with the database open.
	AlertOpen AlertEvent = "open"
	// AlertShuttingDown: a shutdown began and has not completed.
	AlertShuttingDown AlertEvent = "shutting down"
	// AlertShutDown: the last shutdown completed.
	AlertShutDown AlertEvent = "shut down"
)

// AlertLogState is the last milestone in an alert log and when it was
// logged, if the log carried a timestamp before it.
type AlertLogState struct {
	Event AlertEvent
	At    time.Time
}

// alertMilestones are the messages that move the instance's state, by
// prefix: the messages carry suffixes such as "(normal) (OS id: 4242)".
var alertMilestones = []struct {
	prefix string
	event  AlertEvent
}{
	{"Starting ORACLE instance", AlertStarting},
	{"Completed: ALTER DATABASE OPEN", AlertOpen},
	{"Shutting down instance", AlertShuttingDown},
	{"Shutting down ORACLE instance", AlertShuttingDown},
	{"Instance shutdown complete", AlertShutDown},
}

// alertTimeLayouts are the timestamp lines of 12c and later (ISO 8601) and
// of 11g.
var alertTimeLayouts = []string{"2006-01-02T15:04:05.999999999Z07:00", "Mon Jan _2 15:04:05 2006"}

// ParseAlertLog reads the tail of an alert log and says whether the last
// startup completed after the last shutdown. Empty output is an error:
// it usually means the wrong file, not a silent database.
func ParseAlertLog(out string) (AlertLogState, error) {
	ls := payloadLines(out)
	if len(ls) == 0 {
		return AlertLogState{}, outputError("alert log", out, "it is empty; check the db_unique_name and SID the path was built from")
	}
	state := AlertLogState{Event: AlertUnknown}
	var lastStamp time.Time
	for _, l := range ls {
		l = strings.TrimSpace(l)
		if t, ok := parseAlertTime(l); ok {
			lastStamp = t
			continue
		}
		for _, m := range alertMilestones {
			if strings.HasPrefix(l, m.prefix) {
				state = AlertLogState{Event: m.event, At: lastStamp}
				break
			}
		}
	}
	return state, nil
}

func parseAlertTime(l string) (time.Time, bool) {
	for _, layout := range alertTimeLayouts {
		if t, err := time.Parse(layout, l); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
