package node

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"mvdan.cc/sh/v3/expand"
)

// proc is one running program: its arguments, user and standard streams.
type proc struct {
	n      *Node
	ctx    context.Context
	u      *user
	args   []string
	env    expand.Environ
	dir    string
	stdin  *os.File // nil when the command has no input
	stdout io.Writer
	stderr io.Writer
	sess   *session
}

// program is an emulated executable; it returns the exit status.
type program func(p *proc) int

func (p *proc) outf(format string, a ...any) { fmt.Fprintf(p.stdout, format, a...) }
func (p *proc) errf(format string, a ...any) { fmt.Fprintf(p.stderr, format, a...) }
func (p *proc) out(s string)                 { _, _ = io.WriteString(p.stdout, s) }

// readStdin reads all standard input; a command without input reads none.
func (p *proc) readStdin() []byte {
	if p.stdin == nil {
		return nil
	}
	data, _ := io.ReadAll(p.stdin)
	return data
}

// readInput reads a named file ("-" is standard input) as u, reporting
// failures as coreutils does: "cat: X: No such file or directory".
func (p *proc) readInput(name string) ([]byte, bool) {
	if name == "-" {
		return p.readStdin(), true
	}
	data, err := p.n.fs.readFile(p.u, cleanPath(p.dir, name))
	if err != nil {
		p.errf("%s: %s: %s\n", p.args[0], name, reason(err))
		return nil, false
	}
	return data, true
}

// sleep waits d on the node's clock, or until the command is cancelled.
func (p *proc) sleep(d time.Duration) bool {
	if d <= 0 {
		return true
	}
	select {
	case <-p.n.clock.After(d):
		return true
	case <-p.ctx.Done():
		return false
	}
}

// reason words an error the way C programs print strerror.
func reason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "No such file or directory"
	case errors.Is(err, fs.ErrPermission):
		return "Permission denied"
	case errors.Is(err, fs.ErrExist):
		return "File exists"
	case errors.Is(err, errIsDir):
		return "Is a directory"
	case errors.Is(err, errNotDir):
		return "Not a directory"
	case errors.Is(err, errNotEmpty):
		return "Directory not empty"
	}
	return err.Error()
}

const (
	notFound   = "command not found"
	noSuchFile = "No such file or directory"
	denied     = "Permission denied"
)

func statusFor(problem string) uint8 {
	if problem == denied {
		return 126
	}
	return 127
}

// programs maps bare command names to their emulation. It is filled in
// init to break the reference cycle sudo -> programs -> sudo.
var programs map[string]program

// programPaths maps absolute executable paths to command names.
var programPaths = map[string]string{}

func init() {
	programs = map[string]program{
		"uname": cmdUname, "hostname": cmdHostname, "id": cmdID, "whoami": cmdWhoami, "date": cmdDate,
		"sleep": cmdSleep, "env": cmdEnv, "printenv": cmdEnv, "tty": cmdTTY, "which": cmdWhich,
		"cat": cmdCat, "head": cmdHead, "tail": cmdTail, "grep": cmdGrep, "egrep": cmdGrep, "wc": cmdWc,
		"mkdir": cmdMkdir, "rm": cmdRm, "rmdir": cmdRmdir, "ls": cmdLs, "touch": cmdTouch, "uptime": cmdUptime,
		"ps": cmdPs, "pgrep": cmdPgrep, "df": cmdDf,
		"sudo": cmdSudo, "su": cmdSu, "sh": cmdShell, "bash": cmdShell,
		"systemctl": cmdSystemctl, "reboot": cmdReboot, "shutdown": cmdShutdown, "init": cmdInit,
		"dnf": cmdDnf, "yum": cmdDnf,
		"dbcli": cmdDbcli, "crsctl": cmdCrsctl, "srvctl": cmdSrvctl, "sqlplus": cmdSqlplus,
		lookupType: cmdType, lookupCommand: cmdCommandV,
	}
	for _, name := range []string{"uname", "hostname", "id", "whoami", "date", "sleep", "env", "printenv", "tty", "which",
		"cat", "head", "tail", "grep", "egrep", "wc", "mkdir", "rm", "rmdir", "ls", "touch", "uptime", "ps", "pgrep", "df",
		"sudo", "su", "sh", "bash", "systemctl", "dnf", "yum"} {
		programPaths["/usr/bin/"+name] = name
		programPaths["/bin/"+name] = name
	}
	for _, name := range []string{"reboot", "shutdown", "init"} {
		programPaths["/usr/sbin/"+name] = name
		programPaths["/sbin/"+name] = name
	}
	programPaths[DbcliPath] = "dbcli"
	programPaths[GridHome+"/bin/crsctl"] = "crsctl"
	programPaths[GridHome+"/bin/srvctl"] = "srvctl"
	programPaths[OracleHome+"/bin/srvctl"] = "srvctl"
	programPaths[OracleHome+"/bin/sqlplus"] = "sqlplus"
	programPaths[GridHome+"/bin/sqlplus"] = "sqlplus"
}

// installed reports whether this node has the program at all: Grid
// Infrastructure only exists on ASM nodes, and Oracle Linux 7 has no dnf.
func (n *Node) has(name string) bool {
	switch name {
	case "crsctl":
		return n.isASM()
	case "dnf":
		return n.Faults().EOLKernel == ""
	}
	return true
}

// resolve finds the program a command name runs, by path or by bare name.
// When there is none it returns the bash complaint.
func (n *Node) resolve(u *user, dir, name string) (program, string) {
	if !strings.Contains(name, "/") {
		if prog, ok := programs[name]; ok && n.has(name) {
			return prog, ""
		}
		return nil, notFound
	}
	full := cleanPath(dir, name)
	if cmd, ok := programPaths[full]; ok && n.has(cmd) && (!strings.HasPrefix(full, GridHome) || n.isASM()) {
		return programs[cmd], ""
	}
	if info, err := n.fs.stat(u, full); err == nil && !info.IsDir() {
		return nil, denied
	}
	return nil, noSuchFile
}

// pathOf is where `command -v` finds name ("" when nowhere).
func (n *Node) pathOf(name string) string {
	if _, ok := programs[name]; !ok || !n.has(name) || strings.HasPrefix(name, "\x00") {
		return ""
	}
	switch name {
	case "dbcli":
		return DbcliPath
	case "crsctl":
		return GridHome + "/bin/crsctl"
	case "srvctl", "sqlplus":
		return OracleHome + "/bin/" + name
	case "reboot", "shutdown", "init":
		return "/usr/sbin/" + name
	}
	return "/usr/bin/" + name
}
