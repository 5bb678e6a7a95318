package node

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/interp"
	"mvdan.cc/sh/v3/syntax"
)

type userKey struct{}

func userFrom(ctx context.Context) *user {
	if u, ok := ctx.Value(userKey{}).(*user); ok {
		return u
	}
	return userOpc
}

// loginEnv is the environment a login shell of u starts with.
func (n *Node) loginEnv(u *user, extra []string) expand.Environ {
	vars := []string{
		"HOME=" + u.home, "USER=" + u.name, "LOGNAME=" + u.name, "SHELL=/bin/bash", "PATH=" + u.path,
		"HOSTNAME=" + n.cfg.Hostname, "LANG=en_US.UTF-8", "TERM=xterm-256color", "HISTSIZE=1000",
	}
	if u == userOracle || u == userGrid {
		home, sid := OracleHome, n.cfg.SID
		if u == userGrid {
			home, sid = GridHome, fmt.Sprintf("+ASM%d", n.cfg.Index)
		}
		vars = append(vars, "ORACLE_HOME="+home, "ORACLE_SID="+sid, "ORACLE_BASE=/u01/app/"+u.name)
	}
	return expand.ListEnviron(append(vars, extra...)...)
}

// runScript interprets script as u with a fresh shell, as `bash -c`
// would, and returns its exit status. Messages about the script itself
// go to stderr like bash's.
func (n *Node) runScript(ctx context.Context, u *user, dir string, env expand.Environ, script string, stdin *os.File, stdout, stderr io.Writer) int {
	file, err := syntax.NewParser().Parse(strings.NewReader(script), "")
	if err != nil {
		fmt.Fprintf(stderr, "bash: -c: %v\n", err)
		return 2
	}
	if hasProcessSubstitution(file) {
		// The interpreter would make a FIFO on the host for it.
		fmt.Fprintln(stderr, "bash: process substitution is not available on this node")
		return 2
	}
	if env == nil {
		env = n.loginEnv(u, nil)
	}
	r, err := interp.New(
		interp.Env(env),
		interp.StdIO(stdin, stdout, stderr),
		interp.ExecHandlers(func(interp.ExecHandlerFunc) interp.ExecHandlerFunc { return n.execProgram }),
		interp.CallHandler(hostLookupGuard),
		interp.OpenHandler(n.openFile),
		interp.StatHandler(n.statFile),
		interp.ReadDirHandler2(n.readDir),
		interp.AccessHandler(n.accessFile),
	)
	if err != nil {
		fmt.Fprintf(stderr, "bash: %v\n", err)
		return 2
	}
	// Set directly: the Dir option would stat the host's directory.
	r.Dir = dir
	err = r.Run(context.WithValue(ctx, userKey{}, u), file)
	var status interp.ExitStatus
	switch {
	case err == nil:
		return 0
	case errors.As(err, &status):
		return int(status)
	case errors.Is(err, ErrConnectionDropped):
		sessionFrom(ctx).dropped.Store(true)
		return 0
	case ctx.Err() != nil:
		return statusKilled
	default:
		fmt.Fprintf(stderr, "bash: %v\n", err)
		return 1
	}
}

func hasProcessSubstitution(file *syntax.File) bool {
	found := false
	syntax.Walk(file, func(node syntax.Node) bool {
		if _, ok := node.(*syntax.ProcSubst); ok {
			found = true
		}
		return !found
	})
	return found
}

// Builtins that would search the host's PATH are rerouted to programs of
// the node under these names.
const (
	lookupType    = "\x00type"
	lookupCommand = "\x00command-v"
)

// hostLookupGuard keeps `type` and `command -v` off the host's PATH.
func hostLookupGuard(_ context.Context, args []string) ([]string, error) {
	switch {
	case args[0] == "type":
		return append([]string{lookupType}, args[1:]...), nil
	case args[0] == "command" && len(args) > 1 && (args[1] == "-v" || args[1] == "-V"):
		return append([]string{lookupCommand}, args[2:]...), nil
	}
	return args, nil
}

// execProgram runs one external command of the node.
func (n *Node) execProgram(ctx context.Context, args []string) error {
	hc := interp.HandlerCtx(ctx)
	p := &proc{
		n: n, ctx: ctx, u: userFrom(ctx), args: args, env: hc.Env, dir: hc.Dir,
		stdout: hc.Stdout, stderr: hc.Stderr, sess: sessionFrom(ctx),
	}
	if f, ok := hc.Stdin.(*os.File); ok && f != nil {
		p.stdin = f
	}
	prog, status := n.resolve(p.u, hc.Dir, args[0])
	if prog == nil {
		p.errf("bash: %s: %s\n", args[0], status)
		return interp.ExitStatus(statusFor(status))
	}
	code := prog(p)
	if p.sess.dropped.Load() {
		return fmt.Errorf("%s: %w", args[0], ErrConnectionDropped)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if code != 0 {
		return interp.ExitStatus(uint8(code))
	}
	return nil
}

func (n *Node) openFile(ctx context.Context, name string, flag int, perm os.FileMode) (io.ReadWriteCloser, error) {
	hc := interp.HandlerCtx(ctx)
	return n.fs.open(userFrom(ctx), cleanPath(hc.Dir, name), flag, perm, n.clock.Now())
}

func (n *Node) statFile(ctx context.Context, name string, _ bool) (fs.FileInfo, error) {
	hc := interp.HandlerCtx(ctx)
	return n.fs.stat(userFrom(ctx), cleanPath(hc.Dir, name))
}

func (n *Node) readDir(ctx context.Context, name string) ([]fs.DirEntry, error) {
	hc := interp.HandlerCtx(ctx)
	return n.fs.list(userFrom(ctx), cleanPath(hc.Dir, name))
}

func (n *Node) accessFile(ctx context.Context, name string, mode interp.AccessMode) error {
	u := userFrom(ctx)
	n.fs.mu.Lock()
	defer n.fs.mu.Unlock()
	e, ok := n.fs.lookup(name)
	if !ok {
		return fsError("access", name, fs.ErrNotExist)
	}
	if !u.may(e, permission(mode)) {
		return fsError("access", name, fs.ErrPermission)
	}
	return nil
}
