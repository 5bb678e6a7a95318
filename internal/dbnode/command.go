package dbnode

import (
	"errors"
	"fmt"
	"regexp"
)

// Users a command can run as. The transport runs a Command whose RunAs is
// set through non-interactive sudo; LoginUser runs it as the SSH user.
const (
	LoginUser = ""
	Root      = "root"
	Oracle    = "oracle"
	Grid      = "grid"
)

// Command is one shell command line for a DB node and the user it must run
// as. Line may contain pipes and redirections: the transport hands it to
// `sh -c`.
type Command struct {
	Line  string
	RunAs string
}

// String shows the command as an operator would read it in a log.
func (c Command) String() string {
	if c.RunAs == LoginUser {
		return c.Line
	}
	return fmt.Sprintf("(as %s) %s", c.RunAs, c.Line)
}

// NewCommand builds a command that runs argv[0] with the other arguments,
// each quoted so that no argument can add shell syntax.
func NewCommand(runAs string, argv ...string) (Command, error) {
	if len(argv) == 0 {
		return Command{}, errors.New("build a command: no program given")
	}
	if err := checkRunAs(runAs); err != nil {
		return Command{}, fmt.Errorf("build the command %q: %w", argv[0], err)
	}
	line, err := joinWords(argv)
	if err != nil {
		return Command{}, fmt.Errorf("build the command %q: %w", argv[0], err)
	}
	return Command{Line: line, RunAs: runAs}, nil
}

// userName is what useradd accepts by default, without a leading '-' so
// that the name can never be read as a sudo option.
var userName = regexp.MustCompile(`^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,31}\$?$`)

func checkRunAs(user string) error {
	if user == LoginUser || userName.MatchString(user) {
		return nil
	}
	return fmt.Errorf("run_as %q is not a user name: use letters, digits, '.', '_' and '-', or leave it empty for the login user", user)
}
