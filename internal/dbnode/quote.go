package dbnode

import (
	"errors"
	"fmt"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// errNUL is returned for a value no shell word can carry: the remote side
// would read a NUL byte as the end of the string.
var errNUL = errors.New("it contains a NUL byte, which no shell argument can carry")

// quoteWord returns s as one POSIX shell word that expands to exactly s.
func quoteWord(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", errNUL
	}
	if q, err := syntax.Quote(s, syntax.LangPOSIX); err == nil {
		return q, nil
	}
	// syntax.Quote refuses control characters and invalid UTF-8 in POSIX
	// mode; single quotes still keep every byte but NUL literally.
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'", nil
}

// joinWords quotes every argument and joins them with spaces.
func joinWords(argv []string) (string, error) {
	words := make([]string, len(argv))
	for i, a := range argv {
		q, err := quoteWord(a)
		if err != nil {
			return "", fmt.Errorf("argument %d (%.40q): %w", i+1, a, err)
		}
		words[i] = q
	}
	return strings.Join(words, " "), nil
}
