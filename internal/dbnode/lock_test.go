package dbnode

import (
	"testing"
	"time"
)

func TestLockCommands(t *testing.T) {
	t.Parallel()
	started := time.Date(2026, 11, 22, 12, 40, 1, 0, time.FixedZone("JST", 9*3600))
	tests := []struct {
		name    string
		owner   LockOwner
		want    string
		wantErr []string
	}{
		{
			name:  "acquire",
			owner: LockOwner{Owner: "famsctl@runner-1", RunID: "run-42", Started: started},
			want:  `mkdir -m 700 /var/tmp/fams-os-patch.lock && printf '%s\n' 'owner=famsctl@runner-1' 'run_id=run-42' 'started=2026-11-22T03:40:01Z' > /var/tmp/fams-os-patch.lock/owner`,
		},
		{
			name:  "hostile owner stays quoted",
			owner: LockOwner{Owner: "x' ; reboot ; '", RunID: "r", Started: started},
			want:  `mkdir -m 700 /var/tmp/fams-os-patch.lock && printf '%s\n' "owner=x' ; reboot ; '" 'run_id=r' 'started=2026-11-22T03:40:01Z' > /var/tmp/fams-os-patch.lock/owner`,
		},
		{name: "empty owner", owner: LockOwner{RunID: "r", Started: started}, wantErr: []string{"owner is empty"}},
		{name: "newline in run id", owner: LockOwner{Owner: "o", RunID: "a\nb", Started: started}, wantErr: []string{"run id", "line break"}},
		{name: "padded owner", owner: LockOwner{Owner: " o", RunID: "r", Started: started}, wantErr: []string{"blanks"}},
		{name: "no time", owner: LockOwner{Owner: "o", RunID: "r"}, wantErr: []string{"start time"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := LockAcquire(tt.owner)
			checkErr(t, err, tt.wantErr)
			if err == nil && (c.Line != tt.want || c.RunAs != Root) {
				t.Errorf("got %+v\nwant %q as root", c, tt.want)
			}
		})
	}
	if got := LockRead(); got != (Command{Line: "cat /var/tmp/fams-os-patch.lock/owner", RunAs: Root}) {
		t.Errorf("LockRead = %+v", got)
	}
	if got := LockRelease(); got != (Command{Line: "rm -rf /var/tmp/fams-os-patch.lock", RunAs: Root}) {
		t.Errorf("LockRelease = %+v", got)
	}
}

func TestParseLockOwner(t *testing.T) {
	t.Parallel()
	file := "owner=famsctl@runner-1\nrun_id=run-42\nstarted=2026-11-22T03:40:01Z\n"
	want := LockOwner{Owner: "famsctl@runner-1", RunID: "run-42", Started: time.Date(2026, 11, 22, 3, 40, 1, 0, time.UTC)}
	tests := []struct {
		name    string
		out     string
		wantErr []string
	}{
		{name: "file", out: file},
		{name: "noisy", out: noisy(file)},
		{name: "missing run id", out: "owner=x\nstarted=2026-11-22T03:40:01Z\n", wantErr: []string{"run_id="}},
		{name: "bad time", out: "owner=x\nrun_id=r\nstarted=yesterday\n", wantErr: []string{`"yesterday"`, "RFC 3339"}},
		{name: "empty", out: "", wantErr: []string{"printed nothing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseLockOwner(tt.out)
			checkErr(t, err, tt.wantErr)
			if err == nil && (got.Owner != want.Owner || got.RunID != want.RunID || !got.Started.Equal(want.Started)) {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

func FuzzParseLockOwner(f *testing.F) {
	f.Add("owner=famsctl@runner-1\nrun_id=run-42\nstarted=2026-11-22T03:40:01Z\n")
	f.Add(noisy("owner=a=b\nrun_id=r\nstarted=2026-11-22T03:40:01+09:00\n"))
	f.Fuzz(func(t *testing.T, out string) {
		o, err := ParseLockOwner(out)
		if err == nil && (o.Owner == "" || o.RunID == "" || o.Started.IsZero()) {
			t.Fatalf("malformed %+v", o)
		}
	})
}

// FuzzLockRoundTrip checks that what LockAcquire writes, ParseLockOwner
// reads back unchanged, and that the command line keeps the values quoted.
func FuzzLockRoundTrip(f *testing.F) {
	f.Add("famsctl@runner-1", "run-42", int64(1795000000))
	f.Add("x' ; reboot ; '", "$(id)", int64(0))
	f.Fuzz(func(t *testing.T, owner, runID string, unix int64) {
		in := LockOwner{Owner: owner, RunID: runID, Started: time.Unix(unix%(1<<33), 0).UTC()}
		c, err := LockAcquire(in)
		if err != nil {
			return
		}
		// The line is "mkdir ... && printf ... > file": check the printf words.
		words := []string{"printf", `%s\n`, "owner=" + owner, "run_id=" + runID, "started=" + in.Started.Format(time.RFC3339)}
		printf := c.Line[len("mkdir -m 700 "+LockDir+" && ") : len(c.Line)-len(" > "+LockOwnerFile)]
		if !roundTrips(t, printf, words) {
			t.Fatalf("printf part %q does not parse to %q", printf, words)
		}
		file := "owner=" + owner + "\nrun_id=" + runID + "\nstarted=" + in.Started.Format(time.RFC3339) + "\n"
		got, err := ParseLockOwner(file)
		if err != nil {
			t.Fatalf("cannot read back %q: %v", file, err)
		}
		if got.Owner != in.Owner || got.RunID != in.RunID || !got.Started.Equal(in.Started) {
			t.Fatalf("read back %+v, wrote %+v", got, in)
		}
	})
}
