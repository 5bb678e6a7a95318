package compliance

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
)

// Policy is what a compliant node may lack. The zero value is the strictest:
// no missing security update at all, however old.
type Policy struct {
	// MaxSeverity is the most severe missing update tolerated. With
	// AllowSeverity false (the zero value), no missing security update is
	// tolerated at all, rated or not.
	MaxSeverity dbnode.Severity
	// AllowSeverity is set when MaxSeverity names a level; it exists so
	// that the zero Policy means "none".
	AllowSeverity bool
	// MaxAge bounds how long ago the oldest missing advisory was issued;
	// zero means no bound.
	MaxAge time.Duration
}

// severityLevels are the accepted --max-severity / max_severity values, in
// the order messages list them.
var severityLevels = []string{"none", "Low", "Moderate", "Important", "Critical"}

// SeverityLevels lists the accepted max severity values, for help texts
// and validators.
func SeverityLevels() []string { return append([]string(nil), severityLevels...) }

// ParsePolicy reads a max severity (none, Low, Moderate, Important,
// Critical, any case; empty means none) and a max age (see ParseMaxAge;
// empty means no limit). The errors name the setting by its Terraform
// spelling; callers with other spellings wrap them.
func ParsePolicy(maxSeverity, maxAge string) (Policy, error) {
	var (
		p        Policy
		problems []error
	)
	switch s := strings.TrimSpace(maxSeverity); {
	case s == "" || strings.EqualFold(s, "none"):
	default:
		found := false
		for _, level := range severityLevels[1:] {
			if strings.EqualFold(s, level) {
				p.MaxSeverity, p.AllowSeverity, found = dbnode.Severity(level), true, true
			}
		}
		if !found {
			problems = append(problems, fmt.Errorf("max_severity %q is not a severity; use one of %s", maxSeverity, strings.Join(severityLevels, ", ")))
		}
	}
	if strings.TrimSpace(maxAge) != "" {
		d, err := ParseMaxAge(maxAge)
		if err != nil {
			problems = append(problems, fmt.Errorf("max_age: %w", err))
		}
		p.MaxAge = d
	}
	return p, errors.Join(problems...)
}

// ParseMaxAge reads a duration as Go writes it (720h, 90m) or a whole
// number of days (30d), the unit patch SLAs are written in.
func ParseMaxAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 1 || n > 36500 {
			return 0, fmt.Errorf("%q is not a number of days between 1 and 36500; write it like 30d or 720h", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a positive duration; write it like 30d or 720h", s)
	}
	return d, nil
}

// SeverityString is the policy's max severity as users write it.
func (p Policy) SeverityString() string {
	if !p.AllowSeverity {
		return "none"
	}
	return string(p.MaxSeverity)
}

// AgeString is the policy's max age as users write it; empty when unset.
func (p Policy) AgeString() string {
	if p.MaxAge == 0 {
		return ""
	}
	if p.MaxAge%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", p.MaxAge/(24*time.Hour))
	}
	return p.MaxAge.String()
}

// MarshalJSON writes the policy as users write it.
func (p Policy) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		MaxSeverity string `json:"max_severity"`
		MaxAge      string `json:"max_age,omitempty"`
	}{p.SeverityString(), p.AgeString()})
}

// Judge sets the node's summary fields, Compliant and Reasons as of now.
func (p Policy) Judge(n Node, now time.Time) Node {
	n = summarize(n)
	n.Reasons = []string{}
	if n.Error != "" {
		n.Reasons = append(n.Reasons, "not checked: "+n.Error)
		n.Compliant = false
		return n
	}
	if len(n.Updates) > 0 {
		if !p.AllowSeverity {
			n.Reasons = append(n.Reasons, fmt.Sprintf("%d security advisories missing (highest %s); the policy allows none", n.MissingSecurityUpdates, severityText(n.MaxSeverity)))
		} else if above := p.countAbove(n.Updates); above > 0 {
			n.Reasons = append(n.Reasons, fmt.Sprintf("%d security advisories more severe than %s missing (highest %s)", above, p.MaxSeverity, severityText(n.MaxSeverity)))
		}
	}
	if p.MaxAge > 0 && len(n.Updates) > 0 {
		oldest, undated := oldestPublished(n.Updates)
		switch {
		case undated > 0:
			// Unknown is not young: a report that cannot prove a node meets
			// its age limit must not call it compliant.
			n.Reasons = append(n.Reasons, fmt.Sprintf("the age of %d missing advisories is unknown (source %s gives no issue dates), so max_age %s cannot be checked; use source osmh", undated, n.Source, p.AgeString()))
		case now.Sub(oldest) > p.MaxAge:
			n.Reasons = append(n.Reasons, fmt.Sprintf("the oldest missing advisory was issued %s, %d days ago, more than max_age %s", oldest.UTC().Format(time.DateOnly), int(now.Sub(oldest).Hours()/24), p.AgeString()))
		}
	}
	n.Compliant = len(n.Reasons) == 0
	return n
}

// countAbove counts the distinct advisories more severe than the policy
// tolerates.
func (p Policy) countAbove(updates []Update) int {
	above := map[string]bool{}
	for _, u := range updates {
		if u.Severity.Rank() > p.MaxSeverity.Rank() {
			above[u.Advisory] = true
		}
	}
	return len(above)
}

func oldestPublished(updates []Update) (oldest time.Time, undated int) {
	seen := map[string]bool{}
	for _, u := range updates {
		switch {
		case u.Published.IsZero():
			if !seen[u.Advisory] {
				seen[u.Advisory] = true
				undated++
			}
		case oldest.IsZero() || u.Published.Before(oldest):
			oldest = u.Published
		}
	}
	return oldest, undated
}

func severityText(s dbnode.Severity) string {
	if s == dbnode.SeverityNone {
		return "unrated"
	}
	return string(s)
}
