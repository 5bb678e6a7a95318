package dbnode

import (
	"errors"
	"testing"
)

func TestParseCRSCheck(t *testing.T) {
	t.Parallel()
	online := CRSStatus{OHAS: ServiceOnline, CRS: ServiceOnline, CSS: ServiceOnline, EVM: ServiceOnline}
	allDown := CRSStatus{OHAS: ServiceOffline, CRS: ServiceOffline, CSS: ServiceOffline, EVM: ServiceOffline}
	tests := []struct {
		name       string
		out        string
		want       CRSStatus
		wantOnline bool
		wantDown   bool
		wantErr    []string
	}{
		{name: "healthy", out: fixture(t, "crs_check_online.txt"), want: online, wantOnline: true},
		{name: "healthy noisy", out: noisy(fixture(t, "crs_check_online.txt")), want: online, wantOnline: true},
		{name: "OHAS down", out: fixture(t, "crs_check_down.txt") + "CRS-4000: Command Check failed, or completed with errors.\n", want: allDown, wantDown: true},
		{name: "OHAS up, rest down", out: fixture(t, "crs_check_partial.txt"), want: CRSStatus{OHAS: ServiceOnline, CRS: ServiceOffline, CSS: ServiceOffline, EVM: ServiceOffline}},
		{name: "CSS only missing", out: "CRS-4638: x\nCRS-4537: x\nCRS-4533: x\n", want: CRSStatus{OHAS: ServiceOnline, CRS: ServiceOnline, EVM: ServiceOnline}},
		{name: "not crsctl", out: "sh: /u01/app/19.0.0.0/grid/bin/crsctl: No such file or directory\n", wantErr: []string{"no Clusterware service", "No such file"}},
		{name: "privileges", out: "CRS-4563: Insufficient user privileges.\n\nCRS-4000: Command Check failed, or completed with errors.\n", wantErr: []string{"CRS-4563"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseCRSCheck(tt.out)
			checkErr(t, err, tt.wantErr)
			if err != nil {
				return
			}
			if got != tt.want || got.Online() != tt.wantOnline || got.Down() != tt.wantDown {
				t.Errorf("got %s (online %v down %v), want %s", got, got.Online(), got.Down(), tt.want)
			}
		})
	}
}

func TestParseCRSStopStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		parse     func(string) error
		out       string
		wantIs    error
		wantLines int
		wantErr   []string
	}{
		{name: "stopped", parse: ParseCRSStop, out: fixture(t, "crs_stop_ok.txt")},
		{name: "stopped noisy", parse: ParseCRSStop, out: noisy(fixture(t, "crs_stop_ok.txt"))},
		{name: "stop failed", parse: ParseCRSStop, out: fixture(t, "crs_stop_failed.txt"), wantLines: 6, wantErr: []string{"crsctl stop crs failed", "CRS-2675: Stop of 'ora.orcl_iad1x2.db'", "CRS-4687"}},
		{name: "already stopped", parse: ParseCRSStop, out: "CRS-4639: Could not contact Oracle High Availability Services\nCRS-4000: Command Stop failed, or completed with errors.\n", wantIs: ErrCRSAlreadyStopped, wantErr: []string{"already stopped"}},
		{name: "stop privileges", parse: ParseCRSStop, out: "CRS-4563: Insufficient user privileges.\n\nCRS-4000: Command Stop failed, or completed with errors.\n", wantLines: 2, wantErr: []string{"CRS-4563"}},
		{name: "started", parse: ParseCRSStart, out: "CRS-4123: Oracle High Availability Services has been started.\n"},
		{name: "already running", parse: ParseCRSStart, out: "CRS-4640: Oracle High Availability Services is already active\nCRS-4000: Command Start failed, or completed with errors.\n", wantIs: ErrCRSAlreadyRunning, wantErr: []string{"already running"}},
		{name: "start generic failure", parse: ParseCRSStart, out: "CRS-4000: Command Start failed, or completed with errors.\n", wantLines: 1, wantErr: []string{"crsctl start crs failed", "CRS-4000"}},
		{name: "silence", parse: ParseCRSStart, out: "", wantErr: []string{"CRS-4123", "printed nothing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.parse(tt.out)
			checkErr(t, err, tt.wantErr)
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %v is not %v", err, tt.wantIs)
			}
			var cmdErr *CRSCommandError
			if errors.As(err, &cmdErr) != (tt.wantLines > 0) || (cmdErr != nil && len(cmdErr.Lines) != tt.wantLines) {
				t.Errorf("error %#v, want %d failure lines", err, tt.wantLines)
			}
		})
	}
}

func FuzzParseCRSCheck(f *testing.F) {
	addFixtures(f, "crs_check_online.txt", "crs_check_down.txt", "crs_check_partial.txt")
	f.Fuzz(func(t *testing.T, out string) {
		s, err := ParseCRSCheck(out)
		if err != nil {
			return
		}
		if s == (CRSStatus{}) {
			t.Fatal("success with no service state")
		}
		if s.Online() && s.Down() {
			t.Fatalf("%s is both online and down", s)
		}
	})
}

func FuzzParseCRSStop(f *testing.F) {
	addFixtures(f, "crs_stop_ok.txt", "crs_stop_failed.txt")
	f.Add("CRS-4123: Oracle High Availability Services has been started.\n")
	f.Fuzz(func(t *testing.T, out string) {
		for _, parse := range []func(string) error{ParseCRSStop, ParseCRSStart} {
			var cmdErr *CRSCommandError
			if err := parse(out); errors.As(err, &cmdErr) && len(cmdErr.Lines) == 0 {
				t.Fatal("a crsctl failure without the lines that say why")
			}
		}
	})
}
