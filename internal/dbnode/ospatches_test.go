package dbnode

import "testing"

func TestParseOSPatchAvailability(t *testing.T) {
	t.Parallel()
	table := "\nUpdate Available     Reboot Required\n-------------------- --------------------\nYes                  No\n\n"
	tests := []struct {
		name    string
		out     string
		want    OSPatchAvailability
		wantErr []string
	}{
		{name: "json", out: "{\n  \"updateAvailable\" : true,\n  \"rebootIsRequired\" : false\n}\n", want: OSPatchAvailability{UpdateAvailable: true}},
		{name: "json noisy with extra field", out: noisy(`{ "updateAvailable" : false, "rebootIsRequired" : true, "osVersion" : "8.10" }`), want: OSPatchAvailability{RebootRequired: true}},
		{name: "table", out: table, want: OSPatchAvailability{UpdateAvailable: true}},
		{name: "table noisy", out: noisy(table), want: OSPatchAvailability{UpdateAvailable: true}},
		{name: "json missing field", out: `{ "updateAvailable" : true }`, wantErr: []string{"rebootIsRequired"}},
		{name: "json null", out: `{ "updateAvailable" : null, "rebootIsRequired" : false }`, wantErr: []string{"needs both"}},
		{name: "json not boolean", out: `{ "updateAvailable" : "perhaps", "rebootIsRequired" : false }`, wantErr: []string{"true or false"}},
		{name: "table garbage row", out: "Update Available     Reboot Required\n----\nMaybe No\n", wantErr: []string{"neither"}},
		{name: "dcs error", out: "DCS-10001:Internal error encountered: Fail to start hand shake to localhost:7070.", wantErr: []string{"DCS-10001"}},
		{name: "garbage quoted", out: "command not found", wantErr: []string{`"command not found"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseOSPatchAvailability(tt.out)
			checkErr(t, err, tt.wantErr)
			if err == nil && got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func FuzzParseOSPatchAvailability(f *testing.F) {
	f.Add(`{ "updateAvailable" : true, "rebootIsRequired" : false }`)
	f.Add("Update Available     Reboot Required\n-------------------- --------------------\nYes                  No\n")
	f.Fuzz(func(t *testing.T, out string) {
		// The result is two booleans: any success is well formed; the
		// property is that no input panics.
		_, _ = ParseOSPatchAvailability(out)
	})
}
