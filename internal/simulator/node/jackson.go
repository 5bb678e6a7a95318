package node

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// object is a JSON object whose keys keep their order, as dbcli's do.
type object []field

type field struct {
	key   string
	value any // string, nil, bool, int, object, []object, []string
}

// jackson renders v the way Jackson's default pretty printer does, which
// is what dbcli prints: two-space indents, " : " between key and value,
// "[ ]" for empty arrays and "[ {" ... "}, {" ... "} ]" for arrays of
// objects.
func jackson(v any) string {
	var b strings.Builder
	writeJackson(&b, v, 0)
	return b.String()
}

func writeJackson(b *strings.Builder, v any, depth int) {
	pad := strings.Repeat("  ", depth)
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int:
		b.WriteString(strconv.Itoa(v))
	case string:
		b.WriteString(jsonString(v))
	case []string:
		if len(v) == 0 {
			b.WriteString("[ ]")
			return
		}
		b.WriteString("[ ")
		for i, s := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(jsonString(s))
		}
		b.WriteString(" ]")
	case []object:
		if len(v) == 0 {
			b.WriteString("[ ]")
			return
		}
		b.WriteString("[ ")
		for i, o := range v {
			if i > 0 {
				b.WriteString(", ")
			}
			writeJackson(b, o, depth)
		}
		b.WriteString(" ]")
	case object:
		b.WriteString("{\n")
		for i, f := range v {
			b.WriteString(pad + "  " + jsonString(f.key) + " : ")
			writeJackson(b, f.value, depth+1)
			if i < len(v)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(pad + "}")
	}
}

func jsonString(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(buf.String(), "\n")
}
