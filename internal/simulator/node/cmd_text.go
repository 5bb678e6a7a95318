package node

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

func cmdCat(p *proc) int {
	names := operands(p.args[1:])
	if len(names) == 0 {
		names = []string{"-"}
	}
	status := 0
	for _, name := range names {
		data, ok := p.readInput(name)
		if !ok {
			status = 1
			continue
		}
		_, _ = p.stdout.Write(data)
	}
	return status
}

// operands drops options, for programs whose options change nothing here.
func operands(args []string) []string {
	var out []string
	for _, a := range args {
		if a == "-" || !strings.HasPrefix(a, "-") {
			out = append(out, a)
		}
	}
	return out
}

// lineCount parses head/tail's -n N, -N and -nN forms.
func lineCount(p *proc) (int, []string, bool) {
	count := 10
	var names []string
	args := p.args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		var val string
		switch {
		case a == "-n" && i+1 < len(args):
			i++
			val = args[i]
		case strings.HasPrefix(a, "-n"):
			val = a[2:]
		case strings.HasPrefix(a, "--lines="):
			val = strings.TrimPrefix(a, "--lines=")
		case len(a) > 1 && a[0] == '-' && a[1] >= '0' && a[1] <= '9':
			val = a[1:]
		case a == "-q" || a == "-F" || a == "-f":
			continue
		default:
			names = append(names, a)
			continue
		}
		v, err := strconv.Atoi(strings.TrimPrefix(val, "+"))
		if err != nil || v < 0 {
			p.errf("%s: invalid number of lines: '%s'\n", p.args[0], val)
			return 0, nil, false
		}
		count = v
	}
	if len(names) == 0 {
		names = []string{"-"}
	}
	return count, names, true
}

