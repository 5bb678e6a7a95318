package dbnode

import (
	"errors"
	"fmt"
	"strings"
)

// Hooks are the user's own commands for each node: PreUpdate runs before
// the OS update starts, PostReboot after the node is back and its stack
// is up. They are shell lines written by the user and run as they are.
type Hooks struct {
	PreUpdate  []Command
	PostReboot []Command
}

// Validate checks every hook up front and reports all problems together,
// each naming the hook list and its position.
func (h Hooks) Validate() error {
	var problems []error
	check := func(list string, cmds []Command) {
		for i, c := range cmds {
			if err := checkHook(c); err != nil {
				problems = append(problems, fmt.Errorf("%s hook %d: %w", list, i+1, err))
			}
		}
	}
	check("pre_update", h.PreUpdate)
	check("post_reboot", h.PostReboot)
	return errors.Join(problems...)
}

func checkHook(c Command) error {
	if strings.TrimSpace(c.Line) == "" {
		return errors.New("the command line is empty")
	}
	if strings.IndexByte(c.Line, 0) >= 0 {
		return errNUL
	}
	if err := parseTemplate(strings.ReplaceAll(c.Line, "{", "{{")).checkShell(); err != nil {
		return err
	}
	return checkRunAs(c.RunAs)
}
