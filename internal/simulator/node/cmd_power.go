package node

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

const interactiveAuth = "Interactive authentication required."

func cmdSystemctl(p *proc) int {
	args := operands(p.args[1:])
	if len(args) == 0 {
		p.errf("systemctl: this node only answers unit commands\n")
		return 1
	}
	verb := args[0]
	if verb == "reboot" {
		return p.reboot(0)
	}
	if len(args) < 2 {
		p.errf("Too few arguments.\n")
		return 1
	}
	unit := strings.TrimSuffix(args[1], ".service")
	n := p.n
	n.mu.Lock()
	defer n.mu.Unlock()
	state := unitState(n, unit)
	switch verb {
	case "is-active":
		p.out(state + "\n")
		if state == "active" {
			return 0
		}
		return 3
	case "status":
		p.out(unitStatus(n, unit, state))
		if state == "active" {
			return 0
		}
		return 3
	case "restart", "start", "stop":
		if p.u != userRoot {
			p.errf("Failed to %s %s.service: %s\nSee system logs and 'systemctl status %s.service' for details.\n", verb, unit, interactiveAuth, unit)
			return 1
		}
		if unit != "initdcsagent" {
			if state == "inactive" && unit != "sshd" && unit != "crond" {
				p.errf("Failed to %s %s.service: Unit %s.service not found.\n", verb, unit, unit)
				return 5
			}
			return 0
		}
		if verb == "stop" {
			n.agent = agentInactive
			return 0
		}
		if n.faults.AgentRestartFails {
			n.agent = agentFailed
			p.errf("Job for initdcsagent.service failed because the control process exited with error code.\nSee \"systemctl status initdcsagent.service\" and \"journalctl -xe\" for details.\n")
			return 1
		}
		n.agent = agentActive
		return 0
	}
	p.errf("Unknown command verb %s.\n", verb)
	return 1
}

func unitState(n *Node, unit string) string {
	switch unit {
	case "initdcsagent":
		return n.agent.String()
	case "sshd", "crond", "chronyd", "rsyslog", "oracle-ohasd":
		if unit == "oracle-ohasd" && !n.isASM() {
			return "inactive"
		}
		return "active"
	}
	return "inactive"
}

func unitStatus(n *Node, unit, state string) string {
	if unit != "initdcsagent" {
		return fmt.Sprintf("● %s.service\n   Loaded: loaded (/usr/lib/systemd/system/%s.service; enabled; vendor preset: enabled)\n   Active: %s\n", unit, unit, state)
	}
	active := fmt.Sprintf("active (running) since %s; %s ago", n.bootTime.UTC().Format("Mon 2006-01-02 15:04:05 MST"), n.clock.Since(n.bootTime).Truncate(time.Second))
	switch state {
	case "inactive":
		active = "inactive (dead)"
	case "failed":
		active = "failed (Result: exit-code)"
	}
	text := "● initdcsagent.service - Oracle dcs-agent service\n" +
		"   Loaded: loaded (/etc/systemd/system/initdcsagent.service; enabled; vendor preset: disabled)\n" +
		"   Active: " + active + "\n"
	if state == "active" {
		text += " Main PID: 3120 (java)\n    Tasks: 71 (limit: 201216)\n   Memory: 612.4M\n   CGroup: /system.slice/initdcsagent.service\n" +
			"           └─3120 " + dcsAgentArgs + "\n"
	}
	return text
}

// reboot schedules the reboot a root command asked for, after delay.
func (p *proc) reboot(delay time.Duration) int {
	if p.u != userRoot {
		p.errf("Failed to set wall message, ignoring: %s\nFailed to reboot system via logind: %s\nFailed to start reboot.target: %s\nSee system logs and 'systemctl status reboot.target' for details.\n", interactiveAuth, interactiveAuth, interactiveAuth)
		return 1
	}
	p.n.mu.Lock()
	p.n.scheduleRebootLocked(delay + rebootGrace)
	p.n.mu.Unlock()
	return 0
}

func cmdReboot(p *proc) int {
	return p.reboot(0)
}

func cmdInit(p *proc) int {
	if len(p.args) != 2 || p.args[1] != "6" {
		p.errf("init: this node only emulates init 6\n")
		return 1
	}
	if p.u != userRoot {
		p.errf("init: Must be root.\n")
		return 1
	}
	return p.reboot(0)
}

// cmdShutdown handles `shutdown -r now|+N|TIME`; -h and -P power off for
// good, until PowerOn.
func cmdShutdown(p *proc) int {
	restart := false
	when := "+1"
	for _, a := range p.args[1:] {
		switch {
		case a == "-r" || a == "--reboot":
			restart = true
		case a == "-h" || a == "-P" || a == "--poweroff" || a == "-H" || a == "--halt":
		case a == "-c":
			p.errf("shutdown: cancelling is not emulated\n")
			return 1
		case strings.HasPrefix(a, "-"):
		case a == "now" || strings.HasPrefix(a, "+"):
			when = a
		}
	}
	delay := time.Duration(0)
	if when != "now" {
		mins, err := strconv.Atoi(strings.TrimPrefix(when, "+"))
		if err != nil {
			p.errf("Failed to parse time specification: %s\n", when)
			return 1
		}
		delay = time.Duration(mins) * time.Minute
	}
	if p.u != userRoot {
		p.errf("Failed to set wall message, ignoring: %s\nFailed to call ScheduleShutdown in logind, proceeding with immediate shutdown: %s\nFailed to talk to init daemon.\n", interactiveAuth, interactiveAuth)
		return 1
	}
	if delay > 0 {
		verb := "Shutdown"
		if restart {
			verb = "Reboot"
		}
		p.outf("%s scheduled for %s, use 'shutdown -c' to cancel.\n", verb, p.n.clock.Now().Add(delay).UTC().Format("Mon 2006-01-02 15:04:05 MST"))
	}
	if !restart {
		p.n.mu.Lock()
		p.n.power = powerShuttingDown
		p.n.powerTimer = p.n.clock.AfterFunc(delay+rebootGrace, p.n.PowerOff)
		p.n.mu.Unlock()
		return 0
	}
	return p.reboot(delay)
}
