package node

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"mvdan.cc/sh/v3/expand"
	"mvdan.cc/sh/v3/interp"
)

func cmdUname(p *proc) int {
	p.n.mu.Lock()
	kernel := p.n.runningKernelLocked()
	p.n.mu.Unlock()
	host := p.n.cfg.Hostname
	fields := map[byte]string{'s': "Linux", 'n': host, 'r': kernel, 'v': "#2 SMP Wed Oct 1 12:00:00 PDT 2025", 'm': "x86_64", 'p': "x86_64", 'i': "x86_64", 'o': "GNU/Linux"}
	var want []byte
	for _, a := range p.args[1:] {
		switch {
		case a == "--all":
			want = append(want, 'a')
		case a == "--kernel-release":
			want = append(want, 'r')
		case a == "--nodename":
			want = append(want, 'n')
		case a == "--kernel-name":
			want = append(want, 's')
		case a == "--machine":
			want = append(want, 'm')
		case len(a) > 1 && a[0] == '-' && a[1] != '-':
			want = append(want, a[1:]...)
		default:
			p.errf("uname: extra operand '%s'\nTry 'uname --help' for more information.\n", a)
			return 1
		}
	}
	if len(want) == 0 {
		want = []byte{'s'}
	}
	var out []string
	for _, c := range want {
		if c == 'a' {
			out = append(out, "Linux", host, kernel, fields['v'], "x86_64", "x86_64", "x86_64", "GNU/Linux")
			continue
		}
		v, ok := fields[c]
		if !ok {
			p.errf("uname: invalid option -- '%c'\nTry 'uname --help' for more information.\n", c)
			return 1
		}
		out = append(out, v)
	}
	p.out(strings.Join(out, " ") + "\n")
	return 0
}

func cmdHostname(p *proc) int {
	host := p.n.cfg.Hostname
	if len(p.args) > 1 && (p.args[1] == "-f" || p.args[1] == "--fqdn" || p.args[1] == "-A") {
		host += ".sub1.vcn1.oraclevcn.com"
	}
	if len(p.args) > 1 && (p.args[1] == "-i" || p.args[1] == "-I") {
		host = "10.0.1." + strconv.Itoa(10+p.n.cfg.Index)
	}
	p.out(host + "\n")
	return 0
}

func cmdWhoami(p *proc) int {
	p.out(p.u.name + "\n")
	return 0
}

func cmdID(p *proc) int {
	u := p.u
	args := p.args[1:]
	if len(args) > 0 && !strings.HasPrefix(args[len(args)-1], "-") {
		other, ok := lookupUser(args[len(args)-1])
		if !ok {
			p.errf("id: '%s': no such user\n", args[len(args)-1])
			return 1
		}
		u, args = other, args[:len(args)-1]
	}
	flags := strings.Join(args, "")
	switch {
	case strings.Contains(flags, "u") && strings.Contains(flags, "n"):
		p.out(u.name + "\n")
	case strings.Contains(flags, "u"):
		p.outf("%d\n", u.uid)
	case strings.Contains(flags, "g") && strings.Contains(flags, "n"):
		p.out(u.group + "\n")
	case strings.Contains(flags, "G") && strings.Contains(flags, "n"):
		p.out(strings.Join(u.groups, " ") + "\n")
	case strings.Contains(flags, "g"):
		p.outf("%d\n", u.gid)
	default:
		groups := make([]string, len(u.groups))
		for i, g := range u.groups {
			groups[i] = fmt.Sprintf("%d(%s)", groupIDs[g], g)
		}
		p.outf("uid=%d(%s) gid=%d(%s) groups=%s\n", u.uid, u.name, u.gid, u.group, strings.Join(groups, ","))
	}
	return 0
}

func cmdDate(p *proc) int {
	now := p.n.clock.Now().UTC()
	format := "%a %b %e %H:%M:%S %Z %Y"
	for _, a := range p.args[1:] {
		switch {
		case strings.HasPrefix(a, "+"):
			format = a[1:]
		case a == "-u" || a == "--utc":
		case a == "-R" || a == "--rfc-email":
			format = "%a, %d %b %Y %H:%M:%S %z"
		case a == "-I" || a == "--iso-8601" || a == "--iso-8601=date":
			format = "%F"
		case a == "-Iseconds" || a == "--iso-8601=seconds":
			format = "%FT%T%:z"
		default:
			p.errf("date: invalid date '%s'\n", a)
			return 1
		}
	}
	p.out(strftime(format, now) + "\n")
	return 0
}

