package node

import (
	"fmt"
	"regexp"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

const dcsAgentArgs = "java -Xms128m -Xmx256m -XX:+UseG1GC -Doracle.security.jps.config=/opt/oracle/dcs/agent/jps-config.xml -jar /opt/oracle/dcs/bin/dcs-agent-2.0.jar server /opt/oracle/dcs/conf/dcs-agent.json"

type process struct {
	pid, ppid int
	user      string
	args      string
}

func (pr process) comm() string {
	first := strings.Fields(pr.args)[0]
	return first[strings.LastIndexByte(first, '/')+1:]
}

var systemProcesses = []process{
	{1, 0, "root", "/usr/lib/systemd/systemd --switched-root --system --deserialize 17"},
	{2, 0, "root", "[kthreadd]"},
	{812, 1, "root", "/usr/lib/systemd/systemd-journald"},
	{1104, 1, "root", "/usr/sbin/rsyslogd -n"},
	{1120, 1, "dbus", "/usr/bin/dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only"},
	{1142, 1, "chrony", "/usr/sbin/chronyd"},
	{1518, 1, "root", "/usr/sbin/sshd -D"},
	{1530, 1, "root", "/usr/sbin/crond -n"},
	{1602, 1, "root", "/usr/bin/python3 -s /usr/sbin/oracle-cloud-agent"},
}

// processesLocked is the process table: the system, what the stack runs
// now, the session's shell when it runs a compound line, and self.
func (n *Node) processesLocked(sess *session, self string) []process {
	procs := append([]process(nil), systemProcesses...)
	sid := n.cfg.SID
	if n.agent == agentActive {
		procs = append(procs, process{3120, 1, "root", dcsAgentArgs})
	}
	if n.crsUp {
		procs = append(procs,
			process{4010, 1, "root", GridHome + "/bin/ohasd.bin reboot _ORA_BLOCKING_STACK_LOCALE=AMERICAN_AMERICA.AL32UTF8"},
			process{4102, 1, "grid", GridHome + "/bin/ocssd.bin"},
			process{4130, 1, "grid", GridHome + "/bin/evmd.bin"},
			process{4177, 1, "root", GridHome + "/bin/crsd.bin reboot"},
			process{4190, 1, "grid", GridHome + "/bin/tnslsnr LISTENER -no_crs_notify -inherit"})
	}
	if n.asmUp {
		asm := fmt.Sprintf("+ASM%d", n.cfg.Index)
		procs = append(procs,
			process{4301, 1, "grid", "asm_pmon_" + asm},
			process{4307, 1, "grid", "asm_lgwr_" + asm},
			process{4311, 1, "grid", "asm_smon_" + asm})
	}
	if n.dbUp {
		if !n.isASM() {
			procs = append(procs, process{4190, 1, "oracle", OracleHome + "/bin/tnslsnr LISTENER -inherit"})
		}
		procs = append(procs,
			process{4512, 1, "oracle", "ora_pmon_" + sid},
			process{4520, 1, "oracle", "ora_dbw0_" + sid},
			process{4524, 1, "oracle", "ora_lgwr_" + sid},
			process{4526, 1, "oracle", "ora_ckpt_" + sid},
			process{4528, 1, "oracle", "ora_smon_" + sid})
	}
	shell := 20412
	if sess.command != "" && !simpleCommand(sess.command) {
		procs = append(procs, process{shell, shell - 2, "opc", "bash -c " + sess.command})
	}
	return append(procs, process{shell + 7, shell, "opc", self})
}

// simpleCommand reports whether bash would exec the line directly instead
// of staying around as its parent.
func simpleCommand(line string) bool {
	file, err := syntax.NewParser().Parse(strings.NewReader(line), "")
	if err != nil || len(file.Stmts) != 1 {
		return false
	}
	_, ok := file.Stmts[0].Cmd.(*syntax.CallExpr)
	return ok
}

func cmdPs(p *proc) int {
	cols := []string{"uid", "pid", "ppid", "c", "stime", "tty", "time", "cmd"}
	for i := 1; i < len(p.args); i++ {
		a := p.args[i]
		switch {
		case a == "aux" || a == "-aux" || a == "auxww" || a == "auxw":
			cols = []string{"user", "pid", "%cpu", "%mem", "vsz", "rss", "tty", "stat", "start", "time", "command"}
		case a == "-o" || a == "-eo" || a == "o":
			if i+1 < len(p.args) {
				i++
				cols = strings.Split(p.args[i], ",")
			}
		case strings.HasPrefix(a, "-o"):
			cols = strings.Split(a[2:], ",")
		}
	}
	n := p.n
	n.mu.Lock()
	procs := n.processesLocked(p.sess, strings.Join(p.args, " "))
	n.mu.Unlock()
	header := make([]string, len(cols))
	showHeader := false
	for i, c := range cols {
		name, label, hasLabel := strings.Cut(c, "=")
		cols[i] = name
		if hasLabel {
			header[i] = label
		} else {
			header[i] = strings.ToUpper(name)
			showHeader = true
		}
		switch name {
		case "args", "command":
			if !hasLabel {
				header[i] = "COMMAND"
			}
		case "cmd":
			if !hasLabel {
				header[i] = "CMD"
			}
		case "uid":
			if !hasLabel {
				header[i] = "UID"
			}
		}
	}
	if showHeader {
		p.out(psLine(cols, header) + "\n")
	}
	for _, pr := range procs {
		vals := make([]string, len(cols))
		for i, c := range cols {
			vals[i] = psValue(pr, c)
		}
		p.out(psLine(cols, vals) + "\n")
	}
	return 0
}

func psValue(pr process, col string) string {
	switch col {
	case "pid":
		return fmt.Sprint(pr.pid)
	case "ppid":
		return fmt.Sprint(pr.ppid)
	case "user", "uid", "euser", "ruser":
		return pr.user
	case "args", "cmd", "command":
		return pr.args
	case "comm", "ucomm":
		return pr.comm()
	case "c", "%cpu", "%mem":
		return "0"
	case "stime", "start":
		return "Nov22"
	case "tty":
		return "?"
	case "time":
		return "00:00:01"
	case "vsz":
		return "225344"
	case "rss":
		return "9812"
	case "stat":
		return "Ss"
	}
	return "-"
}

var psWidths = map[string]int{"uid": -8, "user": -8, "pid": 7, "ppid": 7, "c": 2, "stime": -5, "start": -5, "tty": -8, "time": 8, "%cpu": 4, "%mem": 4, "vsz": 7, "rss": 6, "stat": -4}

func psLine(cols, vals []string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		if w, ok := psWidths[c]; ok && i < len(cols)-1 {
			parts[i] = fmt.Sprintf("%*s", w, vals[i])
		} else {
			parts[i] = vals[i]
		}
	}
	return strings.Join(parts, " ")
}

