package patch

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
)

// Option says how far the workflow goes.
type Option string

const (
	// OptionPrecheck runs every check, the dbcli OS precheck included,
	// and changes nothing.
	OptionPrecheck Option = "precheck"
	// OptionUpdate patches and reboots the nodes.
	OptionUpdate Option = "update"
)

// Options lists the valid options.
func Options() []Option { return []Option{OptionPrecheck, OptionUpdate} }

// KernelAction is what the kernel gate does with an end-of-life kernel.
type KernelAction string

const (
	// KernelSkip leaves the node alone and goes on with the next one.
	KernelSkip KernelAction = "skip"
	// KernelFail stops the run at the node.
	KernelFail KernelAction = "fail"
)

// KernelPolicy is the kernel gate: nodes running a kernel of an
// end-of-life series cannot take OS updates from dbcli any more (Oracle
// ships no packages for them), so patching them only fails late.
type KernelPolicy struct {
	// EndOfLifeSeries are upstream major.minor series, e.g. "4.14" (UEK5).
	EndOfLifeSeries []string
	Action          KernelAction
}

// DefaultEndOfLifeSeries are UEK4 (4.1) and UEK5 (4.14).
func DefaultEndOfLifeSeries() []string { return []string{"4.1", "4.14"} }

// Defaults of Config.
const (
	DefaultJobTimeout      = 3 * time.Hour
	DefaultPrecheckTimeout = 30 * time.Minute
	DefaultRebootTimeout   = 24 * time.Minute
	DefaultStackTimeout    = 20 * time.Minute
	// DefaultPollInitial is also the shortest wait between two polls:
	// the end of a job is seen about this late at worst.
	DefaultPollInitial = time.Second
	// DefaultPollMax is well under the five minutes the runbook script
	// waited between polls: a poll on the node's open connection costs a
	// few milliseconds, and a shorter cap shortens every node's downtime.
	DefaultPollMax = 30 * time.Second
	// DefaultCommandTimeout bounds one command that should answer at
	// once, so that a hung node cannot stall the run forever.
	DefaultCommandTimeout = 10 * time.Minute
)

// Config is one run of the workflow.
type Config struct {
	Option   Option
	Commands dbnode.Commands
	Hooks    dbnode.Hooks
	Kernel   KernelPolicy
	// MinFreeBytes is the free space /u01 must have; 0 means
	// dbnode.MinFreeForOSUpdate.
	MinFreeBytes int64

	JobTimeout      time.Duration
	PrecheckTimeout time.Duration
	RebootTimeout   time.Duration
	StackTimeout    time.Duration
	CommandTimeout  time.Duration
	// PollInitial is the first wait between two polls; each wait then
	// grows by half up to PollMax, unless the job's progress predicts
	// its end, which the wait then aims at (never below PollInitial).
	PollInitial time.Duration
	PollMax     time.Duration

	// Owner and RunID are written into each node's lock, RunID scoped to
	// the DB system ("terraform@ocid1.dbsystem..."). A lock with the same
	// run id is this caller's own, left by an earlier attempt that crashed
	// or was cancelled: it is taken over, which is what lets a rerun
	// resume. RunID names the caller (the provider, famsctl), never a
	// time or a process.
	Owner string
	RunID string
	// BreakLockOlderThan lets the run break another run's lock once it
	// is older than this; 0 never breaks a lock.
	BreakLockOlderThan time.Duration

	// OnEvent receives every event; it is called from the goroutine that
	// patches the node, so it must be safe for concurrent use when
	// several DB systems run at once.
	OnEvent func(Event)
	Logger  *slog.Logger
	Clock   clockwork.Clock
}

// withDefaults fills the zero values.
func (c Config) withDefaults() Config {
	if c.Option == "" {
		c.Option = OptionUpdate
	}
	if c.Commands.IsZero() {
		c.Commands = dbnode.DefaultCommands()
	}
	if c.Kernel.EndOfLifeSeries == nil {
		c.Kernel.EndOfLifeSeries = DefaultEndOfLifeSeries()
	}
	if c.Kernel.Action == "" {
		c.Kernel.Action = KernelSkip
	}
	if c.MinFreeBytes == 0 {
		c.MinFreeBytes = dbnode.MinFreeForOSUpdate
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&c.JobTimeout, DefaultJobTimeout)
	def(&c.PrecheckTimeout, DefaultPrecheckTimeout)
	def(&c.RebootTimeout, DefaultRebootTimeout)
	def(&c.StackTimeout, DefaultStackTimeout)
	def(&c.CommandTimeout, DefaultCommandTimeout)
	def(&c.PollMax, DefaultPollMax)
	// A cap below the default first interval is the first interval too.
	def(&c.PollInitial, min(DefaultPollInitial, c.PollMax))
	if c.PollMax < c.PollInitial {
		c.PollMax = c.PollInitial
	}
	if c.Owner == "" {
		c.Owner = "fams"
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Clock == nil {
		c.Clock = clockwork.NewRealClock()
	}
	return c
}

// Validate reports every problem of the configuration together, each
// naming the setting and the fix.
func (c Config) Validate() error {
	var errs []error
	if c.Option != "" && !slices.Contains(Options(), c.Option) {
		errs = append(errs, fmt.Errorf("option %q is not valid: use %q or %q", c.Option, OptionPrecheck, OptionUpdate))
	}
	if c.Kernel.Action != "" && c.Kernel.Action != KernelSkip && c.Kernel.Action != KernelFail {
		errs = append(errs, fmt.Errorf("kernel policy action %q is not valid: use %q or %q", c.Kernel.Action, KernelSkip, KernelFail))
	}
	for i, s := range c.Kernel.EndOfLifeSeries {
		if !validSeries(s) {
			errs = append(errs, fmt.Errorf("kernel policy end_of_life_series[%d] %q is not a kernel series: write major.minor, e.g. \"4.14\"", i, s))
		}
	}
	for name, d := range map[string]time.Duration{
		"job_timeout": c.JobTimeout, "precheck_timeout": c.PrecheckTimeout, "reboot_timeout": c.RebootTimeout,
		"stack_timeout": c.StackTimeout, "command_timeout": c.CommandTimeout, "poll_interval_initial": c.PollInitial,
		"poll_interval_max": c.PollMax, "break_stale_lock_after": c.BreakLockOlderThan,
	} {
		if d < 0 {
			errs = append(errs, fmt.Errorf("%s is negative (%s): give a positive duration such as \"30s\"", name, d))
		}
	}
	if c.MinFreeBytes < 0 {
		errs = append(errs, errors.New("min_free_bytes is negative: give a size in bytes, or 0 for the 15 GiB Oracle requires"))
	}
	if err := c.Hooks.Validate(); err != nil {
		errs = append(errs, err)
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errors.Join(errs...)
}

func validSeries(s string) bool {
	major, minor, ok := strings.Cut(s, ".")
	digits := func(x string) bool {
		return x != "" && strings.Trim(x, "0123456789") == ""
	}
	return ok && digits(major) && digits(minor)
}
