package node

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"
)

// installImage lays out the files of a Base Database Service image that
// the emulated programs and the patch workflow look at.
func (n *Node) installImage(now time.Time) {
	m := n.fs
	dirs := []struct {
		path  string
		mode  fs.FileMode
		owner *user
		group string
	}{
		{"/etc", 0o755, userRoot, "root"},
		{"/tmp", 0o777 | fs.ModeSticky, userRoot, "root"},
		{"/var/tmp", 0o777 | fs.ModeSticky, userRoot, "root"},
		{"/root", 0o550, userRoot, "root"},
		{"/home/opc", 0o700, userOpc, "opc"},
		{"/home/oracle", 0o700, userOracle, "oinstall"},
		{"/home/grid", 0o700, userGrid, "oinstall"},
		{"/proc/sys/kernel/random", 0o555, userRoot, "root"},
		{"/dev", 0o755, userRoot, "root"},
		{"/opt/oracle/dcs/bin", 0o755, userRoot, "root"},
		{JobLogDir, 0o755, userRoot, "root"},
		{"/u01/app/oracle/diag/rdbms", 0o775, userOracle, "oinstall"},
		{OracleHome + "/bin", 0o755, userOracle, "oinstall"},
	}
	if n.isASM() {
		dirs = append(dirs, struct {
			path  string
			mode  fs.FileMode
			owner *user
			group string
		}{GridHome + "/bin", 0o755, userGrid, "oinstall"})
	}
	for _, d := range dirs {
		m.install(d.path, true, d.mode, d.owner, d.group, nil, now)
	}
	m.install("/etc/hostname", false, 0o644, userRoot, "root", []byte(n.cfg.Hostname+"\n"), now)
	m.install(DbcliPath, false, 0o700, userRoot, "root", []byte("#!/bin/bash\n"), now)
	m.install("/u01/app/oracle/diag/rdbms/"+strings.ToLower(n.cfg.DBUniqueName)+"/"+n.cfg.SID+"/trace", true, 0o750, userOracle, "oinstall", nil, now)
	m.install(n.cfg.alertLogPath(), false, 0o640, userOracle, "oinstall", nil, now)
	if n.isASM() {
		m.install(OLRLocPath, false, 0o644, userRoot, "oinstall", fmt.Appendf(nil,
			"olrconfig_loc=%s/cdata/%s.olr\ncrs_home=%s\norplus_config=FALSE\n", GridHome, n.cfg.Hostname, GridHome), now)
	}
	// Virtual files read a published snapshot instead of taking n.mu, as
	// n.mu is held while the node writes files (lock order n.mu, then fs.mu).
	m.virtual[BootIDPath] = func() []byte { return []byte(n.shown.Load().bootID + "\n") }
	m.virtual[OSReleasePath] = func() []byte { return []byte(osRelease(n.shown.Load().ol7)) }
	m.virtual["/proc/version"] = func() []byte {
		return []byte("Linux version " + n.shown.Load().kernel + " (mockbuild@host-100-100-224-5) (gcc (GCC) 11.2.1 20220127) #2 SMP Wed Oct 1 12:00:00 PDT 2025\n")
	}
}

func osRelease(ol7 bool) string {
	version, platform := "8.10", "el8"
	if ol7 {
		version, platform = "7.9", "el7"
	}
	major := version[:1]
	return `NAME="Oracle Linux Server"
VERSION="` + version + `"
ID="ol"
ID_LIKE="fedora"
VARIANT="Server"
VARIANT_ID="server"
VERSION_ID="` + version + `"
PLATFORM_ID="platform:` + platform + `"
PRETTY_NAME="Oracle Linux Server ` + version + `"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:oracle:linux:` + major + `:` + version[2:] + `:server"
HOME_URL="https://linux.oracle.com/"
BUG_REPORT_URL="https://github.com/oracle/oracle-linux"

ORACLE_BUGZILLA_PRODUCT="Oracle Linux ` + major + `"
ORACLE_BUGZILLA_PRODUCT_VERSION=` + version + `
ORACLE_SUPPORT_PRODUCT="Oracle Linux"
ORACLE_SUPPORT_PRODUCT_VERSION=` + version + `
`
}

// previousKernel invents the kernel a node ran before k, by lowering the
// first number of the release: 5.15.0-206.153.7.1.el8uek -> 5.15.0-205...
func previousKernel(k string) string {
	dash := strings.IndexByte(k, '-')
	if dash < 0 {
		return k
	}
	rest := k[dash+1:]
	dot := strings.IndexByte(rest, '.')
	if dot < 0 {
		return k
	}
	v, err := strconv.Atoi(rest[:dot])
	if err != nil || v < 2 {
		return k
	}
	return k[:dash+1] + strconv.Itoa(v-1) + rest[dot:]
}

// kernelOlder reports whether kernel a sorts before b, comparing the
// numeric runs of their versions one by one.
func kernelOlder(a, b string) bool {
	na, nb := numbers(a), numbers(b)
	for i := 0; i < len(na) && i < len(nb); i++ {
		if na[i] != nb[i] {
			return na[i] < nb[i]
		}
	}
	return len(na) < len(nb)
}

func numbers(s string) []int {
	var out []int
	for f := range strings.FieldsFuncSeq(s, func(r rune) bool { return r < '0' || r > '9' }) {
		v, _ := strconv.Atoi(f)
		out = append(out, v)
	}
	return out
}
