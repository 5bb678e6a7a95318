package node

import (
	"strings"
	"time"
)

const dbcliAgentDown = "DCS-10001:Internal error encountered: Fail to start hand shake to localhost:7070."

// dbcliArgs is a parsed dbcli command line: the verb and its options.
type dbcliArgs struct {
	verb  string
	json  bool
	flags map[string]string // -c os, -i ID; a flag without value maps to ""
}

func parseDbcli(args []string) dbcliArgs {
	d := dbcliArgs{flags: map[string]string{}}
	if len(args) > 0 {
		d.verb = args[0]
		args = args[1:]
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "-j" || a == "--json" {
			d.json = true
			continue
		}
		if i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
			d.flags[a] = args[i+1]
			i++
			continue
		}
		d.flags[a] = ""
	}
	return d
}

func (d dbcliArgs) value(names ...string) (string, bool) {
	for _, name := range names {
		if v, ok := d.flags[name]; ok {
			return v, true
		}
	}
	return "", false
}

func cmdDbcli(p *proc) int {
	if p.u != userRoot {
		p.errf("DCS-10045:Validation error encountered: Invalid user: %s. Run dbcli as the root user.\n", p.u.name)
		return 1
	}
	d := parseDbcli(p.args[1:])
	n := p.n
	if d.verb == "describe-job" {
		// Counted and possibly dropped before anything is written, as a
		// network failure would.
		n.mu.Lock()
		n.counters.DescribeJobCalls++
		drop := n.faults.DropConnectionOnPoll > 0
		if drop {
			n.faults.DropConnectionOnPoll--
		}
		n.mu.Unlock()
		if drop {
			p.sess.dropped.Store(true)
			return 0
		}
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	now := n.clock.Now()
	n.settleLocked(now)
	if n.agent != agentActive {
		p.errf("%s\n", dbcliAgentDown)
		return 1
	}
	switch d.verb {
	case "update-server":
		return dbcliUpdateServer(p, d, now)
	case "describe-job":
		id, _ := d.value("-i", "--jobid")
		j := n.findJobLocked(id)
		if j == nil {
			p.errf("DCS-10000:Resource Job with ID %s is not found.\n", id)
			return 1
		}
		if d.json {
			p.out(jackson(jobObject(j.view(now), true)) + "\n")
		} else {
			p.out(jobText(j.view(now)))
		}
		return 0
	case "list-jobs":
		views := make([]Job, 0, len(n.jobs))
		for _, j := range n.jobs {
			views = append(views, j.view(now))
		}
		if d.json {
			list := make([]object, len(views))
			for i, v := range views {
				list[i] = jobObject(v, false)
			}
			p.out(jackson(list) + "\n")
		} else {
			p.out(jobsTable(views))
		}
		return 0
	case "get-availableospatches":
		available, reboot := n.updateAvailableLocked(), n.rebootRequired
		if d.json {
			p.out(jackson(object{{"updateAvailable", available}, {"rebootIsRequired", reboot}}) + "\n")
		} else {
			p.outf("\nUpdate Available     Reboot Required\n-------------------- --------------------\n%-20s %s\n\n", yesNo(available), yesNo(reboot))
		}
		return 0
	case "describe-component":
		return dbcliDescribeComponent(p, d)
	}
	p.errf("DCS-10001:Internal error encountered: Invalid command '%s'.\n", d.verb)
	return 1
}

func dbcliUpdateServer(p *proc, d dbcliArgs, now time.Time) int {
	n := p.n
	component, _ := d.value("-c", "--component")
	if component != "os" {
		p.errf("DCS-10001:Internal error encountered: this node only patches the os component, got '%s'.\n", component)
		return 1
	}
	if _, precheck := d.value("-p", "--precheck"); precheck {
		j := n.newPrecheckJobLocked(now)
		p.out(jackson(jobObject(j.view(now), false)) + "\n")
		return 0
	}
	if active := n.activeUpdateLocked(); active != nil {
		p.errf("DCS-10001:Internal error encountered: Another OS patching job %s is in progress.\n", active.id)
		return 1
	}
	j := n.newUpdateJobLocked(now)
	p.out(jackson(jobObject(j.view(now), false)) + "\n")
	return 0
}

func dbcliDescribeComponent(p *proc, d dbcliArgs) int {
	n := p.n
	available := n.cfg.UpdateKernel
	if !n.updateAvailableLocked() {
		available = "up-to-date"
	}
	kernel := n.runningKernelLocked()
	if d.json {
		p.out(jackson([]object{{
			{"nodeName", n.cfg.Hostname},
			{"componentVersions", []object{
				{{"component", "OS"}, {"installedVersion", kernel}, {"availableVersion", available}},
			}},
		}}) + "\n")
		return 0
	}
	p.outf("System Version\n---------------\n19.28.0.0.0\n\nComponent                                Installed Version    Available Version\n---------------------------------------- -------------------- --------------------\nOS                                       %-20s %s\n", kernel, available)
	return 0
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}
