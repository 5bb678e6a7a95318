package dbnode

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture returns a sample output from testdata.
func fixture(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatalf("read fixture: %v", err)
	}
	return string(b)
}

// noisy dresses output the way a real host can: a login banner and a
// warning first, CRLF line ends from a PTY, trailing blanks.
func noisy(out string) string {
	banner := "Authorized uses only. All activity may be monitored and reported.\n\nWARNING: your password expires in 3 days\n"
	s := banner + strings.ReplaceAll(out, "\n", "  \n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

// checkErr fails unless err is nil when want is empty, or err's message
// contains every string in want.
func checkErr(t *testing.T, err error, want []string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want one mentioning %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
}

// addFixtures seeds a fuzzer with fixtures, plain and noisy.
func addFixtures(f *testing.F, names ...string) {
	for _, n := range names {
		out := fixture(f, n)
		f.Add(out)
		f.Add(noisy(out))
	}
}
