package node

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

const crsDown = "CRS-4639: Could not contact Oracle High Availability Services\n"

func cmdCrsctl(p *proc) int {
	args := p.args[1:]
	if len(args) < 2 || args[1] != "crs" && args[1] != "has" {
		p.errf("Usage:\n  crsctl check crs\n  crsctl start crs\n  crsctl stop crs [-f]\n")
		return 1
	}
	n := p.n
	switch args[0] {
	case "check":
		n.mu.Lock()
		up := n.crsUp
		n.mu.Unlock()
		if !up {
			p.out(crsDown)
			return 1
		}
		p.out("CRS-4638: Oracle High Availability Services is online\nCRS-4537: Cluster Ready Services is online\nCRS-4529: Cluster Synchronization Services is online\nCRS-4533: Event Manager is online\n")
		return 0
	case "stop":
		return crsStop(p)
	case "start":
		if p.u != userRoot {
			p.out("CRS-4563: Insufficient user privileges.\n\nCRS-4000: Command Start failed, or completed with errors.\n")
			return 1
		}
		n.mu.Lock()
		defer n.mu.Unlock()
		if n.crsUp {
			p.out("CRS-4640: Oracle High Availability Services is already active\nCRS-4000: Command Start failed, or completed with errors.\n")
			return 1
		}
		n.startStackLocked(n.clock.Now())
		p.out("CRS-4123: Oracle High Availability Services has been started.\n")
		return 0
	}
	p.errf("CRS-4000: Command %s failed, or completed with errors.\n", args[0])
	return 1
}

// crsResources are what `crsctl stop crs` reports stopping, in order.
func (n *Node) crsResources() []string {
	db := "ora." + strings.ToLower(n.cfg.DBUniqueName) + ".db"
	return []string{db, "ora.LISTENER.lsnr", "ora.DATA.dg", "ora.RECO.dg", "ora.asm", "ora.crsd", "ora.evmd", "ora.cssd", "ora.gipcd"}
}

func crsStop(p *proc) int {
	n := p.n
	if p.u != userRoot {
		p.out("CRS-4563: Insufficient user privileges.\n\nCRS-4000: Command Stop failed, or completed with errors.\n")
		return 1
	}
	n.mu.Lock()
	up, refuses, wait := n.crsUp, n.faults.CRSRefusesStop, n.cfg.StackStopDuration
	n.mu.Unlock()
	if !up {
		p.out(crsDown + "CRS-4000: Command Stop failed, or completed with errors.\n")
		return 1
	}
	host := n.cfg.Hostname
	p.outf("CRS-2791: Starting shutdown of Oracle High Availability Services-managed resources on '%s'\n", host)
	for _, r := range n.crsResources() {
		p.outf("CRS-2673: Attempting to stop '%s' on '%s'\n", r, host)
	}
	if !p.sleep(wait) {
		return statusKilled
	}
	if refuses {
		db := n.crsResources()[0]
		p.outf("CRS-2675: Stop of '%s' on '%s' failed\nCRS-2675: Stop of 'ora.asm' on '%s' failed\n", db, host, host)
		p.outf("CRS-2799: Failed to shut down resource '%s' on '%s'\nCRS-2795: Shutdown of Oracle High Availability Services-managed resources on '%s' has failed\n", db, host, host)
		p.out("CRS-4687: Shutdown command has completed with errors.\nCRS-4000: Command Stop failed, or completed with errors.\n")
		return 1
	}
	for _, r := range n.crsResources() {
		p.outf("CRS-2677: Stop of '%s' on '%s' succeeded\n", r, host)
	}
	p.outf("CRS-2793: Shutdown of Oracle High Availability Services-managed resources on '%s' has completed\n", host)
	p.out("CRS-4133: Oracle High Availability Services has been stopped.\n")
	n.mu.Lock()
	n.stopCRSLocked(n.clock.Now())
	n.mu.Unlock()
	return 0
}

