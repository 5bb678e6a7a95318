package dbnode

import (
	"strings"
	"testing"
)

func TestParseGridHome(t *testing.T) {
	t.Parallel()
	olr := fixture(t, "olr.loc")
	tests := []struct {
		name    string
		out     string
		want    string
		wantErr []string
	}{
		{name: "olr.loc", out: olr, want: "/u01/app/19.0.0.0/grid"},
		{name: "noisy", out: noisy(olr), want: "/u01/app/19.0.0.0/grid"},
		{name: "trailing slash cleaned", out: "crs_home=/u01/app/19.0.0.0/grid/\n", want: "/u01/app/19.0.0.0/grid"},
		{name: "no crs_home", out: "olrconfig_loc=/x\n", wantErr: []string{"no crs_home", "Grid Infrastructure"}},
		{name: "relative", out: "crs_home=u01/grid\n", wantErr: []string{"not an absolute path"}},
		{name: "empty value", out: "crs_home=\n", wantErr: []string{"empty"}},
		{name: "twice", out: "crs_home=/a\ncrs_home=/b\n", wantErr: []string{"more than one"}},
		{name: "missing file", out: "cat: /etc/oracle/olr.loc: No such file or directory\n", wantErr: []string{"No such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseGridHome(tt.out)
			checkErr(t, err, tt.wantErr)
			if err == nil && got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzParseGridHome(f *testing.F) {
	addFixtures(f, "olr.loc")
	f.Fuzz(func(t *testing.T, out string) {
		home, err := ParseGridHome(out)
		if err != nil {
			return
		}
		if !strings.HasPrefix(home, "/") || strings.ContainsAny(home, "\r\n\x00") {
			t.Fatalf("grid home %q", home)
		}
	})
}
