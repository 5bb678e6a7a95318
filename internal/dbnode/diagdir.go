package dbnode

import (
	"path"
	"strings"
)

// diagRoot is where the Automatic Diagnostic Repository keeps one
// directory per database, named after its DB_UNIQUE_NAME in lower case.
const diagRoot = "/u01/app/oracle/diag/rdbms/"

// ParseDiagDir reads `ls -d /u01/app/oracle/diag/rdbms/*/<SID>` and returns
// the lower-case DB_UNIQUE_NAME of the database the instance sid belongs
// to: the alert log lives under it and srvctl accepts it in any case.
// Two matches are an error, because picking one would check the wrong
// database's log.
func ParseDiagDir(out, sid string) (string, error) {
	const what = "diagnostic directory listing"
	name := ""
	for _, l := range payloadLines(out) {
		l = strings.TrimSpace(l)
		rest, ok := strings.CutPrefix(path.Clean(l), diagRoot)
		if !ok {
			// Banners and ls complaining of a missing match say nothing
			// about where the instance's directory is.
			continue
		}
		dir, inst, found := strings.Cut(rest, "/")
		if !found || inst != sid || dir == "" || dir == "*" {
			return "", outputError(what, out, "%q is not a diagnostic directory of instance %s", l, sid)
		}
		if name != "" && name != dir {
			return "", outputError(what, out, "instance %s has diagnostic directories under both %s and %s", sid, name, dir)
		}
		name = dir
	}
	if name == "" {
		return "", outputError(what, out, "no diagnostic directory for instance %s", sid)
	}
	return name, nil
}
