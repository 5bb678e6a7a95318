package dbnode

import (
	"fmt"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Placeholder names a value substituted into a command template, written
// {name} in the template.
type Placeholder string

// The placeholders a template may use; each step accepts a subset.
const (
	PlaceholderJobID             Placeholder = "job_id"
	PlaceholderGridHome          Placeholder = "grid_home"
	PlaceholderOracleHome        Placeholder = "oracle_home"
	PlaceholderSID               Placeholder = "sid"
	PlaceholderDBUniqueName      Placeholder = "db_unique_name"
	PlaceholderDBUniqueNameLower Placeholder = "db_unique_name_lower"
	PlaceholderPath              Placeholder = "path"
)

// Defaults used when Values leaves a field empty.
const (
	DefaultOracleHome    = "/u01/app/oracle/product/19.0.0.0/dbhome_1"
	DefaultFreeSpacePath = "/u01"
)

// Values are what the engine knows about a node, to fill placeholders in.
type Values struct {
	JobID    string
	GridHome string
	// OracleHome defaults to DefaultOracleHome.
	OracleHome   string
	SID          string
	DBUniqueName string
	// Path is the directory whose free space is checked; it defaults to
	// DefaultFreeSpacePath.
	Path string
}

func (v Values) lookup(p Placeholder) string {
	switch p {
	case PlaceholderJobID:
		return v.JobID
	case PlaceholderGridHome:
		return v.GridHome
	case PlaceholderOracleHome:
		return cmpOr(v.OracleHome, DefaultOracleHome)
	case PlaceholderSID:
		return v.SID
	case PlaceholderDBUniqueName:
		return v.DBUniqueName
	case PlaceholderDBUniqueNameLower:
		// The diagnostic destination names the database's directory in
		// lower case whatever the case of db_unique_name.
		return strings.ToLower(v.DBUniqueName)
	case PlaceholderPath:
		return cmpOr(v.Path, DefaultFreeSpacePath)
	}
	return ""
}

func cmpOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// segment is literal shell text, or one placeholder when placeholder is set.
type segment struct {
	text        string
	placeholder Placeholder
}

// template is a command line with {name} placeholders. "{{" stands for a
// literal "{", so that shell text such as ${var} can be written ${{var}.
type template struct {
	source   string
	segments []segment
}

func parseTemplate(line string) template {
	t := template{source: line}
	var lit strings.Builder
	for i := 0; i < len(line); {
		if strings.HasPrefix(line[i:], "{{") {
			lit.WriteByte('{')
			i += 2
			continue
		}
		if name, n := placeholderAt(line[i:]); n > 0 {
			if lit.Len() > 0 {
				t.segments = append(t.segments, segment{text: lit.String()})
				lit.Reset()
			}
			t.segments = append(t.segments, segment{placeholder: Placeholder(name)})
			i += n
			continue
		}
		lit.WriteByte(line[i])
		i++
	}
	if lit.Len() > 0 {
		t.segments = append(t.segments, segment{text: lit.String()})
	}
	return t
}

// placeholderAt reports the name of the placeholder s starts with and how
// many bytes it spans, or 0 when s does not start with one. A name is a
// lower-case identifier, so that brace expansion ({a,b}) and awk programs
// ({print $1}) stay literal.
func placeholderAt(s string) (string, int) {
	if len(s) < 3 || s[0] != '{' || s[1] < 'a' || s[1] > 'z' {
		return "", 0
	}
	for i := 2; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '}':
			return s[1:i], i + 1
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
		default:
			return "", 0
		}
	}
	return "", 0
}

func (t template) placeholders() []Placeholder {
	var out []Placeholder
	for _, s := range t.segments {
		if s.placeholder != "" {
			out = append(out, s.placeholder)
		}
	}
	return out
}

// render substitutes every placeholder with its value quoted as one shell
// word: the value can never add shell syntax to the line.
func (t template) render(v Values) (string, error) {
	var b strings.Builder
	for _, s := range t.segments {
		if s.placeholder == "" {
			b.WriteString(s.text)
			continue
		}
		value := v.lookup(s.placeholder)
		if value == "" {
			return "", fmt.Errorf("{%s} has no value", s.placeholder)
		}
		q, err := quoteWord(value)
		if err != nil {
			return "", fmt.Errorf("the value of {%s} cannot be used: %w", s.placeholder, err)
		}
		b.WriteString(q)
	}
	return b.String(), nil
}

// placeholderMarker stands in for placeholders while a template is parsed
// as shell; it is a plain word, as a quoted value would be.
const placeholderMarker = "dbnodeplaceholdermarker"

// checkShell parses the template as a POSIX shell line and refuses
// placeholders inside quotes or here-documents: there the quotes added
// around the value would become part of it.
func (t template) checkShell() error {
	var b strings.Builder
	for _, s := range t.segments {
		if s.placeholder == "" {
			b.WriteString(s.text)
		} else {
			b.WriteString(placeholderMarker)
		}
	}
	file, err := syntax.NewParser(syntax.Variant(syntax.LangPOSIX)).Parse(strings.NewReader(b.String()), "")
	if err != nil {
		return fmt.Errorf("it is not a valid shell command line: %w", err)
	}
	if len(file.Stmts) == 0 {
		return fmt.Errorf("it has no command")
	}
	var quoted error
	syntax.Walk(file, func(node syntax.Node) bool {
		if quoted != nil {
			return false
		}
		switch n := node.(type) {
		case *syntax.SglQuoted:
			if strings.Contains(n.Value, placeholderMarker) {
				quoted = errPlaceholderQuoted
			}
		case *syntax.DblQuoted:
			if containsMarker(n) {
				quoted = errPlaceholderQuoted
			}
			return false
		case *syntax.Redirect:
			if n.Hdoc != nil && containsMarker(n.Hdoc) {
				quoted = fmt.Errorf("a placeholder is inside a here-document, where its quotes would be kept literally")
			}
		}
		return true
	})
	return quoted
}

var errPlaceholderQuoted = fmt.Errorf("a placeholder is inside quotes; write it bare, its value is quoted for you")

func containsMarker(node syntax.Node) bool {
	found := false
	syntax.Walk(node, func(n syntax.Node) bool {
		if lit, ok := n.(*syntax.Lit); ok && strings.Contains(lit.Value, placeholderMarker) {
			found = true
		}
		return !found
	})
	return found
}