// strftime formats the conversions scripts use with date(1).
func strftime(format string, t time.Time) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			b.WriteByte(c)
			continue
		}
		i++
		if format[i] == ':' && i+1 < len(format) && format[i+1] == 'z' {
			i++
			b.WriteString(t.Format("-07:00"))
			continue
		}
		switch format[i] {
		case 's':
			b.WriteString(strconv.FormatInt(t.Unix(), 10))
		case 'F':
			b.WriteString(t.Format("2006-01-02"))
		case 'T':
			b.WriteString(t.Format("15:04:05"))
		case 'Y':
			b.WriteString(t.Format("2006"))
		case 'm':
			b.WriteString(t.Format("01"))
		case 'd':
			b.WriteString(t.Format("02"))
		case 'e':
			fmt.Fprintf(&b, "%2d", t.Day())
		case 'H':
			b.WriteString(t.Format("15"))
		case 'M':
			b.WriteString(t.Format("04"))
		case 'S':
			b.WriteString(t.Format("05"))
		case 'N':
			fmt.Fprintf(&b, "%09d", t.Nanosecond())
		case 'Z':
			b.WriteString(t.Format("MST"))
		case 'z':
			b.WriteString(t.Format("-0700"))
		case 'a':
			b.WriteString(t.Format("Mon"))
		case 'b':
			b.WriteString(t.Format("Jan"))
		case 'y':
			b.WriteString(t.Format("06"))
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			b.WriteByte(format[i])
		}
	}
	return b.String()
}

func cmdSleep(p *proc) int {
	var total time.Duration
	for _, a := range p.args[1:] {
		unit := time.Second
		switch {
		case strings.HasSuffix(a, "m"):
			unit, a = time.Minute, strings.TrimSuffix(a, "m")
		case strings.HasSuffix(a, "h"):
			unit, a = time.Hour, strings.TrimSuffix(a, "h")
		case strings.HasSuffix(a, "s"):
			a = strings.TrimSuffix(a, "s")
		}
		v, err := strconv.ParseFloat(a, 64)
		if err != nil || v < 0 {
			p.errf("sleep: invalid time interval '%s'\nTry 'sleep --help' for more information.\n", a)
			return 1
		}
		total += time.Duration(v * float64(unit))
	}
	if len(p.args) < 2 {
		p.errf("sleep: missing operand\nTry 'sleep --help' for more information.\n")
		return 1
	}
	if !p.sleep(total) {
		return statusKilled
	}
	return 0
}

func cmdEnv(p *proc) int {
	if len(p.args) > 1 {
		p.errf("%s: this node's %s only prints the environment\n", p.args[0], p.args[0])
		return 125
	}
	for name, v := range p.env.Each {
		if v.Exported && v.Kind == expand.String {
			p.outf("%s=%s\n", name, v.String())
		}
	}
	return 0
}

func cmdTTY(p *proc) int {
	if p.sess.pty {
		p.out("/dev/pts/0\n")
		return 0
	}
	p.out("not a tty\n")
	return 1
}

func cmdUptime(p *proc) int {
	p.n.mu.Lock()
	booted := p.n.bootTime
	p.n.mu.Unlock()
	now := p.n.clock.Now().UTC()
	up := now.Sub(booted)
	if len(p.args) > 1 && p.args[1] == "-s" {
		p.out(booted.UTC().Format("2006-01-02 15:04:05") + "\n")
		return 0
	}
	p.outf(" %s up %d days, %2d:%02d,  1 user,  load average: 0.21, 0.18, 0.12\n",
		now.Format("15:04:05"), int(up.Hours())/24, int(up.Hours())%24, int(up.Minutes())%60)
	return 0
}

func cmdWhich(p *proc) int {
	status := 0
	for _, name := range p.args[1:] {
		if where := p.n.pathOf(name); where != "" {
			p.out(where + "\n")
			continue
		}
		p.errf("/usr/bin/which: no %s in (%s)\n", name, p.env.Get("PATH").String())
		status = 1
	}
	return status
}

// cmdType is bash's `type`, answered from the node's programs.
func cmdType(p *proc) int {
	status := 0
	for _, name := range p.args[1:] {
		switch {
		case strings.HasPrefix(name, "-"):
		case interp.IsBuiltin(name):
			p.outf("%s is a shell builtin\n", name)
		case p.n.pathOf(name) != "":
			p.outf("%s is %s\n", name, p.n.pathOf(name))
		default:
			p.errf("bash: type: %s: not found\n", name)
			status = 1
		}
	}
	return status
}

// cmdCommandV is bash's `command -v`.
func cmdCommandV(p *proc) int {
	status := 0
	for _, name := range p.args[1:] {
		switch {
		case interp.IsBuiltin(name):
			p.out(name + "\n")
		case strings.Contains(name, "/"):
			if prog, _ := p.n.resolve(p.u, p.dir, name); prog != nil {
				p.out(name + "\n")
			} else {
				status = 1
			}
		case p.n.pathOf(name) != "":
			p.out(p.n.pathOf(name) + "\n")
		default:
			status = 1
		}
	}
	return status
}
