package dbnode

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Override replaces a step's command line. RunAs, when not nil, replaces
// the user the step runs as; a pointer to "" means the login user.
type Override struct {
	Line  string
	RunAs *string
}

// Commands is the set of command templates for every step: the Base
// Database Service defaults with the user's overrides applied. The zero
// value is not usable; build one with DefaultCommands or NewCommands.
type Commands struct {
	steps map[Step]compiledStep
}

type compiledStep struct {
	template template
	runAs    string
}

// DefaultCommands returns the commands for Base Database Service.
func DefaultCommands() Commands {
	c, err := NewCommands(nil)
	if err != nil {
		panic("the built-in command defaults are invalid: " + err.Error())
	}
	return c
}

// IsZero reports a Commands that was never built.
func (c Commands) IsZero() bool { return c.steps == nil }

// NewCommands applies overrides to the defaults. It checks every override
// up front, so that a typo fails before any node is touched: an unknown
// step, an empty line, a line that is not shell, an unknown placeholder, a
// placeholder inside quotes, or an invalid user. All problems are
// reported together.
func NewCommands(overrides map[Step]Override) (Commands, error) {
	c := Commands{steps: make(map[Step]compiledStep, len(defaults))}
	for _, d := range defaults {
		c.steps[d.step] = compiledStep{template: parseTemplate(d.line), runAs: d.runAs}
	}
	var problems []error
	for _, step := range sortedSteps(overrides) {
		o := overrides[step]
		compiled, err := compileOverride(step, o, c.steps[step].runAs)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		c.steps[step] = compiled
	}
	if len(problems) > 0 {
		return Commands{}, errors.Join(problems...)
	}
	for _, d := range defaults {
		if err := c.steps[d.step].template.checkShell(); err != nil {
			problems = append(problems, fmt.Errorf("the built-in command %s: %w", d.step, err))
		}
	}
	return c, errors.Join(problems...)
}

func sortedSteps(overrides map[Step]Override) []Step {
	steps := make([]Step, 0, len(overrides))
	for s := range overrides {
		steps = append(steps, s)
	}
	slices.Sort(steps)
	return steps
}

func compileOverride(step Step, o Override, runAs string) (compiledStep, error) {
	d, known := lookupDefault(step)
	if !known {
		return compiledStep{}, fmt.Errorf("command override %q: there is no such step; valid steps are %s", step, stepList())
	}
	if strings.TrimSpace(o.Line) == "" {
		return compiledStep{}, fmt.Errorf("command override %q: the command line is empty; remove the setting to use the default %q", step, d.line)
	}
	t := parseTemplate(o.Line)
	for _, p := range t.placeholders() {
		if !slices.Contains(d.placeholders, p) {
			return compiledStep{}, fmt.Errorf("command override %q: unknown placeholder {%s}; %s", step, p, validPlaceholders(d))
		}
	}
	if err := t.checkShell(); err != nil {
		return compiledStep{}, fmt.Errorf("command override %q: %w", step, err)
	}
	if o.RunAs != nil {
		if err := checkRunAs(*o.RunAs); err != nil {
			return compiledStep{}, fmt.Errorf("command override %q: %w", step, err)
		}
		runAs = *o.RunAs
	}
	return compiledStep{template: t, runAs: runAs}, nil
}

func validPlaceholders(d stepDefault) string {
	if len(d.placeholders) == 0 {
		return fmt.Sprintf("%s takes no placeholders (write {{ for a literal {)", d.step)
	}
	names := make([]string, len(d.placeholders))
	for i, p := range d.placeholders {
		names[i] = "{" + string(p) + "}"
	}
	return fmt.Sprintf("valid placeholders for %s are %s", d.step, strings.Join(names, ", "))
}

func stepList() string {
	names := make([]string, len(defaults))
	for i, d := range defaults {
		names[i] = string(d.step)
	}
	return strings.Join(names, ", ")
}

// Build returns the command for step with placeholders filled from v.
func (c Commands) Build(step Step, v Values) (Command, error) {
	s, ok := c.steps[step]
	if !ok {
		if c.steps == nil {
			return Command{}, fmt.Errorf("build the %s command: the command set was not initialised; use DefaultCommands or NewCommands", step)
		}
		return Command{}, fmt.Errorf("build a command: there is no step %q", step)
	}
	line, err := s.template.render(v)
	if err != nil {
		return Command{}, fmt.Errorf("build the %s command from %q: %w", step, s.template.source, err)
	}
	return Command{Line: line, RunAs: s.runAs}, nil
}

// Template returns the step's command line template and user, as
// configured, for display.
func (c Commands) Template(step Step) (line, runAs string) {
	s := c.steps[step]
	return s.template.source, s.runAs
}
