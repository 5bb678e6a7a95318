package node

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

type powerState uint8

const (
	powerOn powerState = iota
	// powerShuttingDown: a reboot was asked for; the node still answers
	// until the power goes.
	powerShuttingDown
	powerOff
)

// ErrPoweredOff is returned for commands that reach a node without power.
var ErrPoweredOff = errors.New("the node is powered off")

// ErrConnectionDropped is returned when the node drops the connection a
// command came on: a reboot cut it, or a fault dropped it.
var ErrConnectionDropped = errors.New("the node dropped the connection")

// OnPower registers f to be told of every power change: false when the
// node powers off, true when it is back. f runs on the clock's timer
// goroutine, in order, and must not block for long.
func (n *Node) OnPower(f func(up bool)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.listeners = append(n.listeners, f)
}

// WaitPower waits until the node's power is up (or down).
func (n *Node) WaitPower(ctx context.Context, up bool) error {
	for {
		n.mu.Lock()
		now := n.power != powerOff
		changed := n.powerChanged
		n.mu.Unlock()
		if now == up {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("node %s did not power %s: %w", n.cfg.Hostname, onOff(up), context.Cause(ctx))
		case <-changed:
		}
	}
}

func onOff(up bool) string {
	if up {
		return "on"
	}
	return "off"
}

// Reboot reboots the node as `reboot` does: it keeps answering for a
// moment, then powers off and comes back after the reboot duration.
func (n *Node) Reboot() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.scheduleRebootLocked(rebootGrace)
}

// RollbackKernel power-cycles the node into the kernel it ran before the
// current one, as an operator picking an older GRUB entry would: the node
// goes down now and comes back after the reboot duration on the old
// kernel, with the advisories that kernel lacks.
func (n *Node) RollbackKernel() {
	n.mu.Lock()
	defer n.mu.Unlock()
	prev := n.installed[0]
	for i, k := range n.installed {
		if k == n.kernel && i > 0 {
			prev = n.installed[i-1]
		}
	}
	n.staged = prev
	n.rebootRequired = false
	n.scheduleRebootLocked(0)
}

// PowerOff cuts the power until PowerOn, like a stopped VM.
func (n *Node) PowerOff() {
	n.mu.Lock()
	if n.power == powerOff {
		n.mu.Unlock()
		return
	}
	n.stopPowerTimerLocked()
	notify := n.powerOffLocked(false)
	n.mu.Unlock()
	notify()
}

// PowerOn boots a node that is off, at once; it does nothing to a node
// that is on.
func (n *Node) PowerOn() {
	n.mu.Lock()
	if n.power != powerOff {
		n.mu.Unlock()
		return
	}
	n.stopPowerTimerLocked()
	n.bootLocked(n.clock.Now())
	notify := n.notifierLocked(true)
	n.mu.Unlock()
	notify()
}

func (n *Node) stopPowerTimerLocked() {
	if n.powerTimer != nil {
		n.powerTimer.Stop()
		n.powerTimer = nil
	}
}

// scheduleRebootLocked powers the node off after delay and, unless a fault
// keeps it down, back on after the reboot duration.
func (n *Node) scheduleRebootLocked(delay time.Duration) {
	if n.power != powerOn {
		return
	}
	n.power = powerShuttingDown
	n.powerTimer = n.clock.AfterFunc(delay, n.rebootPowerOff)
}

func (n *Node) rebootPowerOff() {
	n.mu.Lock()
	if n.power == powerOff {
		n.mu.Unlock()
		return
	}
	notify := n.powerOffLocked(true)
	n.powerTimer = n.clock.AfterFunc(n.cfg.RebootDuration, n.rebootPowerOn)
	n.mu.Unlock()
	notify()
}

func (n *Node) rebootPowerOn() {
	n.mu.Lock()
	if n.power != powerOff || n.faults.RebootNeverReturns {
		n.mu.Unlock()
		return
	}
	n.powerTimer = nil
	n.bootLocked(n.clock.Now())
	notify := n.notifierLocked(true)
	n.mu.Unlock()
	notify()
}

// powerOffLocked stops everything abruptly and cuts every connection. It
// returns the listener notification, to be run once mu is released.
func (n *Node) powerOffLocked(reboot bool) func() {
	now := n.clock.Now()
	n.settleLocked(now)
	for _, j := range n.jobs {
		if !j.done {
			j.interrupt(now)
			n.writeJobEndLogLocked(j)
		}
	}
	if n.dbUp {
		n.fs.appendAs(n.cfg.alertLogPath(), userOracle, "oinstall", alertAbort(now), now)
	}
	n.crsUp, n.asmUp, n.dbUp = false, false, false
	n.agent = agentInactive
	n.power = powerOff
	if reboot {
		n.counters.Reboots++
	}
	n.bootCancel(ErrConnectionDropped)
	return n.notifierLocked(false)
}

// bootLocked brings the node up at time at: a new boot id, the staged
// kernel, the agent and, unless disabled, the database stack.
func (n *Node) bootLocked(at time.Time) {
	n.fs.removeTree("/tmp")
	n.bootID = newUUID()
	n.bootTime = at
	n.bootCtx, n.bootCancel = context.WithCancelCause(context.Background())
	if n.staged != "" {
		n.bootIntoLocked(n.staged)
	}
	n.staged = ""
	n.rebootRequired = false
	n.power = powerOn
	n.agent = agentActive
	if n.faults.AgentDown {
		n.agent = agentInactive
	}
	if !n.faults.NoStackAutostart {
		n.startStackLocked(at)
	}
	n.publishLocked()
}

// bootIntoLocked switches the running kernel; advisories follow the
// kernel: moving forward applies what the update fixed, moving back
// brings back the advisories of the kernel left behind.
func (n *Node) bootIntoLocked(k string) {
	from := n.kernel
	n.kernel = k
	if kernelOlder(from, k) {
		n.removeAdvisoriesLocked(n.fixedByBoot)
		n.fixed = append(n.fixed, n.fixedByBoot...)
		n.fixedByBoot = nil
		return
	}
	var back []Advisory
	keep := n.fixed[:0]
	for _, a := range n.fixed {
		if a.mentions(from) {
			back = append(back, a)
		} else {
			keep = append(keep, a)
		}
	}
	n.fixed = keep
	n.advisories = append(n.advisories, back...)
	n.fixedByBoot = nil
}

// notifierLocked records a power change and returns what delivers it once
// mu is released. Events queue under mu and a single deliverer drains
// them, so listeners see them in order even though the clock may fire the
// next change on another goroutine, and no lock is held while they run.
func (n *Node) notifierLocked(up bool) func() {
	close(n.powerChanged)
	n.powerChanged = make(chan struct{})
	n.powerEvents = append(n.powerEvents, up)
	if n.delivering {
		return func() {}
	}
	n.delivering = true
	return n.deliverPowerEvents
}

func (n *Node) deliverPowerEvents() {
	for {
		n.mu.Lock()
		if len(n.powerEvents) == 0 {
			n.delivering = false
			n.mu.Unlock()
			return
		}
		up := n.powerEvents[0]
		n.powerEvents = n.powerEvents[1:]
		listeners := slices.Clone(n.listeners)
		n.mu.Unlock()
		for _, f := range listeners {
			f(up)
		}
	}
}
