package patch

import (
	"context"
	"testing"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
)

func TestETA(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	var e eta
	steps := []struct {
		at       time.Duration
		progress int
		left     time.Duration
		ok       bool
	}{
		{0, 0, 0, false},                               // not moving yet
		{10 * time.Second, 20, 0, false},               // first sighting
		{20 * time.Second, 20, 0, false},               // no move since
		{40 * time.Second, 50, 50 * time.Second, true}, // 30 points in 30 s: 50 left
		{50 * time.Second, 100, 0, false},              // done
	}
	for _, s := range steps {
		left, ok := e.observe(t0.Add(s.at), s.progress)
		if left != s.left || ok != s.ok {
			t.Errorf("at %s, %d%%: %s %v; want %s %v", s.at, s.progress, left, ok, s.left, s.ok)
		}
	}
}

func TestBackoff(t *testing.T) {
	t.Parallel()
	b := backoff{next: time.Second, max: 3 * time.Second}
	var got []time.Duration
	for range 5 {
		got = append(got, b.wait())
	}
	want := []time.Duration{time.Second, 1500 * time.Millisecond, 2250 * time.Millisecond, 3 * time.Second, 3 * time.Second}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("waits %v, want %v", got, want)
		}
	}
}

func TestPhaseErrorHints(t *testing.T) {
	t.Parallel()
	r := &nodeRun{res: &NodeResult{Hostname: "db1"}}
	_, parseErr := dbnode.ParseKernel("")
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{"unreadable answer", badAnswer(output{text: "garbage"}, "", "%w", parseErr), []string{"node db1, phase connect", `the node answered: "garbage"`, "override the step"}},
		{"own hint kept", badAnswer(output{text: "x"}, "Free space on /u01.", "low"), []string{"node db1, phase connect: low", "Free space on /u01."}},
		{"cancelled", context.Canceled, []string{"run it again to resume"}},
	}
	for _, tt := range tests {
		msg := r.phaseError(PhaseConnect, tt.err).Error()
		if !containsAll(msg, tt.want...) {
			t.Errorf("%s: %q lacks %q", tt.name, msg, tt.want)
		}
	}
}
