package dbnode

import (
	"slices"
	"strings"
	"testing"
)

func TestParseProcesses(t *testing.T) {
	t.Parallel()
	ps := fixture(t, "ps.txt")
	tests := []struct {
		name    string
		out     string
		wantDB  []string
		wantASM []string
		wantErr []string
	}{
		{name: "ASM node", out: ps, wantDB: []string{"ORCL", "cdb2"}, wantASM: []string{"+ASM1"}},
		{name: "noisy", out: noisy(ps), wantDB: []string{"ORCL", "cdb2"}, wantASM: []string{"+ASM1"}},
		{name: "nothing running", out: "USER         PID COMMAND\nroot           1 /usr/lib/systemd/systemd\n"},
		{name: "process without args", out: "USER PID COMMAND\nroot 99\noracle 5230 ora_pmon_DB1\n", wantDB: []string{"DB1"}},
		{name: "no header", out: "root 1 init\n", wantErr: []string{"no USER PID COMMAND header"}},
		{name: "bad pid", out: "USER PID COMMAND\nroot abc init\n", wantErr: []string{"no process id", `root abc init`}},
		{name: "short line", out: "USER PID COMMAND\nsomething\n", wantErr: []string{"not user, pid and command"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseProcesses(tt.out)
			checkErr(t, err, tt.wantErr)
			if err != nil {
				return
			}
			if !slices.Equal(got.Databases, tt.wantDB) || !slices.Equal(got.ASM, tt.wantASM) {
				t.Errorf("got %+v, want databases %v ASM %v", got, tt.wantDB, tt.wantASM)
			}
		})
	}
}

func FuzzParseProcesses(f *testing.F) {
	addFixtures(f, "ps.txt")
	f.Fuzz(func(t *testing.T, out string) {
		got, err := ParseProcesses(out)
		if err != nil {
			return
		}
		for _, sid := range got.Databases {
			if sid == "" || strings.ContainsAny(sid, " \t\r\n") {
				t.Fatalf("SID %q", sid)
			}
		}
		for _, asm := range got.ASM {
			if !strings.HasPrefix(asm, "+ASM") {
				t.Fatalf("ASM instance %q", asm)
			}
		}
		if !slices.IsSorted(got.Databases) || !slices.IsSorted(got.ASM) {
			t.Fatalf("unsorted %+v", got)
		}
	})
}
