package dbnode

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Instances are the Oracle instances whose PMON process runs on a node.
type Instances struct {
	// Databases are database SIDs, from ora_pmon_<SID>.
	Databases []string
	// ASM are ASM instance names such as +ASM1, from asm_pmon_+ASM<n>.
	ASM []string
}

var (
	databasePMON = regexp.MustCompile(`^ora_pmon_([A-Za-z][A-Za-z0-9_$#]{0,63})$`)
	asmPMON      = regexp.MustCompile(`^asm_pmon_(\+ASM[0-9]*)$`)
)

// ParseProcesses reads `ps -eo user,pid,args` and finds the PMON processes.
// Only a process whose name is exactly a PMON name counts, so that a
// `grep ora_pmon` or an editor on a file named that way is never taken
// for an instance.
func ParseProcesses(out string) (Instances, error) {
	const what = "ps output"
	ls := payloadLines(out)
	header := slices.IndexFunc(ls, func(l string) bool {
		f := strings.Fields(l)
		return len(f) == 3 && f[0] == "USER" && f[1] == "PID" && (f[2] == "COMMAND" || f[2] == "ARGS")
	})
	if header < 0 {
		return Instances{}, outputError(what, out, "it has no USER PID COMMAND header")
	}
	var inst Instances
	for _, l := range ls[header+1:] {
		f := strings.Fields(l)
		if len(f) < 3 {
			// ps prints a process with an empty command line as just its
			// user and pid; such a process is no instance.
			if len(f) == 2 && isPID(f[1]) {
				continue
			}
			return Instances{}, outputError(what, out, "the line %q is not user, pid and command", truncate(l))
		}
		if !isPID(f[1]) {
			return Instances{}, outputError(what, out, "the line %q has no process id", truncate(l))
		}
		if m := databasePMON.FindStringSubmatch(f[2]); m != nil && len(f) == 3 {
			inst.Databases = appendUnique(inst.Databases, m[1])
		}
		if m := asmPMON.FindStringSubmatch(f[2]); m != nil && len(f) == 3 {
			inst.ASM = appendUnique(inst.ASM, m[1])
		}
	}
	slices.Sort(inst.Databases)
	slices.Sort(inst.ASM)
	return inst, nil
}

func isPID(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n > 0
}

func appendUnique(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
