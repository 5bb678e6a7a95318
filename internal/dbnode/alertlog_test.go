package dbnode

import (
	"testing"
	"time"
)

func TestParseAlertLog(t *testing.T) {
	t.Parallel()
	open := fixture(t, "alert_open.log")
	tests := []struct {
		name    string
		out     string
		want    AlertEvent
		wantAt  time.Time
		wantErr []string
	}{
		{name: "open after restart", out: open, want: AlertOpen, wantAt: time.Date(2026, 11, 22, 12, 10, 9, 250000000, time.UTC)},
		{name: "noisy", out: noisy(open), want: AlertOpen, wantAt: time.Date(2026, 11, 22, 12, 10, 9, 250000000, time.UTC)},
		{name: "shut down", out: fixture(t, "alert_shutdown.log"), want: AlertShutDown, wantAt: time.Date(2026, 11, 22, 13, 0, 8, 0, time.UTC)},
		{name: "shutting down", out: "2026-11-22T13:00:00.000000+00:00\nShutting down instance (immediate) (OS id: 81234)\n", want: AlertShuttingDown, wantAt: time.Date(2026, 11, 22, 13, 0, 0, 0, time.UTC)},
		{name: "starting, not open", out: "Starting ORACLE instance (normal) (OS id: 4242)\nALTER DATABASE   MOUNT\n", want: AlertStarting},
		{name: "11g timestamps", out: "Sun Nov 22 12:10:09 2026\nCompleted: ALTER DATABASE OPEN\n", want: AlertOpen, wantAt: time.Date(2026, 11, 22, 12, 10, 9, 0, time.UTC)},
		{name: "no milestone", out: "2026-11-22T12:00:00.000000+00:00\nThread 1 advanced to log sequence 42\n", want: AlertUnknown},
		{name: "empty", out: "\n", wantErr: []string{"empty", "db_unique_name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseAlertLog(tt.out)
			checkErr(t, err, tt.wantErr)
			if err == nil && (got.Event != tt.want || !got.At.Equal(tt.wantAt)) {
				t.Errorf("got %+v, want %s at %v", got, tt.want, tt.wantAt)
			}
		})
	}
}

func FuzzParseAlertLog(f *testing.F) {
	addFixtures(f, "alert_open.log", "alert_shutdown.log")
	f.Fuzz(func(t *testing.T, out string) {
		got, err := ParseAlertLog(out)
		if err != nil {
			return
		}
		switch got.Event {
		case AlertUnknown, AlertStarting, AlertOpen, AlertShuttingDown, AlertShutDown:
		default:
			t.Fatalf("event %q", got.Event)
		}
		if got.Event == AlertUnknown && !got.At.IsZero() {
			t.Fatal("a time for no event")
		}
	})
}