func cmdSrvctl(p *proc) int {
	n := p.n
	args := p.args[1:]
	if len(args) < 2 || args[1] != "database" {
		p.errf("Usage: srvctl <command> database -d <db_unique_name>\n")
		return 1
	}
	if p.u != userOracle {
		p.errf("PRKH-1014 : Current user \"%s\" is not the oracle owner user \"oracle\" of oracle home \"%s\"\n", p.u.name, OracleHome)
		return 1
	}
	name := ""
	for i := 2; i+1 < len(args); i++ {
		if args[i] == "-d" || args[i] == "-db" {
			name = args[i+1]
		}
	}
	if !strings.EqualFold(name, n.cfg.DBUniqueName) {
		p.errf("PRCD-1120 : The resource for database %s could not be found.\nPRCR-1001 : Resource ora.%s.db does not exist\n", name, strings.ToLower(name))
		return 1
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.isASM() && !n.crsUp {
		p.errf("PRCD-1027 : Failed to retrieve database %s\nPRCR-1070 : Failed to check if resource ora.%s.db is registered\nCRS-0184 : Cannot communicate with the CRS daemon.\n", name, strings.ToLower(name))
		return 1
	}
	now := n.clock.Now()
	host := n.cfg.Hostname
	switch args[0] {
	case "status":
		if n.dbUp {
			p.outf("Instance %s is running on node %s\n", n.cfg.SID, host)
		} else {
			p.outf("Instance %s is not running on node %s\n", n.cfg.SID, host)
		}
		return 0
	case "stop":
		if !n.dbUp {
			p.errf("PRCC-1016 : %s was already stopped\n", name)
			return 2
		}
		n.stopDatabaseLocked(now)
		return 0
	case "start":
		if n.dbUp {
			p.errf("PRCC-1014 : %s was already running\n", name)
			return 2
		}
		n.startDatabaseLocked(now)
		return 0
	}
	p.errf("PRKO-2002 : Invalid command line option: %s\n", args[0])
	return 1
}

// cmdSqlplus answers `sqlplus -S / as sysdba` reading SQL*Plus commands
// from standard input: startup, shutdown, a status query and exit.
func cmdSqlplus(p *proc) int {
	silent := false
	for _, a := range p.args[1:] {
		silent = silent || strings.EqualFold(a, "-s")
	}
	if !silent {
		p.out("\nSQL*Plus: Release 19.0.0.0.0 - Production on " + p.n.clock.Now().UTC().Format("Mon Jan 2 15:04:05 2006") + "\nVersion 19.28.0.0.0\n\nCopyright (c) 1982, 2025, Oracle.  All rights reserved.\n\n")
	}
	if p.u != userOracle && p.u != userGrid {
		p.out("ERROR:\nORA-01017: invalid username/password; logon denied\n\n\nSP2-0751: Unable to connect to Oracle, exiting SQL*Plus\n")
		return 1
	}
	n := p.n
	sc := bufio.NewScanner(bytes.NewReader(p.readStdin()))
	for sc.Scan() {
		line := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(sc.Text()), ";"))
		lower := strings.ToLower(line)
		n.mu.Lock()
		up := n.dbUp
		now := n.clock.Now()
		switch {
		case lower == "":
		case lower == "exit" || lower == "quit":
			n.mu.Unlock()
			return 0
		case strings.HasPrefix(lower, "shutdown"):
			if !up {
				p.out("ORA-01034: ORACLE not available\nORA-27101: shared memory realm does not exist\nLinux-x86_64 Error: 2: No such file or directory\n")
				break
			}
			n.stopDatabaseLocked(now)
			p.out("Database closed.\nDatabase dismounted.\nORACLE instance shut down.\n")
		case strings.HasPrefix(lower, "startup"):
			if up {
				p.out("ORA-01081: cannot start already-running ORACLE - shut it down first\n")
				break
			}
			n.startDatabaseLocked(now)
			p.out("ORACLE instance started.\n\nTotal System Global Area 1.6106E+10 bytes\nFixed Size                  9190912 bytes\nVariable Size            2617245696 bytes\nDatabase Buffers         1.3422E+10 bytes\nRedo Buffers               55713792 bytes\nDatabase mounted.\nDatabase opened.\n")
		case strings.Contains(lower, "from v$instance"):
			if !up {
				p.out("select status from v$instance\n*\nERROR at line 1:\nORA-01034: ORACLE not available\n")
				break
			}
			p.out("\nSTATUS\n------------\nOPEN\n\n")
		case strings.HasPrefix(lower, "set ") || strings.HasPrefix(lower, "whenever "):
		default:
			p.out(fmt.Sprintf("SP2-0734: unknown command beginning \"%s...\" - rest of line ignored.\n", firstWords(line)))
		}
		n.mu.Unlock()
	}
	return 0
}

func firstWords(s string) string {
	if len(s) > 10 {
		return s[:10]
	}
	return s
}
