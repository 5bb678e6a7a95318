package node

import (
	"io/fs"
	"slices"
)

// user is an account of the image. The set is fixed: Base Database Service
// creates exactly these for a DB system.
type user struct {
	name   string
	uid    int
	group  string // primary group
	gid    int
	groups []string // every group, primary first
	home   string
	path   string
}

var (
	userRoot   = &user{name: "root", uid: 0, group: "root", gid: 0, groups: []string{"root"}, home: "/root", path: "/sbin:/bin:/usr/sbin:/usr/bin"}
	userOpc    = &user{name: "opc", uid: 1000, group: "opc", gid: 1000, groups: []string{"opc", "adm", "systemd-journal"}, home: "/home/opc", path: "/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin"}
	userOracle = &user{name: "oracle", uid: 101, group: "oinstall", gid: 1001, groups: []string{"oinstall", "dba", "dbaoper", "backupdba", "dgdba", "kmdba", "racdba", "asmdba"}, home: "/home/oracle", path: "/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin:" + OracleHome + "/bin"}
	userGrid   = &user{name: "grid", uid: 102, group: "oinstall", gid: 1001, groups: []string{"oinstall", "asmadmin", "asmdba", "asmoper", "dba", "racdba"}, home: "/home/grid", path: "/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin:" + GridHome + "/bin"}
	allUsers   = []*user{userRoot, userOpc, userOracle, userGrid}
)

// groupIDs numbers the groups `id` prints.
var groupIDs = map[string]int{
	"root": 0, "adm": 4, "systemd-journal": 190, "opc": 1000, "oinstall": 1001, "dba": 1002, "dbaoper": 1003,
	"backupdba": 1004, "dgdba": 1005, "kmdba": 1006, "racdba": 1007, "asmdba": 1008, "asmadmin": 1009, "asmoper": 1010,
}

func lookupUser(name string) (*user, bool) {
	for _, u := range allUsers {
		if u.name == name {
			return u, true
		}
	}
	return nil, false
}

type permission fs.FileMode

const (
	permRead  permission = 4
	permWrite permission = 2
	permExec  permission = 1
)

// may applies the classic owner/group/other check; root passes every check.
func (u *user) may(e *entry, p permission) bool {
	if u == userRoot {
		return true
	}
	bits := permission(e.mode.Perm())
	switch {
	case e.owner == u:
		bits >>= 6
	case slices.Contains(u.groups, e.group):
		bits >>= 3
	}
	return bits&p == p
}
