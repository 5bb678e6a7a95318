package node

import (
	"strconv"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"
)

// cmdShell is sh and bash: `-c SCRIPT`, a script file, or a script read
// from standard input.
func cmdShell(p *proc) int {
	args := p.args[1:]
	var script string
	haveScript := false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && !haveScript {
		a := args[0]
		args = args[1:]
		switch {
		case a == "--login" || a == "--norc" || a == "--noprofile" || a == "-s":
		case strings.Contains(a, "c"):
			if len(args) == 0 {
				p.errf("%s: -c: option requires an argument\n", p.args[0])
				return 2
			}
			script, args, haveScript = args[0], args[1:], true
		}
	}
	switch {
	case haveScript:
	case len(args) > 0:
		data, ok := p.readInput(args[0])
		if !ok {
			return 127
		}
		script = string(data)
	default:
		script = string(p.readStdin())
	}
	return p.n.runScript(p.ctx, p.u, p.dir, p.env, script, p.stdin, p.stdout, p.stderr)
}

// runAs runs one command, given as words, as target: through a fresh
// shell, so that builtins such as echo and test work as their /usr/bin
// twins would.
func (p *proc) runAs(target *user, dir string, env expand.Environ, words []string) int {
	quoted := make([]string, len(words))
	for i, w := range words {
		q, err := syntax.Quote(w, syntax.LangBash)
		if err != nil {
			p.errf("sudo: cannot pass argument %q\n", w)
			return 1
		}
		quoted[i] = q
	}
	return p.n.runScript(p.ctx, target, dir, env, strings.Join(quoted, " "), p.stdin, p.stdout, p.stderr)
}

// runnable reports whether name is something sudo can execute.
func (p *proc) runnable(name string) bool {
	if prog, _ := p.n.resolve(p.u, p.dir, name); prog != nil {
		return true
	}
	switch name {
	case "echo", "printf", "test", "[", "true", "false", "pwd", "kill":
		return true
	}
	return false
}

func cmdSudo(p *proc) int {
	args := p.args[1:]
	target := userRoot
	nonInteractive, login, shell := false, false, false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		a := args[0]
		args = args[1:]
		if a == "--" {
			break
		}
		if strings.HasPrefix(a, "--user=") {
			name := strings.TrimPrefix(a, "--user=")
			if !p.sudoTarget(name, &target) {
				return 1
			}
			continue
		}
		if a == "--non-interactive" {
			nonInteractive = true
			continue
		}
		for i := 1; i < len(a); i++ {
			switch a[i] {
			case 'n':
				nonInteractive = true
			case 'i':
				login = true
			case 's':
				shell = true
			case 'E', 'H', 'S', 'k', 'P':
			case 'u':
				name := a[i+1:]
				if name == "" {
					if len(args) == 0 {
						p.errf("sudo: option requires an argument -- 'u'\n")
						return 1
					}
					name, args = args[0], args[1:]
				}
				if !p.sudoTarget(name, &target) {
					return 1
				}
				i = len(a)
			default:
				p.errf("sudo: invalid option -- '%c'\nusage: sudo -h | -K | -k | -V\n", a[i])
				return 1
			}
		}
	}
	if p.u != userRoot && p.u != userOpc {
		if !nonInteractive {
			p.errf("sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper\n")
		}
		p.errf("sudo: a password is required\n")
		return 1
	}
	env := p.n.loginEnv(target, []string{"SUDO_USER=" + p.u.name, "SUDO_UID=" + strconv.Itoa(p.u.uid), "SUDO_COMMAND=" + strings.Join(args, " ")})
	dir := p.dir
	if login {
		dir = target.home
	}
	switch {
	case len(args) == 0 && (login || shell):
		return p.n.runScript(p.ctx, target, dir, env, string(p.readStdin()), nil, p.stdout, p.stderr)
	case len(args) == 0:
		p.errf("usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\n")
		return 1
	case login || shell:
		// sudo -i/-s CMD hands the words to the target's shell.
		return p.n.runScript(p.ctx, target, dir, env, strings.Join(args, " "), p.stdin, p.stdout, p.stderr)
	case !p.runnable(args[0]) && !interp.IsBuiltin(args[0]):
		p.errf("sudo: %s: command not found\n", args[0])
		return 1
	}
	return p.runAs(target, dir, env, args)
}

func (p *proc) sudoTarget(name string, target **user) bool {
	u, ok := lookupUser(name)
	if !ok {
		p.errf("sudo: unknown user %s\nsudo: error initializing audit plugin sudoers_audit\n", name)
		return false
	}
	*target = u
	return true
}

// cmdSu is `su [-|-l] [USER] [-c CMD]`; only root gets through without a
// password, which a command over SSH cannot type.
func cmdSu(p *proc) int {
	target := userRoot
	var command string
	haveCommand := false
	args := p.args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-" || a == "-l" || a == "--login":
		case (a == "-c" || a == "--command") && i+1 < len(args):
			i++
			command, haveCommand = args[i], true
		case strings.HasPrefix(a, "--command="):
			command, haveCommand = strings.TrimPrefix(a, "--command="), true
		case a == "-s" && i+1 < len(args):
			i++
		case strings.HasPrefix(a, "-"):
		default:
			u, ok := lookupUser(a)
			if !ok {
				p.errf("su: user %s does not exist or the user entry does not contain all the required fields\n", a)
				return 1
			}
			target = u
		}
	}
	if p.u != userRoot {
		p.errf("Password: su: Authentication failure\n")
		return 1
	}
	if !haveCommand {
		return p.n.runScript(p.ctx, target, target.home, nil, string(p.readStdin()), nil, p.stdout, p.stderr)
	}
	return p.n.runScript(p.ctx, target, target.home, nil, command, p.stdin, p.stdout, p.stderr)
}
