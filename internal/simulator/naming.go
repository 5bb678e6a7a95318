package simulator

import (
	"strconv"
	"strings"
	"unicode"
)

// hostPrefix turns a display name into a hostname prefix the way people
// name DB system hosts: lower case letters and digits only.
func hostPrefix(displayName string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(displayName) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "dbnode"
	}
	return b.String()
}

// dbSID is the instance name prefix: up to 8 upper-case characters.
func dbSID(displayName string) string {
	p := strings.ToUpper(hostPrefix(displayName))
	if len(p) > 7 {
		p = p[:7]
	}
	return p
}

// dbUniqueName is the DB_UNIQUE_NAME Base Database Service generates:
// the database name and a site suffix.
func dbUniqueName(displayName string) string {
	return dbSID(displayName) + "_site1"
}

// nodeHostname numbers the nodes of a system after its prefix: salesrac1,
// salesrac2; dbasm01n1 when the prefix already ends in a digit.
func nodeHostname(displayName string, index int) string {
	p := hostPrefix(displayName)
	if last := p[len(p)-1]; last >= '0' && last <= '9' {
		p += "n"
	}
	return p + strconv.Itoa(index)
}
