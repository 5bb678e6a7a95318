package node

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jonboulle/clockwork"
)

// Node is one emulated DB node. It is safe for concurrent use: each Exec
// is a separate SSH channel on the real thing.
type Node struct {
	cfg   Config
	clock clockwork.Clock
	fs    *memFS

	mu     sync.Mutex
	faults Faults

	power        powerState
	bootID       string
	bootTime     time.Time
	bootCtx      context.Context
	bootCancel   context.CancelCauseFunc
	powerChanged chan struct{} // closed and replaced on every power change
	listeners    []func(up bool)
	powerEvents  []bool // changes not yet told to the listeners
	delivering   bool   // a goroutine is telling the listeners
	powerTimer   clockwork.Timer

	kernel         string   // running kernel
	staged         string   // kernel the next boot runs; empty when none
	installed      []string // kernels on disk, oldest first
	rebootRequired bool

	agent agentState
	crsUp bool
	asmUp bool
	dbUp  bool

	advisories  []Advisory
	fixedByBoot []Advisory // what the staged update fixes once booted
	fixed       []Advisory // what earlier updates fixed, for rollbacks

	jobs     []*job
	counters Counters

	// shown is what virtual files print, republished under mu on change.
	shown atomic.Pointer[shownState]
}

type shownState struct {
	bootID string
	kernel string
	ol7    bool
}

// publishLocked refreshes what virtual files print.
func (n *Node) publishLocked() {
	n.shown.Store(&shownState{bootID: n.bootID, kernel: n.runningKernelLocked(), ol7: n.faults.EOLKernel != ""})
}

type agentState uint8

const (
	agentActive agentState = iota
	agentInactive
	agentFailed
)

func (a agentState) String() string {
	switch a {
	case agentActive:
		return "active"
	case agentFailed:
		return "failed"
	default:
		return "inactive"
	}
}

// Counters count what clients did to a node.
type Counters struct {
	CommandsExecuted    int64
	UpdateJobsStarted   int64
	PrecheckJobsStarted int64
	// Reboots counts power-offs that were part of a reboot.
	Reboots int64
	// DescribeJobCalls counts `dbcli describe-job` calls, dropped or not.
	DescribeJobCalls int64
	// ConnectionsDropped counts commands answered by dropping the connection.
	ConnectionsDropped int64
}

// State is a snapshot of what runs on the node.
type State struct {
	Hostname       string
	Storage        Storage
	Up             bool
	BootID         string
	BootedAt       time.Time
	Kernel         string
	StagedKernel   string
	RebootRequired bool
	// Agent is the DCS agent's systemd state: active, inactive or failed.
	Agent string
	CRSUp bool
	ASMUp bool
	DBUp  bool
	// Advisories is how many advisories the node still lacks.
	Advisories int
}

// New builds a powered-on node whose stack is up.
func New(cfg Config) (*Node, error) {
	cfg = cfg.withDefaults()
	if cfg.Storage != StorageASM && cfg.Storage != StorageLVM {
		return nil, fmt.Errorf("node %s: storage must be ASM or LVM, got %q", cfg.Hostname, cfg.Storage)
	}
	if err := cfg.Faults.Validate(); err != nil {
		return nil, fmt.Errorf("node %s: %w", cfg.Hostname, err)
	}
	now := cfg.Clock.Now()
	n := &Node{
		cfg:          cfg,
		clock:        cfg.Clock,
		fs:           newMemFS(),
		kernel:       cfg.Kernel,
		installed:    []string{previousKernel(cfg.Kernel), cfg.Kernel},
		advisories:   append([]Advisory(nil), cfg.Advisories...),
		powerChanged: make(chan struct{}),
	}
	n.applyFaultsLocked(cfg.Faults)
	n.installImage(now)
	n.jobs = historyJobs(now)
	n.bootLocked(now.Add(-72 * time.Hour))
	return n, nil
}

// Hostname is the node's short host name.
func (n *Node) Hostname() string { return n.cfg.Hostname }

// Config returns the node's configuration with defaults filled in.
func (n *Node) Config() Config { return n.cfg }

// Kernel is what `uname -r` prints now.
func (n *Node) Kernel() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.runningKernelLocked()
}

// BootID is the current boot's /proc/sys/kernel/random/boot_id; empty
// while the node is powered off.
func (n *Node) BootID() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.power == powerOff {
		return ""
	}
	return n.bootID
}

// Up reports whether the node is powered on (it may be shutting down).
func (n *Node) Up() bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.power != powerOff
}

// Counters returns a snapshot of the counters.
func (n *Node) Counters() Counters {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.counters
}

// State returns a snapshot of the node after settling finished jobs.
func (n *Node) State() State {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.settleLocked(n.clock.Now())
	return State{
		Hostname:       n.cfg.Hostname,
		Storage:        n.cfg.Storage,
		Up:             n.power != powerOff,
		BootID:         n.bootID,
		BootedAt:       n.bootTime,
		Kernel:         n.runningKernelLocked(),
		StagedKernel:   n.staged,
		RebootRequired: n.rebootRequired,
		Agent:          n.agent.String(),
		CRSUp:          n.crsUp,
		ASMUp:          n.asmUp,
		DBUp:           n.dbUp,
		Advisories:     len(n.advisories),
	}
}

func (n *Node) runningKernelLocked() string {
	switch n.faults.EOLKernel {
	case EOLKernelUEK4:
		return eolUEK4
	case EOLKernelUEK5:
		return eolUEK5
	}
	return n.kernel
}

func (n *Node) isASM() bool { return n.cfg.Storage == StorageASM }

// newUUID returns a random lowercase version 4 UUID, the shape of boot ids
// and dbcli job ids.
func newUUID() string {
	var b [16]byte
	for i := range 2 {
		v := rand.Uint64()
		for j := range 8 {
			b[i*8+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
