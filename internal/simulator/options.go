package simulator

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/jonboulle/clockwork"
)

// Storage management choices for generated fleets.
const (
	StorageASM   = "asm"
	StorageLVM   = "lvm"
	StorageMixed = "mixed"
)

// Timing sets how long simulated operations take. Zero values keep the
// node defaults.
type Timing struct {
	Job       time.Duration `json:"job"`
	Precheck  time.Duration `json:"precheck"`
	Reboot    time.Duration `json:"reboot"`
	StackStop time.Duration `json:"stack_stop"`
}

// Options configures a fleet.
type Options struct {
	// StateDir receives keys, known_hosts, fleet.json and env. Required.
	StateDir string
	// Systems, NodesPerSystem and Storage generate the fleet unless the
	// scenario lists its systems.
	Systems        int
	NodesPerSystem int
	Storage        string
	Scenario       *Scenario
	// SSHPort is the port every node listens on; 0 picks a free one.
	SSHPort int
	// APIAddr is the fake OCI API's listen address.
	APIAddr string
	// FirstNodeIP is the loopback address of the first node; the others
	// take the following addresses.
	FirstNodeIP string
	Timing      Timing
	Region      string
	// Clock drives every simulated duration; nil means the real clock.
	Clock  clockwork.Clock
	Logger *slog.Logger
}

// Validate reports every problem with the options at once, naming the flag
// or field to fix.
func (o Options) Validate() error {
	var problems []error
	if o.StateDir == "" {
		problems = append(problems, errors.New("--state-dir is required: the simulator writes its keys, known_hosts, fleet.json and env there"))
	}
	if o.Scenario == nil || len(o.Scenario.Systems) == 0 {
		if o.Systems < 1 {
			problems = append(problems, fmt.Errorf("--systems must be at least 1, got %d", o.Systems))
		}
		if o.NodesPerSystem != 1 && o.NodesPerSystem != 2 {
			problems = append(problems, fmt.Errorf("--nodes-per-system must be 1 or 2 (Base Database Service VM DB systems have at most 2 nodes), got %d", o.NodesPerSystem))
		}
		switch o.Storage {
		case StorageASM, StorageLVM, StorageMixed:
		default:
			problems = append(problems, fmt.Errorf("--storage must be asm, lvm or mixed, got %q", o.Storage))
		}
	}
	if o.SSHPort < 0 || o.SSHPort > 65535 {
		problems = append(problems, fmt.Errorf("--ssh-port must be between 0 and 65535, got %d", o.SSHPort))
	}
	if ip := net.ParseIP(o.FirstNodeIP); ip == nil || !ip.IsLoopback() || ip.To4() == nil {
		problems = append(problems, fmt.Errorf("--first-node-ip must be an IPv4 loopback address such as 127.0.1.1, got %q", o.FirstNodeIP))
	}
	return errors.Join(problems...)
}

func (o Options) withDefaults() Options {
	if o.APIAddr == "" {
		o.APIAddr = "127.0.0.1:0"
	}
	if o.FirstNodeIP == "" {
		o.FirstNodeIP = "127.0.1.1"
	}
	if o.Region == "" {
		o.Region = "us-ashburn-1"
	}
	if o.Clock == nil {
		o.Clock = clockwork.NewRealClock()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Scenario != nil {
		o.Timing = o.Scenario.Timing.apply(o.Timing)
	}
	return o
}

// nodeIP returns the n-th address after first (n = 0 is first), skipping the
// .0 and .255 host parts that some tools treat specially.
func nodeIP(first net.IP, n int) (net.IP, error) {
	v4 := first.To4()
	base := int(v4[1])<<16 | int(v4[2])<<8 | int(v4[3])
	for i := 0; i < n; {
		base++
		if last := base & 0xff; last != 0 && last != 255 {
			i++
		}
	}
	if base > 0xffffff {
		return nil, fmt.Errorf("the fleet does not fit in 127.0.0.0/8 after %s", first)
	}
	return net.IPv4(127, byte(base>>16), byte(base>>8), byte(base)), nil
}
