package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/node"
)

// Scenario is a fleet described in a file: its systems, timings and the fault
// knobs each node starts with.
//
//	{
//	  "timing":  {"job": "20s", "reboot": "5s"},
//	  "systems": [{"display_name": "sales-rac", "storage": "asm", "nodes": 2}],
//	  "faults":  {"*": {"command_latency": "20ms"}, "salesrac2": {"job_outcome": "Failure"}}
//	}
//
// Fault keys are node hostnames; "*" applies to every node, before the
// node's own entry.
type Scenario struct {
	Timing  scenarioTiming             `json:"timing"`
	Systems []SystemSpec               `json:"systems"`
	Faults  map[string]json.RawMessage `json:"faults"`
}

// SystemSpec describes one DB system of a scenario.
type SystemSpec struct {
	DisplayName string `json:"display_name"`
	Storage     string `json:"storage"`
	Nodes       int    `json:"nodes"`
}

// scenarioTiming holds durations as Go duration strings ("30s", "2m").
type scenarioTiming struct {
	Job       duration `json:"job"`
	Precheck  duration `json:"precheck"`
	Reboot    duration `json:"reboot"`
	StackStop duration `json:"stack_stop"`
}

type duration time.Duration

func (d *duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a duration must be a string such as \"30s\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = duration(v)
	return nil
}

// LoadScenario reads and checks a scenario file. Unknown fields are errors,
// so that a misspelt knob does not silently do nothing.
func LoadScenario(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	sc, err := ParseScenario(data)
	if err != nil {
		return nil, fmt.Errorf("scenario %s: %w", path, err)
	}
	return sc, nil
}

// ParseScenario decodes a scenario from JSON.
func ParseScenario(data []byte) (*Scenario, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var sc Scenario
	if err := dec.Decode(&sc); err != nil {
		return nil, err
	}
	var problems []error
	for i, s := range sc.Systems {
		if strings.TrimSpace(s.DisplayName) == "" {
			problems = append(problems, fmt.Errorf("systems[%d].display_name is empty", i))
		}
		if s.Storage != StorageASM && s.Storage != StorageLVM {
			problems = append(problems, fmt.Errorf("systems[%d].storage must be \"asm\" or \"lvm\", got %q", i, s.Storage))
		}
		if s.Nodes != 1 && s.Nodes != 2 {
			problems = append(problems, fmt.Errorf("systems[%d].nodes must be 1 or 2, got %d", i, s.Nodes))
		}
	}
	for host, raw := range sc.Faults {
		if _, err := decodeFaults(raw); err != nil {
			problems = append(problems, fmt.Errorf("faults[%q]: %w", host, err))
		}
	}
	if err := errors.Join(problems...); err != nil {
		return nil, err
	}
	return &sc, nil
}

func (t scenarioTiming) apply(base Timing) Timing {
	set := func(dst *time.Duration, v duration) {
		if v != 0 {
			*dst = time.Duration(v)
		}
	}
	set(&base.Job, t.Job)
	set(&base.Precheck, t.Precheck)
	set(&base.Reboot, t.Reboot)
	set(&base.StackStop, t.StackStop)
	return base
}

func decodeFaults(raw json.RawMessage) (node.Faults, error) {
	var f node.Faults
	err := json.Unmarshal(raw, &f)
	return f, err
}

// faultsFor merges the "*" entry and the node's own entry.
func (sc *Scenario) faultsFor(hostname string) (node.Faults, error) {
	var f node.Faults
	if sc == nil {
		return f, nil
	}
	for _, key := range []string{"*", hostname} {
		if raw, ok := sc.Faults[key]; ok {
			if err := json.Unmarshal(raw, &f); err != nil {
				return f, fmt.Errorf("scenario faults[%q]: %w", key, err)
			}
		}
	}
	return f, nil
}
