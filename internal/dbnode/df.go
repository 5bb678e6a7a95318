package dbnode

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// DiskSpace is one filesystem as `df -P` reports it.
type DiskSpace struct {
	Filesystem     string
	Mount          string
	TotalBytes     int64
	UsedBytes      int64
	AvailableBytes int64
}

// MinFreeForOSUpdate is the free space Oracle requires in /u01 before an
// OS update.
const MinFreeForOSUpdate int64 = 15 << 30

var dfBlockHeader = regexp.MustCompile(`^([0-9]+)([KMG]?)-blocks$`)

// ParseDiskSpace reads `df -P <path>`: a header and one filesystem, whose
// line df may wrap after a long device name.
func ParseDiskSpace(out string) (DiskSpace, error) {
	const what = "df -P output"
	ls := payloadLines(out)
	header := -1
	var blockSize int64
	for i, l := range ls {
		f := strings.Fields(l)
		if len(f) >= 2 && f[0] == "Filesystem" {
			m := dfBlockHeader.FindStringSubmatch(f[1])
			if m == nil {
				return DiskSpace{}, outputError(what, out, "the header does not give the block size (want e.g. 1024-blocks)")
			}
			n, err := strconv.ParseInt(m[1], 10, 64)
			if err != nil || n <= 0 || n > 1<<40 {
				return DiskSpace{}, outputError(what, out, "the block size %q is not usable", f[1])
			}
			blockSize = n * map[string]int64{"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m[2]]
			header = i
			break
		}
	}
	if header < 0 {
		return DiskSpace{}, outputError(what, out, "it has no Filesystem header")
	}
	fields := strings.Fields(strings.Join(ls[header+1:], " "))
	// A filesystem is: device, size, used, available, capacity, mount
	// point. The mount point may contain blanks, so it takes the rest.
	if len(fields) < 6 {
		return DiskSpace{}, outputError(what, out, "it has no complete filesystem line")
	}
	if !strings.HasSuffix(fields[4], "%") || !strings.HasPrefix(fields[5], "/") {
		return DiskSpace{}, outputError(what, out, "the filesystem line is not device, size, used, available, capacity, mount point")
	}
	mount := strings.Join(fields[5:], " ")
	if strings.Contains(mount, "% /") {
		return DiskSpace{}, outputError(what, out, "it lists more than one filesystem; ask df about one path")
	}
	var blocks [3]int64
	for i, name := range []string{"size", "used", "available"} {
		n, err := strconv.ParseInt(fields[1+i], 10, 64)
		if err != nil || n < 0 || n > math.MaxInt64/blockSize {
			return DiskSpace{}, outputError(what, out, "the %s %q is not a block count", name, fields[1+i])
		}
		blocks[i] = n * blockSize
	}
	return DiskSpace{Filesystem: fields[0], Mount: mount, TotalBytes: blocks[0], UsedBytes: blocks[1], AvailableBytes: blocks[2]}, nil
}