func cmdPgrep(p *proc) int {
	full, list, listFull, count := false, false, false, false
	user := ""
	var pattern string
	args := p.args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-u" && i+1 < len(args):
			i++
			user = args[i]
		case strings.HasPrefix(a, "-") && len(a) > 1:
			full = full || strings.Contains(a, "f")
			list = list || strings.Contains(a, "l")
			listFull = listFull || strings.Contains(a, "a")
			count = count || strings.Contains(a, "c")
		default:
			pattern = a
		}
	}
	re, err := regexp.Compile(pattern)
	if err != nil || pattern == "" {
		p.errf("pgrep: no matching criteria specified\nTry `pgrep --help' for more information.\n")
		return 2
	}
	p.n.mu.Lock()
	procs := p.n.processesLocked(p.sess, "")
	p.n.mu.Unlock()
	matches := 0
	for _, pr := range procs[:len(procs)-1] { // pgrep never lists itself
		subject := pr.comm()
		if full {
			subject = pr.args
		}
		if (user != "" && pr.user != user) || !re.MatchString(subject) {
			continue
		}
		matches++
		switch {
		case count:
		case listFull:
			p.outf("%d %s\n", pr.pid, pr.args)
		case list:
			p.outf("%d %s\n", pr.pid, pr.comm())
		default:
			p.outf("%d\n", pr.pid)
		}
	}
	if count {
		p.outf("%d\n", matches)
	}
	if matches == 0 {
		return 1
	}
	return 0
}
