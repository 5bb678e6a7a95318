package dbnode

import (
	"strings"
)

// OSPatchAvailability is what `dbcli get-availableospatches` reports.
type OSPatchAvailability struct {
	UpdateAvailable bool
	RebootRequired  bool
}

type availabilityJSON struct {
	UpdateAvailable  *flexString `json:"updateAvailable"`
	RebootIsRequired *flexString `json:"rebootIsRequired"`
}

// ParseOSPatchAvailability reads `dbcli get-availableospatches`, as JSON
// (-j) or as the text table dbcli prints without it.
func ParseOSPatchAvailability(out string) (OSPatchAvailability, error) {
	const what = "dbcli get-availableospatches output"
	var raw availabilityJSON
	if found, _ := decodeJSONPayload(out, '{', &raw); found {
		if raw.UpdateAvailable == nil || raw.RebootIsRequired == nil {
			return OSPatchAvailability{}, outputError(what, out, "it needs both updateAvailable and rebootIsRequired")
		}
		update, ok1 := parseYesNo(string(*raw.UpdateAvailable))
		reboot, ok2 := parseYesNo(string(*raw.RebootIsRequired))
		if !ok1 || !ok2 {
			return OSPatchAvailability{}, outputError(what, out, "updateAvailable and rebootIsRequired must be true or false")
		}
		return OSPatchAvailability{UpdateAvailable: update, RebootRequired: reboot}, nil
	}
	if a, ok := parseAvailabilityTable(out); ok {
		return a, nil
	}
	if dcs, ok := ParseDCSError(out); ok {
		return OSPatchAvailability{}, dcs
	}
	return OSPatchAvailability{}, outputError(what, out, "it is neither the JSON object nor the Update Available / Reboot Required table")
}

// parseAvailabilityTable reads the header, the dashes and one row of Yes/No.
func parseAvailabilityTable(out string) (OSPatchAvailability, bool) {
	ls := payloadLines(out)
	for i, l := range ls {
		if !strings.Contains(l, "Update Available") || !strings.Contains(l, "Reboot Required") {
			continue
		}
		for _, row := range ls[i+1:] {
			if strings.Trim(row, "- ") == "" {
				continue
			}
			f := strings.Fields(row)
			if len(f) != 2 {
				return OSPatchAvailability{}, false
			}
			update, ok1 := parseYesNo(f[0])
			reboot, ok2 := parseYesNo(f[1])
			return OSPatchAvailability{UpdateAvailable: update, RebootRequired: reboot}, ok1 && ok2
		}
	}
	return OSPatchAvailability{}, false
}

func parseYesNo(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true":
		return true, true
	case "no", "false":
		return false, true
	}
	return false, false
}
