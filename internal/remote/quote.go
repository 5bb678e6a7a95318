package remote

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// ErrUnquotable is returned for an argument that no shell word can carry:
// one holding a NUL byte, which would end a C string on the remote side.
var ErrUnquotable = errors.New("argument contains a NUL byte, which no shell argument can carry")

// Quote returns s as one POSIX shell word that expands to exactly s, so
// that no input can inject shell syntax. Plain words stay as they are.
func Quote(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", ErrUnquotable
	}
	if q, err := syntax.Quote(s, syntax.LangPOSIX); err == nil {
		return q, nil
	}
	// syntax.Quote refuses non-printable runes and invalid UTF-8 in POSIX
	// mode, yet single quotes keep every byte but NUL literally, so those
	// (multi-line scripts, binary-ish arguments) are still safe this way.
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'", nil
}

// Join quotes every argument and joins them with spaces: a command line
// that runs args[0] with the rest as its arguments, whatever they contain.
func Join(args ...string) (string, error) {
	words := make([]string, len(args))
	for i, a := range args {
		q, err := Quote(a)
		if err != nil {
			return "", fmt.Errorf("argument %d: %w", i, err)
		}
		words[i] = q
	}
	return strings.Join(words, " "), nil
}

// userName is what useradd accepts by default, minus a leading '-'. It
// also keeps sudo's "#uid" syntax out, so -u always names an account.
var userName = regexp.MustCompile(`^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?$`)

func checkUserName(user string) error {
	if len(user) > 64 || !userName.MatchString(user) {
		return fmt.Errorf("%q is not a valid user name: use letters, digits, '.', '_' and '-'", user)
	}
	return nil
}

// sudoLine wraps a shell command line so that sudo runs it with sh,
// non-interactively: -n makes sudo fail at once instead of waiting for a
// password nobody will type.
func sudoLine(line, user string) (string, error) {
	args := []string{"sudo", "-n"}
	if user != "" {
		if err := checkUserName(user); err != nil {
			return "", err
		}
		args = append(args, "-u", user)
	}
	args = append(args, "--", "sh", "-c", line)
	return Join(args...)
}
