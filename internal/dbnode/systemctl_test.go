package dbnode

import "testing"

func TestParseUnitState(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		out     string
		exit    int
		want    UnitState
		wantErr []string
	}{
		{name: "active", out: "active\n", exit: 0, want: UnitActive},
		{name: "active noisy", out: noisy("active\n"), exit: 0, want: UnitActive},
		{name: "inactive", out: "inactive\n", exit: 3, want: UnitInactive},
		{name: "failed", out: "failed\n", exit: 3, want: UnitFailed},
		{name: "activating", out: "activating\n", exit: 3, want: UnitActivating},
		{name: "unknown unit", out: "unknown\n", exit: 4, want: UnitUnknown},
		{name: "contradiction", out: "active\n", exit: 3, wantErr: []string{"contradicts exit status 3"}},
		{name: "exit 0 but failed", out: "failed\n", exit: 0, wantErr: []string{"contradicts"}},
		{name: "garbage", out: "Failed to connect to bus: No such file or directory\n", exit: 1, wantErr: []string{"not a unit state", "Failed to connect to bus"}},
		{name: "empty", out: "", exit: 3, wantErr: []string{"empty", "exit status 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseUnitState(tt.out, tt.exit)
			checkErr(t, err, tt.wantErr)
			if err == nil && got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzParseUnitState(f *testing.F) {
	f.Add("active\n", 0)
	f.Add(noisy("inactive\n"), 3)
	f.Fuzz(func(t *testing.T, out string, exit int) {
		s, err := ParseUnitState(out, exit)
		if err != nil {
			return
		}
		if (s == UnitActive || s == UnitReloading) != (exit == 0) {
			t.Fatalf("state %s with exit %d", s, exit)
		}
	})
}
