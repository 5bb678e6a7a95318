package patch

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/fleetpatch/terraform-provider-fams/internal/access"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
)

// Transport runs a command on a host: an access.Runner, such as the
// remote.Pool access.Dial returns, which keeps one connection per node for
// the whole run.
type Transport = access.Runner

// Engine runs the workflow with one configuration.
type Engine struct {
	cfg Config
	ssh Transport
	// port is the SSH port for nodes that carry none.
	port int
}

// New checks cfg and returns an engine that reaches nodes through ssh on
// port (0: the transport's default).
func New(cfg Config, ssh Transport, port int) (*Engine, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if ssh == nil {
		return nil, errors.New("patch: no transport")
	}
	return &Engine{cfg: cfg.withDefaults(), ssh: ssh, port: port}, nil
}

// Config returns the configuration in effect, defaults filled in.
func (e *Engine) Config() Config { return e.cfg }

// Patch runs the workflow on sys, rolling: one node after the other in
// the system's order. The first failure stops the run; the nodes after it
// are NotAttempted. The result always lists every node.
func (e *Engine) Patch(ctx context.Context, sys oci.System) SystemResult {
	res := SystemResult{ID: sys.ID, DisplayName: sys.DisplayName, Nodes: make([]NodeResult, len(sys.Nodes))}
	if len(sys.Nodes) == 0 {
		res.Err = fmt.Errorf("DB system %s has no DB nodes to patch", sys.Name())
		return res
	}
	for i, n := range sys.Nodes {
		if res.Err != nil {
			res.Nodes[i] = NodeResult{Hostname: n.Hostname, Address: n.Address(e.port), Outcome: NotAttempted}
			e.emit(Event{System: sys.Name(), Node: n.Hostname, Kind: NodeFinished, Message: string(NotAttempted)})
			continue
		}
		res.Nodes[i] = e.patchNode(ctx, sys, n)
		if !res.Nodes[i].Outcome.Succeeded() {
			res.Err = res.Nodes[i].Err
		}
	}
	return res
}

// PatchAll patches several DB systems, at most parallel at a time; the
// nodes of each stay strictly rolling. A failure on one system does not
// stop the others: they are independent, and stopping them halfway
// would leave more nodes in an unknown state, not fewer.
func (e *Engine) PatchAll(ctx context.Context, systems []oci.System, parallel int) []SystemResult {
	out := make([]SystemResult, len(systems))
	var g errgroup.Group
	g.SetLimit(max(1, parallel))
	for i, sys := range systems {
		g.Go(func() error {
			out[i] = e.Patch(ctx, sys)
			return nil
		})
	}
	_ = g.Wait()
	return out
}

func (e *Engine) emit(ev Event) {
	if ev.Time.IsZero() {
		ev.Time = e.cfg.Clock.Now()
	}
	attrs := []any{"system", ev.System, "node", ev.Node, "kind", ev.Kind}
	if ev.Phase != "" {
		attrs = append(attrs, "phase", ev.Phase)
	}
	if ev.JobID != "" {
		attrs = append(attrs, "job_id", ev.JobID)
	}
	if ev.Err != nil {
		attrs = append(attrs, "error", ev.Err)
	}
	e.cfg.Logger.Debug(ev.Message, attrs...)
	if e.cfg.OnEvent != nil {
		e.cfg.OnEvent(ev)
	}
}
