package node

import (
	"regexp"
	"strings"
	"testing"
)

func TestCommandsOutput(t *testing.T) {
	t.Parallel()
	asm, _ := newTestNode(t, Config{Hostname: "salesrac1", Index: 1, SID: "SALES1", DBUniqueName: "SALES_fra1"})
	lvm, _ := newTestNode(t, Config{Hostname: "hr1", Storage: StorageLVM, SID: "HR", DBUniqueName: "HR_fra1"})
	tests := []struct {
		name    string
		n       *Node
		command string
		want    string // a regular expression the whole output must match
		status  int
	}{
		{"uname -r", asm, "uname -r", `^` + regexp.QuoteMeta(DefaultKernel) + `\n$`, 0},
		{"uname -n", asm, "uname -n", `^salesrac1\n$`, 0},
		{"uname -a", asm, "uname -a", `^Linux salesrac1 5\.15\.0-206.* x86_64 GNU/Linux\n$`, 0},
		{"hostname", asm, "hostname", `^salesrac1\n$`, 0},
		{"date epoch", asm, "date +%s", `^1795351201\n$`, 0},
		{"date iso", asm, "date -u +%FT%T", `^2026-11-22T12:40:01\n$`, 0},
		{"boot id", asm, "cat /proc/sys/kernel/random/boot_id", `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n$`, 0},
		{"os-release", asm, "grep -E '^(VERSION|ID|PRETTY_NAME)=' /etc/os-release", `^VERSION="8.10"\nID="ol"\nPRETTY_NAME="Oracle Linux Server 8.10"\n$`, 0},
		{"olr.loc on ASM", asm, "cat /etc/oracle/olr.loc", `^olrconfig_loc=/u01/app/19.0.0.0/grid/cdata/salesrac1.olr\ncrs_home=/u01/app/19.0.0.0/grid\norplus_config=FALSE\n$`, 0},
		{"olr.loc on LVM", lvm, "cat /etc/oracle/olr.loc 2>&1", `^cat: /etc/oracle/olr.loc: No such file or directory\n$`, 1},
		{"crsctl on LVM", lvm, GridHome + "/bin/crsctl check crs 2>&1", `No such file or directory`, 127},
		{"crs check", asm, GridHome + "/bin/crsctl check crs", `^CRS-4638: .*\nCRS-4537: .*\nCRS-4529: .*\nCRS-4533: Event Manager is online\n$`, 0},
		{"agent", asm, "systemctl is-active initdcsagent", `^active\n$`, 0},
		{"agent status", asm, "systemctl status initdcsagent", `Active: active \(running\)`, 0},
		{"asm pmon", asm, "pgrep -f asm_pmon", `^4301\n$`, 0},
		{"pgrep list", asm, "pgrep -l pmon", `^4301 asm_pmon_\+ASM1\n4512 ora_pmon_SALES1\n$`, 0},
		{"pgrep count", lvm, "pgrep -c -f ora_", `^5\n$`, 0},
		{"ps args", lvm, "ps -eo args | grep -c '^ora_pmon_HR$'", `^1\n$`, 0},
		{"ps user", asm, "ps -eo pid,user,args | grep ocssd.bin | grep -v grep", `^ +4102 grid +/u01/app/19.0.0.0/grid/bin/ocssd.bin\n$`, 0},
		{"ps aux", asm, "ps aux | grep dcs-agent | grep -vc grep", `^1\n$`, 0},
		{"df -P", asm, "df -P /u01", `^Filesystem +1024-blocks +Used +Available +Capacity Mounted on\n/dev/mapper/VolGroupSys-LogVolU01 +209715200 +167772160 +41943040 +80% /u01\n$`, 0},
		{"df -h", asm, "df -h /u01 | tail -n 1", `^/dev/mapper/VolGroupSys-LogVolU01 +200G +160G +40G +80% /u01\n$`, 0},
		{"df -BG", asm, "df -BG /u01 | tail -n 1 | grep -o '40G'", `^40G\n$`, 0},
		{"lock dir", asm, "mkdir /var/tmp/fams-os-patch.lock && printf 'run-1\\n' > /var/tmp/fams-os-patch.lock/owner && cat /var/tmp/fams-os-patch.lock/owner", `^run-1\n$`, 0},
		{"lock dir taken", asm, "mkdir /var/tmp/fams-os-patch.lock 2>&1", `^mkdir: cannot create directory '/var/tmp/fams-os-patch.lock': File exists\n$`, 1},
		{"lock release", asm, "rm -rf /var/tmp/fams-os-patch.lock && mkdir -p -m 700 /var/tmp/fams-os-patch.lock && rmdir /var/tmp/fams-os-patch.lock && echo freed", `^freed\n$`, 0},
		{"head tail", asm, "printf '1\\n2\\n3\\n' | head -n 2 | tail -n 1", `^2\n$`, 0},
		{"grep -i -o", asm, "echo 'CRS-4638: ONLINE' | grep -io online", `^ONLINE\n$`, 0},
		{"grep -F -q", asm, "echo 'a.b' | grep -Fq 'a.b' && echo found", `^found\n$`, 0},
		{"grep -v no match", asm, "echo x | grep -v x", `^$`, 1},
		{"srvctl status", lvm, "sudo -u oracle " + OracleHome + "/bin/srvctl status database -d HR_fra1", `^Instance HR is running on node hr1\n$`, 0},
		{"srvctl as opc", lvm, OracleHome + "/bin/srvctl status database -d HR_fra1 2>&1", `^PRKH-1014 : Current user "opc"`, 1},
		{"env", asm, "sudo -u oracle env | grep ORACLE_SID", `^ORACLE_SID=SALES1\n$`, 0},
		{"ls", asm, "ls /etc/oracle", `^olr.loc\n$`, 0},
		{"dnf security", asm, "dnf updateinfo list --security -q", `^ELSA-2026-12345 Important/Sec\. kernel-uek-5\.15\.0-307.*\n(.*\n){5}$`, 0},
		{"dnf with cve", asm, "dnf -q updateinfo list --security --with-cve | head -n 1", `^CVE-2026-21702 +Important/Sec\. kernel-uek-`, 0},
		{"dnf header", asm, "dnf updateinfo list sec | head -n 1", `^Last metadata expiration check: 0:12:01 ago on Sun 22 Nov 2026 12:28:00 PM UTC\.\n$`, 0},
		{"dnf severity", asm, "yum -q updateinfo list --sec-severity=Critical", `^ELSA-2026-10977 Critical/Sec\. glibc-2\.28`, 0},
		{"dnf check-update", asm, "dnf -q check-update | grep -c kernel-uek", `^2\n$`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.n, tt.command)
			if r.err != nil {
				t.Fatalf("Exec: %v", r.err)
			}
			if !regexp.MustCompile(tt.want).MatchString(r.stdout) || r.status != tt.status {
				t.Errorf("%q = (%q, %d), want /%s/ and %d; stderr %q", tt.command, r.stdout, r.status, tt.want, tt.status, r.stderr)
			}
		})
	}
}

