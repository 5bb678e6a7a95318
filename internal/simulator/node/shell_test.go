package node

import (
	"strings"
	"testing"
)

func TestShellFeatures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, command, stdin string
		wantOut              string
		wantStatus           int
	}{
		{"single quotes", `echo 'a  b'`, "", "a  b\n", 0},
		{"and", `true && echo yes`, "", "yes\n", 0},
		{"and short-circuit", `false && echo yes`, "", "", 1},
		{"or", `false || echo fallback`, "", "fallback\n", 0},
		{"sequence", `echo a; echo b`, "", "a\nb\n", 0},
		{"pipe", `printf 'x\ny\nx\n' | grep -c x`, "", "2\n", 0},
		{"substitution", `echo "kernel=$(uname -r)"`, "", "kernel=" + DefaultKernel + "\n", 0},
		{"variables", `A=1; B="$A$A"; echo $B`, "", "11\n", 0},
		{"redirect and read back", `echo hi > /tmp/f && echo there >> /tmp/f && cat /tmp/f`, "", "hi\nthere\n", 0},
		{"stderr to stdout", `cat /nope 2>&1`, "", "cat: /nope: No such file or directory\n", 1},
		{"stderr to null", `cat /nope 2>/dev/null; echo $?`, "", "1\n", 0},
		{"heredoc", "cat <<EOF\nline one\nEOF", "", "line one\n", 0},
		{"stdin", `wc -l`, "a\nb\n", "2\n", 0},
		{"sh -c", `sh -c 'echo $((1+2))'`, "", "3\n", 0},
		{"bash -c nested quotes", `bash -c "echo \"q\""`, "", "q\n", 0},
		{"exit status", `exit 7`, "", "", 7},
		{"test sees node files", `[ -f /etc/os-release ] && [ ! -e /etc/nothing ] && echo ok`, "", "ok\n", 0},
		{"command -v", `command -v uname`, "", "/usr/bin/uname\n", 0},
		{"full path", `/usr/bin/uname -s`, "", "Linux\n", 0},
		{"ps grep idiom", `ps -ef | grep pmon | grep -v grep | wc -l`, "", "2\n", 0},
	}
	n, _ := newTestNode(t, Config{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runIn(t, n, tt.command, tt.stdin)
			if r.err != nil {
				t.Fatalf("Exec: %v", r.err)
			}
			if r.stdout != tt.wantOut || r.status != tt.wantStatus {
				t.Errorf("%q = (%q, %d), want (%q, %d); stderr %q", tt.command, r.stdout, r.status, tt.wantOut, tt.wantStatus, r.stderr)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	n, _ := newTestNode(t, Config{})
	tests := []struct {
		command, wantErr string
		wantStatus       int
	}{
		{"frobnicate --now", "bash: frobnicate: command not found\n", 127},
		{"/usr/bin/nothing", "bash: /usr/bin/nothing: No such file or directory\n", 127},
		{"sudo frobnicate", "sudo: frobnicate: command not found\n", 1},
		{"echo $(<(true))", "bash: process substitution is not available on this node\n", 2},
	}
	for _, tt := range tests {
		r := run(t, n, tt.command)
		if r.stderr != tt.wantErr || r.status != tt.wantStatus {
			t.Errorf("%q = (stderr %q, %d), want (%q, %d)", tt.command, r.stderr, r.status, tt.wantErr, tt.wantStatus)
		}
	}
}

func TestUsersAndPrivileges(t *testing.T) {
	t.Parallel()
	n, _ := newTestNode(t, Config{})
	tests := []struct {
		command, wantOut, wantErrPrefix string
		wantStatus                      int
	}{
		{"whoami", "opc\n", "", 0},
		{"id -un", "opc\n", "", 0},
		{"sudo whoami", "root\n", "", 0},
		{"sudo -n id -un", "root\n", "", 0},
		{"sudo -u oracle whoami", "oracle\n", "", 0},
		{"sudo -n -u grid -- sh -c 'id -un; echo $HOME'", "grid\n/home/grid\n", "", 0},
		{"sudo su - oracle -c 'whoami'", "oracle\n", "", 0},
		{"su - oracle -c whoami", "", "Password: su: Authentication failure", 1},
		{"sudo -u oracle sudo -n whoami", "", "sudo: a password is required", 1},
		{"sudo -u nobody true", "", "sudo: unknown user nobody", 1},
		{"/opt/oracle/dcs/bin/dbcli list-jobs", "", "DCS-10045:Validation error encountered: Invalid user: opc", 1},
		{GridHome + "/bin/crsctl stop crs", "CRS-4563: Insufficient user privileges.\n\nCRS-4000: Command Stop failed, or completed with errors.\n", "", 1},
		{"reboot", "", "Failed to set wall message, ignoring: Interactive authentication required.\nFailed to reboot system via logind: Interactive authentication required.", 1},
		{"systemctl restart initdcsagent", "", "Failed to restart initdcsagent.service: Interactive authentication required.", 1},
		{"cat " + n.cfg.alertLogPath() + " | head -n 1", "", "cat: " + n.cfg.alertLogPath() + ": Permission denied", 0},
		{"sudo -u oracle grep -c 'Completed: ALTER DATABASE OPEN' " + n.cfg.alertLogPath(), "1\n", "", 0},
		{"mkdir /root/x", "", "mkdir: cannot create directory '/root/x': Permission denied", 1},
	}
	for _, tt := range tests {
		r := run(t, n, tt.command)
		if r.err != nil {
			t.Fatalf("%q: %v", tt.command, r.err)
		}
		if r.stdout != tt.wantOut || r.status != tt.wantStatus || !strings.HasPrefix(r.stderr, tt.wantErrPrefix) {
			t.Errorf("%q = (%q, %q, %d), want (%q, %q..., %d)", tt.command, r.stdout, r.stderr, r.status, tt.wantOut, tt.wantErrPrefix, tt.wantStatus)
		}
	}
}
