package dbnode

import (
	"slices"
	"testing"
)

func TestParseCheckUpdate(t *testing.T) {
	t.Parallel()
	list := fixture(t, "check_update.txt")
	want := []PendingUpdate{
		{Name: "kernel-uek", Arch: "x86_64", Version: "5.15.0-307.178.5.el8uek", Repo: "ol8_UEKR7"},
		{Name: "openssl", Arch: "x86_64", Version: "1:1.1.1k-14.el8_10", Repo: "ol8_baseos_latest"},
		{Name: "python3-oracle-cloud-agent-plugins-very-long-name", Arch: "noarch", Version: "1.42.0-3.el8", Repo: "ol8_oci_included"},
	}
	tests := []struct {
		name    string
		out     string
		exit    int
		want    []PendingUpdate
		wantErr []string
	}{
		{name: "updates", out: list, exit: 100, want: want},
		{name: "updates noisy", out: noisy(list), exit: 100, want: want},
		{name: "none", out: "", exit: 0},
		{name: "none with metadata note", out: "Last metadata expiration check: 0:01:00 ago on Sun 22 Nov 2026.\n", exit: 0},
		{name: "failed", out: "Error: Failed to download metadata for repo\n", exit: 1, wantErr: []string{"exit status 1", "Failed to download"}},
		{name: "100 without packages", out: "\n", exit: 100, wantErr: []string{"listed no package"}},
		{name: "0 with packages", out: list, exit: 0, wantErr: []string{"exited 0"}},
		{name: "garbage in list", out: "kernel-uek.x86_64 5.15.0-1.el8uek ol8_UEKR7\nthis is not a package line\n", exit: 100, wantErr: []string{"not package, version and repository"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseCheckUpdate(tt.out, tt.exit)
			checkErr(t, err, tt.wantErr)
			if err == nil && !slices.Equal(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func FuzzParseCheckUpdate(f *testing.F) {
	out := fixture(f, "check_update.txt")
	f.Add(out, 100)
	f.Add(noisy(out), 100)
	f.Add("", 0)
	f.Fuzz(func(t *testing.T, out string, exit int) {
		list, err := ParseCheckUpdate(out, exit)
		if err != nil {
			return
		}
		if (exit == 100) != (len(list) > 0) {
			t.Fatalf("exit %d with %d updates", exit, len(list))
		}
		for _, u := range list {
			if u.Name == "" || u.Arch == "" || u.Version == "" || u.Repo == "" {
				t.Fatalf("malformed %+v", u)
			}
		}
	})
}
