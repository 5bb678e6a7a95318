package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/mattn/go-isatty"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/patch"
)

// progress shows a patch run as it happens and sums it up at the end.
// event is called concurrently from the goroutines patching the systems.
type progress interface {
	event(patch.Event)
	finish(results []patch.SystemResult)
}

// isTerminal reports whether w is an interactive terminal: only then is
// output redrawn in place; a runbook or CI log gets plain lines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

func newProgress(w io.Writer, logFormat string, systems []oci.System) progress {
	if isTerminal(w) {
		return newBarProgress(w, systems)
	}
	return newLogProgress(w, logFormat)
}

func newLogger(w io.Writer, format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// logProgress writes one log line per event. Every line carries system,
// node and phase, so that a line grepped out of a long runbook log still
// says where it happened.
type logProgress struct {
	log *slog.Logger

	mu    sync.Mutex
	phase map[string]patch.Phase
}

func newLogProgress(w io.Writer, format string) *logProgress {
	return &logProgress{log: newLogger(w, format), phase: map[string]patch.Phase{}}
}

func (p *logProgress) event(ev patch.Event) {
	key := ev.System + "\x00" + ev.Node
	p.mu.Lock()
	if ev.Phase != "" {
		p.phase[key] = ev.Phase
	}
	phase := p.phase[key]
	p.mu.Unlock()

	level := slog.LevelInfo
	switch ev.Kind {
	case patch.Warning:
		level = slog.LevelWarn
	case patch.PhaseFailed:
		level = slog.LevelError
	}
	msg := ev.Message
	if msg == "" {
		msg = strings.ReplaceAll(string(ev.Kind), "_", " ")
	}
	attrs := []slog.Attr{
		slog.String("system", ev.System), slog.String("node", ev.Node),
		slog.String("phase", string(phase)), slog.String("event", string(ev.Kind)),
	}
	if ev.JobID != "" {
		attrs = append(attrs, slog.String("job_id", ev.JobID))
	}
	if ev.Kind == patch.JobProgress {
		attrs = append(attrs, slog.Int("percent", ev.Percent))
	}
	if ev.NextPoll > 0 {
		attrs = append(attrs, slog.Duration("next_poll", ev.NextPoll))
	}
	if ev.Elapsed > 0 {
		attrs = append(attrs, slog.Duration("elapsed", ev.Elapsed))
	}
	if ev.Err != nil {
		attrs = append(attrs, slog.String("error", ev.Err.Error()))
	}
	p.log.LogAttrs(context.Background(), level, msg, attrs...)
}

func (p *logProgress) finish(results []patch.SystemResult) {
	for _, sys := range results {
		name := resultName(sys)
		for _, n := range sys.Nodes {
			level := slog.LevelInfo
			if n.Outcome == patch.Failed {
				level = slog.LevelError
			}
			attrs := []slog.Attr{
				slog.String("system", name), slog.String("node", n.Hostname), slog.String("phase", string(n.Phase)),
				slog.String("event", "result"), slog.String("outcome", string(n.Outcome)),
				slog.String("address", n.Address),
			}
			if n.KernelBefore != "" {
				attrs = append(attrs, slog.String("kernel_before", n.KernelBefore), slog.String("kernel_after", n.KernelAfter))
			}
			if n.JobID != "" {
				attrs = append(attrs, slog.String("job_id", n.JobID), slog.String("job_status", string(n.JobStatus)))
			}
			p.log.LogAttrs(context.Background(), level, "node result", attrs...)
		}
		if sys.Err != nil && len(sys.Nodes) == 0 {
			p.log.LogAttrs(context.Background(), slog.LevelError, "DB system failed",
				slog.String("system", name), slog.String("node", ""), slog.String("phase", ""), slog.String("error", sys.Err.Error()))
		}
	}
}

func resultName(r patch.SystemResult) string {
	if r.DisplayName != "" {
		return r.DisplayName
	}
	return r.ID
}

// barProgress draws one line per node, redrawn in place: phase, elapsed
// time, job percentage and when the next poll comes.
type barProgress struct {
	w     io.Writer
	p     *mpb.Progress
	nodes map[string]*nodeBar
	order []*nodeBar

	// warnings are kept for after the bars: a line printed between
	// redraws would be overwritten.
	mu       sync.Mutex
	warnings []string
}

type nodeBar struct {
	bar *mpb.Bar

	mu       sync.Mutex
	phase    patch.Phase
	started  time.Time
	ended    time.Time
	percent  int
	nextPoll time.Time
	outcome  string
}

func newBarProgress(w io.Writer, systems []oci.System) *barProgress {
	bp := &barProgress{w: w, nodes: map[string]*nodeBar{}}
	bp.p = mpb.New(mpb.WithOutput(w), mpb.WithWidth(24), mpb.WithRefreshRate(200*time.Millisecond))
	for _, sys := range systems {
		for _, n := range sys.Nodes {
			nb := &nodeBar{}
			label := sys.Name() + "/" + n.Hostname
			nb.bar = bp.p.New(100, mpb.BarStyle(),
				mpb.PrependDecorators(decor.Name(label, decor.WCSyncSpaceR), decor.Any(nb.status, decor.WCSyncSpaceR)),
				mpb.AppendDecorators(decor.Any(nb.timing)),
			)
			bp.nodes[sys.Name()+"\x00"+n.Hostname] = nb
			bp.order = append(bp.order, nb)
		}
	}
	return bp
}

func (nb *nodeBar) status(decor.Statistics) string {
	nb.mu.Lock()
	defer nb.mu.Unlock()
	switch {
	case nb.outcome != "":
		return nb.outcome
	case nb.phase == "":
		return "waiting"
	case nb.phase == patch.PhaseUpdate && nb.percent > 0:
		return fmt.Sprintf("%s %d%%", nb.phase, nb.percent)
	default:
		return string(nb.phase)
	}
}

func (nb *nodeBar) timing(decor.Statistics) string {
	nb.mu.Lock()
	defer nb.mu.Unlock()
	if nb.started.IsZero() {
		return ""
	}
	end := nb.ended
	if end.IsZero() {
		end = time.Now()
	}
	s := end.Sub(nb.started).Truncate(time.Second).String()
	if nb.ended.IsZero() && !nb.nextPoll.IsZero() {
		if d := time.Until(nb.nextPoll); d > 0 {
			s += fmt.Sprintf(", next poll in %s", d.Round(time.Second))
		}
	}
	return s
}

func (bp *barProgress) event(ev patch.Event) {
	if ev.Kind == patch.Warning {
		bp.mu.Lock()
		bp.warnings = append(bp.warnings, fmt.Sprintf("%s/%s, %s: %s", ev.System, ev.Node, ev.Phase, ev.Message))
		bp.mu.Unlock()
	}
	nb := bp.nodes[ev.System+"\x00"+ev.Node]
	if nb == nil {
		return
	}
	nb.mu.Lock()
	if nb.started.IsZero() {
		nb.started = time.Now()
	}
	if ev.Phase != "" {
		nb.phase = ev.Phase
	}
	if ev.NextPoll > 0 {
		nb.nextPoll = time.Now().Add(ev.NextPoll)
	}
	percent := -1
	switch ev.Kind {
	case patch.JobProgress:
		nb.percent, percent = ev.Percent, ev.Percent
	case patch.NodeFinished:
		nb.outcome, nb.ended = ev.Message, time.Now()
	}
	outcome := nb.outcome
	nb.mu.Unlock()

	switch {
	case outcome != "" && patch.Outcome(outcome).Succeeded():
		nb.bar.SetTotal(-1, true)
	case outcome != "":
		nb.bar.Abort(false)
	case percent >= 0:
		nb.bar.SetCurrent(int64(percent))
	}
}

func (bp *barProgress) finish(results []patch.SystemResult) {
	for _, nb := range bp.order {
		if !nb.bar.AbortedOrCompleted() {
			nb.bar.Abort(false)
		}
	}
	bp.p.Wait()
	summaryTable(bp.w, results)
	bp.mu.Lock()
	defer bp.mu.Unlock()
	for _, w := range bp.warnings {
		fmt.Fprintln(bp.w, "warning:", w)
	}
}

// summaryTable prints one row per node.
func summaryTable(w io.Writer, results []patch.SystemResult) {
	t := table.NewWriter()
	t.SetOutputMirror(w)
	t.SetStyle(table.StyleLight)
	t.AppendHeader(table.Row{"System", "Node", "Outcome", "Phase", "Kernel", "Job", "Duration"})
	for _, sys := range results {
		for _, n := range sys.Nodes {
			kernel := n.KernelBefore
			if n.KernelAfter != "" && n.KernelAfter != n.KernelBefore {
				kernel += " -> " + n.KernelAfter
			}
			job := n.JobID
			if job != "" && n.JobStatus != "" {
				job += " (" + string(n.JobStatus) + ")"
			}
			var d time.Duration
			for _, ph := range n.Phases {
				d += ph.Duration
			}
			t.AppendRow(table.Row{resultName(sys), n.Hostname, n.Outcome, n.Phase, kernel, job, d.Round(time.Second)})
		}
	}
	t.Render()
}
