package patch

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/remote"
)

// NodeState is what a node says about its patch state, read without
// changing anything: what Terraform's refresh, the patch_state data source
// and `famsctl status` show.
type NodeState struct {
	Hostname string
	Address  string
	Kernel   string
	BootID   string
	// Jobs are the node's OS update and OS precheck jobs, oldest first.
	Jobs []dbnode.Job
	// LastUpdate is the newest OS update job; its ID is empty if the node
	// never ran one.
	LastUpdate      dbnode.Job
	UpdateAvailable bool
	RebootRequired  bool
	// Lock is the node's patch lock, when a run holds it.
	Lock               *dbnode.LockOwner
	HostKeyFingerprint string
	// Err is why the node could not be read; the fields read before it
	// are kept.
	Err error
}

// Inspect reads the state of every node of sys, parallel nodes at a time
// (0 means all at once).
func (e *Engine) Inspect(ctx context.Context, sys oci.System, parallel int) []NodeState {
	out := make([]NodeState, len(sys.Nodes))
	var g errgroup.Group
	if parallel > 0 {
		g.SetLimit(parallel)
	}
	release, _ := e.ssh.(interface{ Release(host string) })
	for i, n := range sys.Nodes {
		g.Go(func() error {
			out[i] = e.inspectNode(ctx, sys, n)
			// A read is one short visit: holding every node's
			// connection open would make memory grow with the fleet.
			if release != nil {
				release.Release(out[i].Address)
			}
			return nil
		})
	}
	_ = g.Wait()
	return out
}

func (e *Engine) inspectNode(ctx context.Context, sys oci.System, n oci.Node) NodeState {
	st := NodeState{Hostname: n.Hostname, Address: n.Address(e.port)}
	r := &nodeRun{e: e, system: sys.Name(), host: st.Address, res: &NodeResult{Hostname: n.Hostname}}
	fail := func(what string, err error) NodeState {
		st.Err = &PhaseError{Node: n.Hostname, Phase: PhaseConnect, Err: fmt.Errorf("%s: %w", what, err)}
		return st
	}
	k, err := r.readKernel(ctx)
	if err != nil {
		return fail("read the kernel", err)
	}
	st.Kernel = k.Release
	st.HostKeyFingerprint = e.hostKeyFingerprint(st.Address)
	if st.BootID, err = r.readBootID(ctx); err != nil {
		return fail("read the boot id", err)
	}
	o, err := r.exec(ctx, dbnode.StepListJobs)
	if err != nil {
		return fail("list the dbcli jobs", err)
	}
	jobs, err := dbnode.ParseJobs(o.text)
	if err != nil {
		return fail("list the dbcli jobs", badAnswer(o, "", "%w", err))
	}
	for _, j := range jobs {
		if j.IsOSUpdate() || j.IsOSPrecheck() {
			st.Jobs = append(st.Jobs, j)
		}
	}
	st.LastUpdate, _ = dbnode.NewestOSUpdate(jobs)
	avail, err := r.availability(ctx)
	if err != nil {
		return fail("read the available OS updates", err)
	}
	st.UpdateAvailable, st.RebootRequired = avail.UpdateAvailable, avail.RebootRequired
	o, err = r.execCommand(ctx, dbnode.LockRead())
	if err != nil {
		return fail("read the patch lock", err)
	}
	if o.status == 0 {
		if owner, err := dbnode.ParseLockOwner(o.text); err == nil {
			st.Lock = &owner
		} else {
			st.Lock = &dbnode.LockOwner{Owner: "unreadable lock: " + err.Error()}
		}
	}
	return st
}

// hostKeyFingerprint is the key the node proved itself with, when the
// transport can tell.
func (e *Engine) hostKeyFingerprint(host string) string {
	pool, ok := e.ssh.(*remote.Pool)
	if !ok {
		return ""
	}
	c, err := pool.Client(host)
	if err != nil {
		return ""
	}
	return c.HostKeyFingerprint()
}
