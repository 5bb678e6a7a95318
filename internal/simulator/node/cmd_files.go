package node

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
)

func cmdMkdir(p *proc) int {
	parents := false
	mode := fs.FileMode(0o755)
	var names []string
	args := p.args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-p" || a == "--parents":
			parents = true
		case a == "-m" && i+1 < len(args):
			i++
			m, err := strconv.ParseUint(args[i], 8, 32)
			if err != nil {
				p.errf("mkdir: invalid mode '%s'\n", args[i])
				return 1
			}
			mode = fs.FileMode(m)
		case a == "-v":
		case strings.HasPrefix(a, "-") && a != "-":
			p.errf("mkdir: invalid option -- '%s'\n", strings.TrimLeft(a, "-"))
			return 1
		default:
			names = append(names, a)
		}
	}
	if len(names) == 0 {
		p.errf("mkdir: missing operand\nTry 'mkdir --help' for more information.\n")
		return 1
	}
	status := 0
	now := p.n.clock.Now()
	for _, name := range names {
		full := cleanPath(p.dir, name)
		var err error
		if parents {
			err = p.mkdirAll(full, mode)
		} else {
			err = p.n.fs.mkdir(p.u, full, mode, now)
		}
		if err != nil {
			p.errf("mkdir: cannot create directory '%s': %s\n", name, reason(err))
			status = 1
		}
	}
	return status
}

func (p *proc) mkdirAll(full string, mode fs.FileMode) error {
	if info, err := p.n.fs.stat(p.u, full); err == nil {
		if info.IsDir() {
			return nil
		}
		return fs.ErrExist
	}
	if parent := path.Dir(full); parent != full {
		if err := p.mkdirAll(parent, 0o755); err != nil {
			return err
		}
	}
	return p.n.fs.mkdir(p.u, full, mode, p.n.clock.Now())
}

func cmdRm(p *proc) int {
	force, recursive := false, false
	var names []string
	for _, a := range p.args[1:] {
		switch {
		case a == "--force":
			force = true
		case a == "--recursive":
			recursive = true
		case strings.HasPrefix(a, "-") && len(a) > 1:
			force = force || strings.Contains(a, "f")
			recursive = recursive || strings.ContainsAny(a, "rR")
		default:
			names = append(names, a)
		}
	}
	if len(names) == 0 && !force {
		p.errf("rm: missing operand\nTry 'rm --help' for more information.\n")
		return 1
	}
	status := 0
	for _, name := range names {
		err := p.n.fs.remove(p.u, cleanPath(p.dir, name), false, recursive)
		switch {
		case err == nil:
		case force && os.IsNotExist(err):
		case err == errIsDir:
			p.errf("rm: cannot remove '%s': Is a directory\n", name)
			status = 1
		default:
			p.errf("rm: cannot remove '%s': %s\n", name, reason(err))
			status = 1
		}
	}
	return status
}

func cmdRmdir(p *proc) int {
	names := operands(p.args[1:])
	if len(names) == 0 {
		p.errf("rmdir: missing operand\nTry 'rmdir --help' for more information.\n")
		return 1
	}
	status := 0
	for _, name := range names {
		if err := p.n.fs.remove(p.u, cleanPath(p.dir, name), true, false); err != nil {
			p.errf("rmdir: failed to remove '%s': %s\n", name, reason(err))
			status = 1
		}
	}
	return status
}

func cmdTouch(p *proc) int {
	status := 0
	for _, name := range operands(p.args[1:]) {
		f, err := p.n.fs.open(p.u, cleanPath(p.dir, name), os.O_WRONLY|os.O_CREATE, 0o644, p.n.clock.Now())
		if err != nil {
			p.errf("touch: cannot touch '%s': %s\n", name, reason(err))
			status = 1
			continue
		}
		_ = f.Close()
	}
	return status
}

func cmdLs(p *proc) int {
	long, all, dirsThemselves := false, false, false
	var names []string
	for _, a := range p.args[1:] {
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			long = long || strings.Contains(a, "l")
			all = all || strings.ContainsAny(a, "aA")
			dirsThemselves = dirsThemselves || strings.Contains(a, "d")
			continue
		}
		names = append(names, a)
	}
	if len(names) == 0 {
		names = []string{"."}
	}
	status := 0
	for _, name := range names {
		full := cleanPath(p.dir, name)
		info, err := p.n.fs.stat(p.u, full)
		if err != nil {
			p.errf("ls: cannot access '%s': %s\n", name, reason(err))
			status = 2
			continue
		}
		if !info.IsDir() || dirsThemselves {
			p.lsLine(name, info, long)
			continue
		}
		entries, err := p.n.fs.list(p.u, full)
		if err != nil {
			p.errf("ls: cannot open directory '%s': %s\n", name, reason(err))
			status = 2
			continue
		}
		if long {
			p.outf("total %d\n", 4*len(entries))
		}
		for _, e := range entries {
			if !all && strings.HasPrefix(e.Name(), ".") {
				continue
			}
			info, _ := e.Info()
			p.lsLine(e.Name(), info, long)
		}
	}
	return status
}

func (p *proc) lsLine(name string, info fs.FileInfo, long bool) {
	if !long {
		p.out(name + "\n")
		return
	}
	owner, group := "root", "root"
	if fi, ok := info.(fileInfo); ok && fi.e.owner != nil {
		owner, group = fi.e.owner.name, fi.e.group
	}
	size := info.Size()
	if info.IsDir() {
		size = 4096
	}
	p.outf("%s 1 %-6s %-8s %6d %s %s\n", modeString(info), owner, group, size, info.ModTime().UTC().Format("Jan _2 15:04"), name)
}

func modeString(info fs.FileInfo) string {
	const rwx = "rwxrwxrwx"
	b := []byte("-" + strings.Repeat("-", 9))
	if info.IsDir() {
		b[0] = 'd'
	}
	perm := info.Mode().Perm()
	for i := range 9 {
		if perm&(1<<uint(8-i)) != 0 {
			b[i+1] = rwx[i]
		}
	}
	if info.Mode()&fs.ModeSticky != 0 {
		b[9] = 't'
	}
	return fmt.Sprint(string(b))
}
