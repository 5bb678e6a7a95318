package node

import (
	"fmt"
	"strings"
	"time"
)

// startStackLocked brings up what autostarts at boot or with `crsctl
// start crs`: Clusterware and ASM on ASM nodes, then the database.
func (n *Node) startStackLocked(now time.Time) {
	if n.isASM() {
		n.crsUp, n.asmUp = true, true
	}
	n.startDatabaseLocked(now)
}

func (n *Node) startDatabaseLocked(now time.Time) {
	if n.dbUp {
		return
	}
	n.dbUp = true
	n.fs.appendAs(n.cfg.alertLogPath(), userOracle, "oinstall", alertStartup(n.cfg.SID, n.isASM(), now), now)
}

func (n *Node) stopDatabaseLocked(now time.Time) {
	if !n.dbUp {
		return
	}
	n.dbUp = false
	n.fs.appendAs(n.cfg.alertLogPath(), userOracle, "oinstall", alertShutdown(now), now)
}

// stopCRSLocked stops Clusterware, which takes ASM and the database down.
func (n *Node) stopCRSLocked(now time.Time) {
	n.stopDatabaseLocked(now)
	n.crsUp, n.asmUp = false, false
}

// alertStamp is the ISO 8601 timestamp 19c writes in the alert log.
func alertStamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000-07:00") }

func alertStartup(sid string, asm bool, now time.Time) string {
	ts := func(d time.Duration) string { return alertStamp(now.Add(d)) }
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nStarting ORACLE instance (normal) (OS id: %d)\n", ts(0), 4000+len(sid)*97)
	fmt.Fprintf(&b, "%s\n****************************************************\n Sys-V shared memory will be used for creating SGA\n****************************************************\n", ts(time.Millisecond))
	fmt.Fprintf(&b, "%s\nLICENSE_MAX_SESSION = 0\nLICENSE_SESSIONS_WARNING = 0\nInitial number of CPU is 4\n", ts(2*time.Millisecond))
	fmt.Fprintf(&b, "%s\nPMON (ospid: 4112): started\n%s\nSMON (ospid: 4160): started\n%s\nLGWR (ospid: 4146): started\n", ts(time.Second), ts(time.Second), ts(time.Second))
	if asm {
		fmt.Fprintf(&b, "%s\nNOTE: ASMB0 registering with ASM instance as Flex client 0xffffffffffffffff (reg:1, ospid:4202)\n", ts(2*time.Second))
	}
	fmt.Fprintf(&b, "%s\nALTER DATABASE   MOUNT\n%s\nCompleted: ALTER DATABASE   MOUNT\n", ts(3*time.Second), ts(5*time.Second))
	fmt.Fprintf(&b, "%s\nALTER DATABASE OPEN\n%s\nOpening pdb PDB1 (3) with no Resource Manager plan active\n", ts(5*time.Second), ts(7*time.Second))
	fmt.Fprintf(&b, "%s\nCompleted: ALTER DATABASE OPEN\n", ts(8*time.Second))
	return b.String()
}

func alertShutdown(now time.Time) string {
	ts := func(d time.Duration) string { return alertStamp(now.Add(d)) }
	return fmt.Sprintf("%s\nShutting down instance (immediate) (OS id: 81234)\nShutting down instance: further logons disabled\n"+
		"%s\nStopping background process MMON\n%s\nALTER DATABASE CLOSE NORMAL\n%s\nCompleted: ALTER DATABASE CLOSE NORMAL\n"+
		"%s\nALTER DATABASE DISMOUNT\n%s\nCompleted: ALTER DATABASE DISMOUNT\n%s\nInstance shutdown complete (OS id: 81234)\n",
		ts(0), ts(time.Millisecond), ts(time.Second), ts(2*time.Second), ts(2*time.Second), ts(3*time.Second), ts(4*time.Second))
}

// alertAbort is what the log shows when the power goes under a running
// instance: nothing is logged by the instance itself, only the next
// startup notices. Real logs end mid-stream; so does this one.
func alertAbort(now time.Time) string {
	return alertStamp(now) + "\nThread 1 advanced to log sequence 1297 (LGWR switch)\n"
}

// u01FreeLocked is the free space of /u01 in bytes.
func (n *Node) u01FreeLocked() int64 {
	if n.lowDiskLocked() {
		return LowDiskFreeBytes
	}
	return n.cfg.U01FreeBytes
}

func (n *Node) lowDiskLocked() bool { return n.faults.LowDisk }

// humanBytes prints a size as df -h does: one decimal below 10, binary
// units.
func humanBytes(b int64) string {
	units := []string{"", "K", "M", "G", "T"}
	v := float64(b)
	i := 0
	for v >= 1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	if v < 10 && i > 0 {
		return fmt.Sprintf("%.1f%s", v, units[i])
	}
	return fmt.Sprintf("%.0f%s", v, units[i])
}
