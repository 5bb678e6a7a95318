package dbnode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// maxJSONStarts bounds how many candidate lines are tried, so that output
// full of braces cannot make a parse quadratic.
const maxJSONStarts = 32

// decodeJSONPayload decodes the first JSON value in out that starts a line
// with open ('{' or '['), skipping any banner printed before it and any
// warning printed after it. It returns false when no line starts a value
// that decodes into v.
func decodeJSONPayload(out string, open byte, v any) (bool, error) {
	var lastErr error
	tried := 0
	offset := 0
	for _, line := range strings.SplitAfter(out, "\n") {
		start := offset
		offset += len(line)
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed == "" || trimmed[0] != open {
			continue
		}
		if tried++; tried > maxJSONStarts {
			break
		}
		dec := json.NewDecoder(strings.NewReader(strings.ReplaceAll(out[start:], "\r\n", "\n")))
		err := dec.Decode(v)
		if err == nil {
			return true, nil
		}
		lastErr = err
	}
	return false, lastErr
}

// flexString reads a JSON string, number, boolean or null as text: fields
// such as percentageProgress changed type between dbcli releases.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*f = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	var raw any
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	switch raw.(type) {
	case float64, bool:
		*f = flexString(b)
		return nil
	}
	return fmt.Errorf("want a string, number or boolean, got %.40s", b)
}
