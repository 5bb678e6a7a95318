package node

import (
	"encoding/json"
	"fmt"
	"time"
)

// JobOutcome is how a dbcli job ends.
type JobOutcome string

// Job outcomes a fault can force.
const (
	OutcomeSuccess            JobOutcome = "Success"
	OutcomeFailure            JobOutcome = "Failure"
	OutcomeSuccessWithWarning JobOutcome = "SuccessWithWarning"
	// OutcomeHang keeps the job Running at 95% forever.
	OutcomeHang JobOutcome = "Hang"
)

// EOL kernels a node can be made to run.
const (
	EOLKernelUEK4 = "uek4"
	EOLKernelUEK5 = "uek5"
	eolUEK4       = "4.1.12-124.48.6.el7uek.x86_64"
	eolUEK5       = "4.14.35-2047.518.4.2.el7uek.x86_64"
)

// Faults are the knobs that make a node misbehave. They can be set in
// [Config], replaced with [Node.SetFaults] at any time, and read from a
// scenario file or an admin API as JSON (durations as strings like "20ms").
type Faults struct {
	// JobOutcome decides how OS update jobs end; empty means Success.
	JobOutcome JobOutcome `json:"job_outcome,omitempty"`
	// PrecheckOutcome decides how OS update precheck jobs end.
	PrecheckOutcome JobOutcome `json:"precheck_outcome,omitempty"`
	// RebootNeverReturns leaves the node powered off after its next
	// power-off.
	RebootNeverReturns bool `json:"reboot_never_returns,omitempty"`
	// DropConnectionOnPoll drops the connection instead of answering each
	// of the next N `dbcli describe-job` calls.
	DropConnectionOnPoll int `json:"drop_connection_on_poll,omitempty"`
	// AgentDown stops the DCS agent now and at every boot.
	AgentDown bool `json:"agent_down,omitempty"`
	// AgentRestartFails makes `systemctl restart initdcsagent` fail.
	AgentRestartFails bool `json:"agent_restart_fails,omitempty"`
	// CRSRefusesStop makes `crsctl stop crs` fail and leave the stack up.
	CRSRefusesStop bool `json:"crs_refuses_stop,omitempty"`
	// EOLKernel makes the node an Oracle Linux 7 image running an
	// end-of-life kernel: "uek4" or "uek5"; empty means off.
	EOLKernel string `json:"eol_kernel,omitempty"`
	// LowDisk leaves only 5 GiB free in /u01.
	LowDisk bool `json:"low_disk,omitempty"`
	// NoStackAutostart keeps CRS and the database down after a boot, as
	// when autostart is disabled; the default is that the stack comes up.
	NoStackAutostart bool `json:"no_stack_autostart,omitempty"`
	// CommandLatency delays every command by this much.
	CommandLatency time.Duration `json:"-"`
	// StderrNoise prints a locale warning on stderr before every command,
	// like a login profile that sets an unavailable locale.
	StderrNoise bool `json:"stderr_noise,omitempty"`
	// NewSecurityUpdates publishes this many new security advisories when
	// the faults are applied. It is an action: it reads back as zero.
	NewSecurityUpdates int `json:"new_security_updates,omitempty"`
}

// faultsJSON carries CommandLatency as a duration string.
type faultsJSON struct {
	faultsAlias
	CommandLatency string `json:"command_latency,omitempty"`
}

type faultsAlias Faults

// MarshalJSON writes CommandLatency as a duration string.
func (f Faults) MarshalJSON() ([]byte, error) {
	out := faultsJSON{faultsAlias: faultsAlias(f)}
	if f.CommandLatency != 0 {
		out.CommandLatency = f.CommandLatency.String()
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads faults over the current values, so that decoding a
// partial object into a copy of [Node.Faults] changes only the named knobs.
func (f *Faults) UnmarshalJSON(data []byte) error {
	in := faultsJSON{faultsAlias: faultsAlias(*f)}
	if f.CommandLatency != 0 {
		in.CommandLatency = f.CommandLatency.String()
	}
	if err := json.Unmarshal(data, &in); err != nil {
		return err
	}
	next := Faults(in.faultsAlias)
	next.CommandLatency = 0
	if in.CommandLatency != "" {
		d, err := time.ParseDuration(in.CommandLatency)
		if err != nil {
			return fmt.Errorf("command_latency must be a duration such as \"20ms\": %w", err)
		}
		next.CommandLatency = d
	}
	if err := next.Validate(); err != nil {
		return err
	}
	*f = next
	return nil
}

// Validate reports a knob set to a value the node does not know.
func (f Faults) Validate() error {
	for name, o := range map[string]JobOutcome{"job_outcome": f.JobOutcome, "precheck_outcome": f.PrecheckOutcome} {
		switch o {
		case "", OutcomeSuccess, OutcomeFailure, OutcomeSuccessWithWarning, OutcomeHang:
		default:
			return fmt.Errorf("%s must be Success, Failure, SuccessWithWarning or Hang, got %q", name, o)
		}
	}
	switch f.EOLKernel {
	case "", EOLKernelUEK4, EOLKernelUEK5:
	default:
		return fmt.Errorf("eol_kernel must be %q, %q or empty, got %q", EOLKernelUEK4, EOLKernelUEK5, f.EOLKernel)
	}
	if f.CommandLatency < 0 || f.DropConnectionOnPoll < 0 || f.NewSecurityUpdates < 0 {
		return fmt.Errorf("command_latency, drop_connection_on_poll and new_security_updates cannot be negative")
	}
	return nil
}

func outcomeOrSuccess(o JobOutcome) JobOutcome {
	if o == "" {
		return OutcomeSuccess
	}
	return o
}

// Faults returns the current fault knobs.
func (n *Node) Faults() Faults {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.faults
}

// SetFaults replaces every fault knob. Turning AgentDown on stops the
// agent now; NewSecurityUpdates publishes that many advisories.
func (n *Node) SetFaults(f Faults) error {
	if err := f.Validate(); err != nil {
		return fmt.Errorf("node %s refuses the faults: %w", n.cfg.Hostname, err)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	n.applyFaultsLocked(f)
	return nil
}

// UpdateFaults changes some knobs atomically with respect to other updates.
func (n *Node) UpdateFaults(change func(*Faults)) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	f := n.faults
	change(&f)
	if err := f.Validate(); err != nil {
		return fmt.Errorf("node %s refuses the faults: %w", n.cfg.Hostname, err)
	}
	n.applyFaultsLocked(f)
	return nil
}

func (n *Node) applyFaultsLocked(f Faults) {
	if f.AgentDown && !n.faults.AgentDown {
		n.agent = agentInactive
	}
	if f.NewSecurityUpdates > 0 {
		n.publishAdvisoriesLocked(f.NewSecurityUpdates)
		f.NewSecurityUpdates = 0
	}
	n.faults = f
	n.publishLocked()
}
