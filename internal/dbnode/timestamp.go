package dbnode

import (
	"strings"
	"time"
)

// DCSTimeLayout is how dbcli prints times: "November 22, 2026 12:40:02 PM UTC".
const DCSTimeLayout = "January 2, 2006 3:04:05 PM MST"

// Timestamp is a time as a tool printed it, and parsed when that worked.
// A zone abbreviation other than UTC/GMT or the local zone's parses with
// offset zero (a limit of time.Parse), so compare Times from one node only.
type Timestamp struct {
	Raw  string
	Time time.Time
}

// IsZero reports a missing time.
func (t Timestamp) IsZero() bool { return t.Raw == "" }

// Parsed reports whether Time holds the parsed value of Raw.
func (t Timestamp) Parsed() bool { return !t.Time.IsZero() }

// parseDCSTime keeps a time it cannot parse as Raw only: a date printed in
// an unexpected layout must not fail a job poll whose status is readable.
func parseDCSTime(raw string) Timestamp {
	raw = strings.TrimSpace(raw)
	ts := Timestamp{Raw: raw}
	for _, layout := range []string{DCSTimeLayout, "Jan 2, 2006 3:04:05 PM MST", time.RFC3339Nano} {
		if t, err := time.Parse(layout, raw); err == nil {
			ts.Time = t
			break
		}
	}
	return ts
}