// splitLines splits after each newline; a last line without one is kept.
func splitLines(data []byte) []string {
	lines := strings.SplitAfter(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func cmdHead(p *proc) int {
	return headTail(p, func(lines []string, n int) []string { return lines[:min(n, len(lines))] })
}

func cmdTail(p *proc) int {
	return headTail(p, func(lines []string, n int) []string { return lines[max(0, len(lines)-n):] })
}

func headTail(p *proc, pick func([]string, int) []string) int {
	count, names, ok := lineCount(p)
	if !ok {
		return 1
	}
	status := 0
	for _, name := range names {
		data, ok := p.readInput(name)
		if !ok {
			status = 1
			continue
		}
		p.out(strings.Join(pick(splitLines(data), count), ""))
	}
	return status
}

func cmdWc(p *proc) int {
	lines, words, chars := false, false, false
	var names []string
	for _, a := range p.args[1:] {
		switch {
		case a == "-":
			names = append(names, a)
		case strings.HasPrefix(a, "-"):
			lines = lines || strings.Contains(a, "l")
			words = words || strings.Contains(a, "w")
			chars = chars || strings.ContainsAny(a, "cm")
		default:
			names = append(names, a)
		}
	}
	if !lines && !words && !chars {
		lines, words, chars = true, true, true
	}
	fromStdin := len(names) == 0
	if fromStdin {
		names = []string{"-"}
	}
	status := 0
	for _, name := range names {
		data, ok := p.readInput(name)
		if !ok {
			status = 1
			continue
		}
		var cols []string
		if lines {
			cols = append(cols, strconv.Itoa(bytes.Count(data, []byte("\n"))))
		}
		if words {
			cols = append(cols, strconv.Itoa(len(strings.Fields(string(data)))))
		}
		if chars {
			cols = append(cols, strconv.Itoa(len(data)))
		}
		if len(cols) > 1 {
			for i, c := range cols {
				cols[i] = strings.Repeat(" ", max(0, 7-len(c))) + c
			}
		}
		line := strings.Join(cols, " ")
		if !fromStdin {
			line += " " + name
		}
		p.out(line + "\n")
	}
	return status
}

type grepOptions struct {
	count, invert, ignoreCase, extended, fixed, quiet, onlyMatching, lineNumbers, word, noNames, listFiles bool
	patterns                                                                                               []string
}

func cmdGrep(p *proc) int {
	var o grepOptions
	o.extended = p.args[0] == "egrep"
	var rest []string
	args := p.args[1:]
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			rest = append(rest, args[i+1:]...)
			i = len(args)
		case a == "-e" && i+1 < len(args):
			i++
			o.patterns = append(o.patterns, args[i])
		case strings.HasPrefix(a, "--color") || a == "-s":
		case a == "--count":
			o.count = true
		case a == "--quiet" || a == "--silent":
			o.quiet = true
		case a == "--invert-match":
			o.invert = true
		case a == "--ignore-case":
			o.ignoreCase = true
		case len(a) > 1 && a[0] == '-' && a[1] != '-':
			for _, c := range a[1:] {
				switch c {
				case 'c':
					o.count = true
				case 'v':
					o.invert = true
				case 'i':
					o.ignoreCase = true
				case 'E':
					o.extended = true
				case 'F':
					o.fixed = true
				case 'q':
					o.quiet = true
				case 'o':
					o.onlyMatching = true
				case 'n':
					o.lineNumbers = true
				case 'w':
					o.word = true
				case 'h':
					o.noNames = true
				case 'l':
					o.listFiles = true
				case 's', 'a', 'I':
				default:
					p.errf("grep: invalid option -- '%c'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n", c)
					return 2
				}
			}
		default:
			rest = append(rest, a)
		}
	}
	if len(o.patterns) == 0 {
		if len(rest) == 0 {
			p.errf("Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n")
			return 2
		}
		o.patterns, rest = strings.Split(rest[0], "\n"), rest[1:]
	}
	re, err := o.compile()
	if err != nil {
		p.errf("grep: %v\n", err)
		return 2
	}
	names := rest
	if len(names) == 0 {
		names = []string{"-"}
	}
	showNames := len(names) > 1 && !o.noNames
	matched, failed := false, false
	for _, name := range names {
		data, ok := p.readInput(name)
		if !ok {
			failed = true
			continue
		}
		count := 0
		for i, line := range splitLines(data) {
			text := strings.TrimSuffix(line, "\n")
			if re.MatchString(text) == o.invert {
				continue
			}
			count++
			matched = true
			if o.quiet {
				return 0
			}
			if o.count || o.listFiles {
				continue
			}
			prefix := ""
			if showNames {
				prefix = displayName(name) + ":"
			}
			if o.lineNumbers {
				prefix += strconv.Itoa(i+1) + ":"
			}
			if o.onlyMatching && !o.invert {
				for _, m := range re.FindAllString(text, -1) {
					p.out(prefix + m + "\n")
				}
				continue
			}
			p.out(prefix + text + "\n")
		}
		switch {
		case o.listFiles && count > 0:
			p.out(displayName(name) + "\n")
		case o.count && showNames:
			p.outf("%s:%d\n", displayName(name), count)
		case o.count:
			p.outf("%d\n", count)
		}
	}
	switch {
	case failed && (!o.quiet || !matched):
		return 2
	case matched:
		return 0
	}
	return 1
}

func displayName(name string) string {
	if name == "-" {
		return "(standard input)"
	}
	return name
}

func (o grepOptions) compile() (*regexp.Regexp, error) {
	parts := make([]string, len(o.patterns))
	for i, pat := range o.patterns {
		switch {
		case o.fixed:
			pat = regexp.QuoteMeta(pat)
		case !o.extended:
			pat = basicToExtended(pat)
		}
		if o.word {
			pat = `\b(?:` + pat + `)\b`
		}
		parts[i] = "(?:" + pat + ")"
	}
	expr := strings.Join(parts, "|")
	if o.ignoreCase {
		expr = "(?i)" + expr
	}
	return regexp.Compile(expr)
}

// basicToExtended rewrites a POSIX basic regular expression, where
// \( \) \{ \} \| \+ \? are the operators and the bare characters are
// literal, into the extended syntax Go understands.
func basicToExtended(pat string) string {
	var b strings.Builder
	for i := 0; i < len(pat); i++ {
		c := pat[i]
		switch {
		case c == '\\' && i+1 < len(pat) && strings.IndexByte("(){}|+?", pat[i+1]) >= 0:
			b.WriteByte(pat[i+1])
			i++
		case c == '\\' && i+1 < len(pat):
			b.WriteByte(c)
			b.WriteByte(pat[i+1])
			i++
		case strings.IndexByte("(){}|+?", c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
