package dbnode

import "testing"

func TestParseOSRelease(t *testing.T) {
	t.Parallel()
	ol8 := OSRelease{Name: "Oracle Linux Server", VersionID: "8.10", ID: "ol", PrettyName: "Oracle Linux Server 8.10"}
	tests := []struct {
		name    string
		out     string
		want    OSRelease
		wantErr []string
	}{
		{name: "OL8", out: fixture(t, "os-release"), want: ol8},
		{name: "noisy", out: noisy(fixture(t, "os-release")), want: ol8},
		{name: "unquoted and single quotes", out: "ID=ol\nVERSION_ID=7.9\nNAME='Oracle Linux Server'\n# comment=x\n", want: OSRelease{Name: "Oracle Linux Server", VersionID: "7.9", ID: "ol"}},
		{name: "escapes", out: `ID=ol` + "\n" + `VERSION_ID="9.4"` + "\n" + `PRETTY_NAME="Oracle \"Linux\""`, want: OSRelease{ID: "ol", VersionID: "9.4", PrettyName: `Oracle "Linux"`}},
		{name: "no version", out: "ID=ol\n", wantErr: []string{"VERSION_ID"}},
		{name: "not os-release", out: "cat: /etc/os-release: Permission denied", wantErr: []string{"Permission denied"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseOSRelease(tt.out)
			checkErr(t, err, tt.wantErr)
			if err == nil && got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	if got := ol8.MajorVersion(); got != "8" {
		t.Errorf("MajorVersion = %q", got)
	}
}

func FuzzParseOSRelease(f *testing.F) {
	addFixtures(f, "os-release")
	f.Fuzz(func(t *testing.T, out string) {
		r, err := ParseOSRelease(out)
		if err == nil && (r.ID == "" || r.VersionID == "") {
			t.Fatalf("malformed %+v", r)
		}
	})
}
