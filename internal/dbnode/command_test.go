package dbnode

import (
	"strings"
	"testing"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// shellWords parses line as POSIX shell and returns the words of its only
// simple command, expanded as the shell would; ok is false when the line
// is anything else (two commands, a pipe, a redirection, an expansion).
func shellWords(t *testing.T, line string) ([]string, bool) {
	t.Helper()
	f, err := syntax.NewParser(syntax.Variant(syntax.LangPOSIX)).Parse(strings.NewReader(line), "")
	if err != nil || len(f.Stmts) != 1 {
		return nil, false
	}
	st := f.Stmts[0]
	call, ok := st.Cmd.(*syntax.CallExpr)
	if !ok || len(st.Redirs) > 0 || st.Background || st.Negated || len(call.Assigns) > 0 {
		return nil, false
	}
	var words []string
	for _, w := range call.Args {
		for _, part := range w.Parts {
			switch p := part.(type) {
			case *syntax.Lit, *syntax.SglQuoted:
			case *syntax.DblQuoted:
				for _, inner := range p.Parts {
					if _, lit := inner.(*syntax.Lit); !lit {
						return nil, false
					}
				}
			default:
				return nil, false // the shell would expand something
			}
		}
		// Fields, not Literal: it removes backslash escapes in bare text
		// as the shell does. Without ReadDir in the config it never globs.
		fields, err := expand.Fields(&expand.Config{}, w)
		if err != nil || len(fields) != 1 {
			return nil, false
		}
		words = append(words, fields[0])
	}
	return words, true
}

// shellSafe maps every byte from 0x80 up, and '\r', to a private-use
// rune. The parser refuses invalid UTF-8 and drops a '\r' before '\n'
// even inside quotes, where a real shell keeps it; none of these bytes is
// shell syntax, so the mapped line has the same structure as the real
// one. The expected words go through the same mapping.
func shellSafe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] < 0x80 && s[i] != '\r' {
			b.WriteByte(s[i])
		} else {
			b.WriteRune(0xE000 + rune(s[i]))
		}
	}
	return b.String()
}

// roundTrips reports whether line parses into exactly want.
func roundTrips(t *testing.T, line string, want []string) bool {
	t.Helper()
	words, ok := shellWords(t, shellSafe(line))
	if !ok || len(words) != len(want) {
		return false
	}
	for i := range want {
		if words[i] != shellSafe(want[i]) {
			return false
		}
	}
	return true
}

func TestNewCommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		runAs    string
		argv     []string
		wantLine string
		wantErr  []string
	}{
		{name: "plain words stay bare", runAs: Root, argv: []string{"systemctl", "restart", "initdcsagent"}, wantLine: "systemctl restart initdcsagent"},
		{name: "shell syntax is quoted", argv: []string{"echo", "a; rm -rf /", "$(id)"}, wantLine: `echo 'a; rm -rf /' '$(id)'`},
		{name: "empty argument survives", argv: []string{"printf", ""}, wantLine: "printf ''"},
		{name: "no program", argv: nil, wantErr: []string{"no program"}},
		{name: "NUL byte refused", argv: []string{"echo", "a\x00b"}, wantErr: []string{"argument 2", "NUL"}},
		{name: "bad user refused", runAs: "-u root", argv: []string{"id"}, wantErr: []string{`"-u root"`, "not a user name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := NewCommand(tt.runAs, tt.argv...)
			checkErr(t, err, tt.wantErr)
			if err == nil && (c.Line != tt.wantLine || c.RunAs != tt.runAs) {
				t.Errorf("got %+v, want line %q as %q", c, tt.wantLine, tt.runAs)
			}
		})
	}
}

func TestCommandString(t *testing.T) {
	t.Parallel()
	if got := (Command{Line: "uname -r"}).String(); got != "uname -r" {
		t.Errorf("login user: got %q", got)
	}
	if got := (Command{Line: "systemctl reboot", RunAs: Root}).String(); got != "(as root) systemctl reboot" {
		t.Errorf("root: got %q", got)
	}
}

// FuzzNewCommand checks that whatever the arguments, the line parses back
// into exactly those words: no argument escapes its quotes.
func FuzzNewCommand(f *testing.F) {
	for _, seed := range [][2]string{
		{"describe-job", "3a6d1c9f-8e2b-4f4a-9c1e-2b7d5e0f6a11"},
		{"a'b", `"; rm -rf / #`},
		{"$(reboot)", "`id`"},
		{"x\ny", "\xff\xfe"},
		{"~root", "*"},
		{"", "a=b"},
		{"\\", "{a,b}"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		argv := []string{"prog", a, b}
		c, err := NewCommand(Root, argv...)
		if err != nil {
			if !strings.ContainsRune(a+b, 0) {
				t.Fatalf("NewCommand(%q) failed: %v", argv, err)
			}
			return
		}
		if !roundTrips(t, c.Line, argv) {
			words, _ := shellWords(t, shellSafe(c.Line))
			t.Fatalf("line %q parses to %q, want %q", c.Line, words, argv)
		}
	})
}
