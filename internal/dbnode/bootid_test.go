package dbnode

import "testing"

func TestParseBootID(t *testing.T) {
	t.Parallel()
	const id = "0f8e2b6a-5c1d-4e3f-9a7b-2c4d6e8f0a1b"
	tests := []struct {
		name    string
		out     string
		want    string
		wantErr []string
	}{
		{name: "plain", out: id + "\n", want: id},
		{name: "noisy", out: noisy(id + "\n"), want: id},
		{name: "upper case", out: "0F8E2B6A-5C1D-4E3F-9A7B-2C4D6E8F0A1B", want: id},
		{name: "empty", out: "", wantErr: []string{"empty"}},
		{name: "stderr noise only", out: "Connection to 10.0.0.5 closed by remote host.\n", wantErr: []string{"one word"}},
		{name: "noise after id", out: id + "\nsh: line 1: warning\n", wantErr: []string{"one word"}},
		{name: "two ids", out: id + "\n" + id + "\n", wantErr: []string{"more than one UUID"}},
		{name: "two words", out: id + " " + id, wantErr: []string{"one word"}},
		{name: "not a uuid", out: "0f8e2b6a5c1d4e3f9a7b2c4d6e8f0a1b", wantErr: []string{"not a UUID"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseBootID(tt.out)
			checkErr(t, err, tt.wantErr)
			if err == nil && got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzParseBootID(f *testing.F) {
	f.Add("0f8e2b6a-5c1d-4e3f-9a7b-2c4d6e8f0a1b\n")
	f.Add(noisy("0f8e2b6a-5c1d-4e3f-9a7b-2c4d6e8f0a1b\n"))
	f.Add("")
	f.Fuzz(func(t *testing.T, out string) {
		id, err := ParseBootID(out)
		if err == nil && !uuidPattern.MatchString(id) {
			t.Fatalf("boot id %q is not a UUID", id)
		}
	})
}