func TestCheckUpdateExitStatus(t *testing.T) {
	t.Parallel()
	withUpdates, _ := newTestNode(t, Config{})
	clean, _ := newTestNode(t, Config{Advisories: []Advisory{}})
	if r := run(t, withUpdates, "dnf check-update"); r.status != 100 || !strings.Contains(r.stdout, "openssl-libs.x86_64") {
		t.Errorf("with updates: status %d, out %q; want 100 and openssl-libs.x86_64", r.status, r.stdout)
	}
	if r := run(t, clean, "dnf check-update"); r.status != 0 {
		t.Errorf("without updates: status %d, want 0", r.status)
	}
}

func TestDatabaseStopStartLVM(t *testing.T) {
	t.Parallel()
	n, _ := newTestNode(t, Config{Storage: StorageLVM, SID: "HR", DBUniqueName: "HR_fra1"})
	out := mustRun(t, n, "sudo -u oracle "+OracleHome+"/bin/sqlplus -S / as sysdba <<EOF\nshutdown immediate\nexit\nEOF")
	if out != "Database closed.\nDatabase dismounted.\nORACLE instance shut down.\n" {
		t.Errorf("shutdown said %q", out)
	}
	if got := mustRun(t, n, "ps -ef | grep pmon | grep -v grep | wc -l"); got != "0\n" {
		t.Errorf("pmon processes after shutdown = %q, want 0", got)
	}
	if got := mustRun(t, n, "sudo -u oracle tail -n 1 "+n.cfg.alertLogPath()); !strings.HasPrefix(got, "Instance shutdown complete") {
		t.Errorf("alert log ends with %q", got)
	}
	mustRun(t, n, "sudo -n -u oracle -- sh -c '"+OracleHome+"/bin/srvctl start database -d HR_fra1'")
	if got := mustRun(t, n, "sudo -u oracle grep -c 'Completed: ALTER DATABASE OPEN' "+n.cfg.alertLogPath()); got != "2\n" {
		t.Errorf("startups in alert log = %q, want 2", got)
	}
	if s := n.State(); !s.DBUp {
		t.Errorf("State().DBUp = false after srvctl start")
	}
}
