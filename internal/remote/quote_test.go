package remote

import (
	"context"
	"errors"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/syntax"
)

// shellFields parses line as one POSIX simple command and returns the
// argument list a shell would build, failing on anything else: a second
// command, a redirection, an expansion that reads variables.
func shellFields(line string) ([]string, error) {
	file, err := syntax.NewParser(syntax.Variant(syntax.LangPOSIX)).Parse(strings.NewReader(line), "")
	if err != nil {
		return nil, err
	}
	if len(file.Stmts) != 1 {
		return nil, errors.New("not exactly one statement")
	}
	stmt := file.Stmts[0]
	call, ok := stmt.Cmd.(*syntax.CallExpr)
	if !ok || len(stmt.Redirs) > 0 || stmt.Background || stmt.Negated || len(call.Assigns) > 0 {
		return nil, errors.New("not a plain simple command")
	}
	for _, w := range call.Args {
		if !literalWord(w.Parts) {
			return nil, errors.New("a word is not made of literals and quotes only")
		}
	}
	cfg := &expand.Config{Env: expand.ListEnviron()}
	return expand.Fields(cfg, call.Args...)
}

// literalWord reports whether a word cannot expand to anything but its
// own text: literals, single quotes, double quotes holding literals only.
func literalWord(parts []syntax.WordPart) bool {
	for _, part := range parts {
		switch p := part.(type) {
		case *syntax.Lit, *syntax.SglQuoted:
		case *syntax.DblQuoted:
			if !literalWord(p.Parts) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// singleQuotedBody undoes the single-quote fallback used for text the
// parser cannot read (invalid UTF-8): 'body' where every ' inside is '\”.
func singleQuotedBody(q string) (string, bool) {
	if len(q) < 2 || q[0] != '\'' || q[len(q)-1] != '\'' {
		return "", false
	}
	pieces := strings.Split(q[1:len(q)-1], `'\''`)
	for _, p := range pieces {
		if strings.Contains(p, "'") {
			return "", false
		}
	}
	return strings.Join(pieces, "'"), true
}

var nastyArgs = []string{
	"", " ", "plain", "two words", "it's", `"double"`, "$HOME", "$(id)", "`id`", "a;b", "a&&b", "a|b",
	"> /etc/passwd", "~root", "*", "?", "[a]", "{a,b}", "#comment", "x=1", "\\", "\n", "line1\nline2",
	"tab\there", "\x01\x7f", "\xff\xfe", "if", "!", "--", "-n", "ünïcødé", "'\\''", "$'\\x41'",
}

func TestJoinRoundTripsThroughAShellParser(t *testing.T) {
	t.Parallel()
	for _, arg := range nastyArgs {
		if !utf8.ValidString(arg) {
			continue // the real-shell test covers it
		}
		line, err := Join("printf", "%s", arg)
		if err != nil {
			t.Fatalf("Join(%q): %v", arg, err)
		}
		got, err := shellFields(line)
		if err != nil {
			t.Fatalf("line %q for %q: %v", line, arg, err)
		}
		if want := []string{"printf", "%s", arg}; !slices.Equal(got, want) {
			t.Errorf("line %q expands to %q, want %q", line, got, want)
		}
	}
}

// TestJoinRoundTripsThroughRealShells checks the claim the parser test
// relies on against the shells DB nodes run commands with.
func TestJoinRoundTripsThroughRealShells(t *testing.T) {
	t.Parallel()
	for _, shell := range []string{"/bin/sh", "/bin/bash"} {
		if _, err := exec.LookPath(shell); err != nil {
			t.Logf("%s not installed, skipping it", shell)
			continue
		}
		for _, arg := range nastyArgs {
			line, err := Join("printf", "%s", arg)
			if err != nil {
				t.Fatal(err)
			}
			out, err := exec.CommandContext(context.Background(), shell, "-c", line).Output()
			if err != nil {
				t.Fatalf("%s -c %q: %v", shell, line, err)
			}
			if string(out) != arg {
				t.Errorf("%s -c %q printed %q, want %q", shell, line, out, arg)
			}
		}
	}
}

func TestQuoteRefusesNUL(t *testing.T) {
	t.Parallel()
	if _, err := Quote("a\x00b"); !errors.Is(err, ErrUnquotable) {
		t.Fatalf("Quote with NUL: got %v, want ErrUnquotable", err)
	}
	if _, err := Join("echo", "ok", "a\x00"); !errors.Is(err, ErrUnquotable) {
		t.Fatalf("Join with NUL: got %v, want ErrUnquotable", err)
	}
}

func TestCommandLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		cmd     Cmd
		want    string
		wantErr string
	}{
		{name: "plain line is sent as is", cmd: Cmd{Line: "uname -r"}, want: "uname -r"},
		{name: "sudo wraps in sh -c", cmd: Cmd{Line: "systemctl reboot", Sudo: true}, want: "sudo -n -- sh -c 'systemctl reboot'"},
		{name: "user implies sudo", cmd: Cmd{Line: "ps -ef | grep pmon", User: "oracle"}, want: "sudo -n -u oracle -- sh -c 'ps -ef | grep pmon'"},
		{name: "quote in line", cmd: Cmd{Line: "echo 'hi'", Sudo: true}, want: `sudo -n -- sh -c 'echo '"'"'hi'"'"''`},
		{name: "uid syntax refused", cmd: Cmd{Line: "id", User: "#0"}, wantErr: "not a valid user name"},
		{name: "option as user refused", cmd: Cmd{Line: "id", User: "-s"}, wantErr: "not a valid user name"},
		{name: "space in user refused", cmd: Cmd{Line: "id", User: "a b"}, wantErr: "not a valid user name"},
		{name: "empty line refused", cmd: Cmd{Sudo: true}, wantErr: "empty command line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.cmd.commandLine()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %q, %v; want error containing %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.cmd.Sudo || tt.cmd.User != "" {
				// Compare what a shell makes of it, not the quoting style.
				fields, ferr := shellFields(got)
				if ferr != nil {
					t.Fatal(ferr)
				}
				want, _ := shellFields(tt.want)
				if !slices.Equal(fields, want) {
					t.Fatalf("got %q (%q), want %q", got, fields, want)
				}
				return
			}
			if got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzSudoLine: whatever the line, the wrapper is one sudo call whose last
// argument is exactly the line — nothing in it can escape into the outer
// shell.
func FuzzSudoLine(f *testing.F) {
	for _, a := range nastyArgs {
		f.Add(a, "oracle")
	}
	f.Add("x'; rm -rf / #", "grid")
	f.Fuzz(func(t *testing.T, line, user string) {
		wrapped, err := sudoLine(line, user)
		if err != nil {
			if strings.Contains(line, "\x00") || checkUserName(user) != nil {
				return
			}
			t.Fatalf("sudoLine(%q, %q): %v", line, user, err)
		}
		if !utf8.ValidString(wrapped) {
			return // covered by FuzzQuote's shape check
		}
		got, err := shellFields(wrapped)
		if err != nil {
			t.Fatalf("wrapped line %q does not parse as one simple command: %v", wrapped, err)
		}
		want := []string{"sudo", "-n", "-u", user, "--", "sh", "-c", line}
		if user == "" {
			want = slices.Delete(want, 2, 4)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("wrapped %q expands to %q, want %q", wrapped, got, want)
		}
	})
}

// FuzzQuote: every quoted word expands back to the input.
func FuzzQuote(f *testing.F) {
	for _, a := range nastyArgs {
		f.Add(a)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Quote(s)
		if err != nil {
			if strings.Contains(s, "\x00") {
				return
			}
			t.Fatalf("Quote(%q): %v", s, err)
		}
		if !utf8.ValidString(s) {
			// The parser refuses invalid UTF-8; check the quoting's shape.
			if body, ok := singleQuotedBody(q); !ok || body != s {
				t.Fatalf("Quote(%q) = %q is not a plain single-quoted word", s, q)
			}
			return
		}
		got, err := shellFields("echo " + q)
		if err != nil {
			t.Fatalf("echo %s: %v", q, err)
		}
		if len(got) != 2 || got[1] != s {
			t.Fatalf("Quote(%q) = %s expands to %q", s, q, got)
		}
	})
}
