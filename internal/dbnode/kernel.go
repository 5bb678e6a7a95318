package dbnode

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Kernel is a kernel release as `uname -r` prints it, e.g.
// 5.15.0-307.178.5.el8uek.x86_64, split into what the kernel gate needs.
type Kernel struct {
	// Release is the whole string.
	Release string
	// Major, Minor and Patch are the upstream version (5.15.0).
	Major, Minor, Patch int
	// Build is the distribution's build number (307.178.5).
	Build string
	// Dist is the distribution tag (el8uek, el8_10, el7); empty if none.
	Dist string
	// Arch is the machine (x86_64, aarch64); empty if none.
	Arch string
}

var (
	kernelRelease = regexp.MustCompile(`^([0-9]+)\.([0-9]+)(?:\.([0-9]+))?-([0-9A-Za-z._+~-]+)$`)
	kernelDist    = regexp.MustCompile(`^el[0-9]+[0-9a-z_]*$`)
	kernelArches  = []string{"x86_64", "aarch64", "i686", "ppc64le", "s390x"}
)

// UEK reports an Unbreakable Enterprise Kernel.
func (k Kernel) UEK() bool { return strings.HasSuffix(k.Dist, "uek") }

// Series is the upstream major.minor, e.g. "5.15": what a UEK generation
// is known by (UEK7 is 5.15, UEK6 5.4, UEK5 4.14, UEK4 4.1).
func (k Kernel) Series() string { return fmt.Sprintf("%d.%d", k.Major, k.Minor) }

func (k Kernel) String() string { return k.Release }

// ParseKernel reads `uname -r`: one token on the last line, after any
// banner.
func ParseKernel(out string) (Kernel, error) {
	const what = "uname -r output"
	line, ok := lastLine(out)
	if !ok {
		return Kernel{}, outputError(what, out, "it is empty")
	}
	if len(strings.Fields(line)) != 1 {
		return Kernel{}, outputError(what, out, "a kernel release is one word")
	}
	k, err := ParseKernelRelease(line)
	if err != nil {
		return Kernel{}, outputError(what, out, "%v", err)
	}
	return k, nil
}

// ParseKernelRelease splits a kernel release string.
func ParseKernelRelease(s string) (Kernel, error) {
	m := kernelRelease.FindStringSubmatch(s)
	if m == nil || len(s) > 128 {
		return Kernel{}, fmt.Errorf("%.80q is not a kernel release like 5.15.0-307.178.5.el8uek.x86_64", s)
	}
	k := Kernel{Release: s}
	var err error
	if k.Major, err = strconv.Atoi(m[1]); err != nil {
		return Kernel{}, fmt.Errorf("kernel release %q: major version too large", s)
	}
	if k.Minor, err = strconv.Atoi(m[2]); err != nil {
		return Kernel{}, fmt.Errorf("kernel release %q: minor version too large", s)
	}
	if m[3] != "" {
		if k.Patch, err = strconv.Atoi(m[3]); err != nil {
			return Kernel{}, fmt.Errorf("kernel release %q: patch version too large", s)
		}
	}
	parts := strings.Split(m[4], ".")
	for _, a := range kernelArches {
		if parts[len(parts)-1] == a {
			k.Arch = a
			parts = parts[:len(parts)-1]
			break
		}
	}
	for i, p := range parts {
		if kernelDist.MatchString(p) {
			k.Dist = p
			parts = parts[:i]
			break
		}
	}
	k.Build = strings.Join(parts, ".")
	if k.Build == "" {
		return Kernel{}, fmt.Errorf("kernel release %q has no build number after the '-'", s)
	}
	return k, nil
}

// CompareKernels orders kernels as the package manager would: by upstream
// version, then build number segment by segment (numbers numerically),
// then distribution tag. It returns -1, 0 or +1.
func CompareKernels(a, b Kernel) int {
	for _, d := range [][2]int{{a.Major, b.Major}, {a.Minor, b.Minor}, {a.Patch, b.Patch}} {
		if d[0] != d[1] {
			return sign(d[0] - d[1])
		}
	}
	if c := compareSegments(a.Build, b.Build); c != 0 {
		return c
	}
	return compareSegments(a.Dist, b.Dist)
}

// compareSegments compares dotted versions: numeric runs by value, other
// runs as text, a longer version after its prefix — like rpm's vercmp for
// the versions kernels use.
func compareSegments(a, b string) int {
	as, bs := versionRuns(a), versionRuns(b)
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, y := as[i], bs[i]
		xNum, yNum := isDigit(x[0]), isDigit(y[0])
		switch {
		case xNum && yNum:
			x, y = strings.TrimLeft(x, "0"), strings.TrimLeft(y, "0")
			if len(x) != len(y) {
				return sign(len(x) - len(y))
			}
			if c := strings.Compare(x, y); c != 0 {
				return c
			}
		case xNum != yNum:
			// rpm ranks a number above letters.
			if xNum {
				return 1
			}
			return -1
		default:
			if c := strings.Compare(x, y); c != 0 {
				return c
			}
		}
	}
	return sign(len(as) - len(bs))
}

// versionRuns splits a version into runs of digits and runs of letters;
// separators only separate.
func versionRuns(s string) []string {
	var runs []string
	for i := 0; i < len(s); {
		if !isAlnum(s[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && isAlnum(s[j]) && isDigit(s[j]) == isDigit(s[i]) {
			j++
		}
		runs = append(runs, s[i:j])
		i = j
	}
	return runs
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlnum(c byte) bool { return isDigit(c) || (c|0x20) >= 'a' && (c|0x20) <= 'z' }

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
