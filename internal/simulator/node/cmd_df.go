package node

import (
	"fmt"
	"path"
	"strings"
)

type mount struct {
	device, dir string
	size, used  int64
}

func (n *Node) mountsLocked() []mount {
	free := n.u01FreeLocked()
	return []mount{
		{"/dev/mapper/VolGroupSys-LogVolRoot", "/", 40 << 30, 19 << 30},
		{"/dev/sda1", "/boot/efi", 512 << 20, 7 << 20},
		{"tmpfs", "/dev/shm", 32 << 30, 1 << 30},
		{"/dev/mapper/VolGroupSys-LogVolU01", "/u01", u01SizeBytes, u01SizeBytes - free},
	}
}

// mountOf is the mount holding dir: the longest mount point prefix.
func mountOf(mounts []mount, dir string) mount {
	best := mounts[0]
	for _, m := range mounts {
		if dir == m.dir || strings.HasPrefix(dir, strings.TrimSuffix(m.dir, "/")+"/") {
			if len(m.dir) > len(best.dir) {
				best = m
			}
		}
	}
	return best
}

func cmdDf(p *proc) int {
	unit, posix, human := int64(1024), false, false
	var names []string
	for _, a := range p.args[1:] {
		switch {
		case a == "-P" || a == "--portability":
			posix = true
		case a == "-h" || a == "--human-readable":
			human = true
		case a == "-k":
			unit = 1024
		case a == "-m" || a == "-BM":
			unit = 1 << 20
		case a == "-BG":
			unit = 1 << 30
		case a == "-Pk" || a == "-kP":
			posix, unit = true, 1024
		case a == "-Ph" || a == "-hP":
			posix, human = true, true
		case strings.HasPrefix(a, "-"):
		default:
			names = append(names, a)
		}
	}
	p.n.mu.Lock()
	mounts := p.n.mountsLocked()
	p.n.mu.Unlock()
	var rows []mount
	status := 0
	if len(names) == 0 {
		rows = mounts
	}
	for _, name := range names {
		full := cleanPath(p.dir, name)
		if _, err := p.n.fs.stat(p.u, full); err != nil && path.Clean(full) != "/u01" {
			p.errf("df: %s: %s\n", name, reason(err))
			status = 1
			continue
		}
		rows = append(rows, mountOf(mounts, full))
	}
	sizeHeader := map[int64]string{1024: "1K-blocks", 1 << 20: "1M-blocks", 1 << 30: "1G-blocks"}[unit]
	usePct := "Use%"
	if posix {
		usePct = "Capacity"
		if unit == 1024 {
			sizeHeader = "1024-blocks"
		}
	}
	if human {
		sizeHeader = "Size"
	}
	avail := "Available"
	if human {
		avail = "Avail"
	}
	p.outf("%-33s %11s %9s %9s %8s %s\n", "Filesystem", sizeHeader, "Used", avail, usePct, "Mounted on")
	for _, m := range rows {
		free := m.size - m.used
		pct := fmt.Sprintf("%d%%", (m.used*100+m.size-1)/m.size)
		var size, used, av string
		switch {
		case human:
			size, used, av = humanBytes(m.size), humanBytes(m.used), humanBytes(free)
		case unit == 1024:
			size, used, av = fmt.Sprint(m.size/unit), fmt.Sprint(m.used/unit), fmt.Sprint(free/unit)
		default:
			suffix := map[int64]string{1 << 20: "M", 1 << 30: "G"}[unit]
			size, used, av = fmt.Sprint((m.size+unit-1)/unit)+suffix, fmt.Sprint((m.used+unit-1)/unit)+suffix, fmt.Sprint(free/unit)+suffix
		}
		p.outf("%-33s %11s %9s %9s %8s %s\n", m.device, size, used, av, pct, m.dir)
	}
	return status
}
