package oci

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/oracle/oci-go-sdk/v65/identity"
	"golang.org/x/sync/errgroup"
)

// compartment is one node of the tree searched for a DB system.
type compartment struct {
	ID   string
	Name string // empty for the root, which is given and not listed
}

// paasManagedCompartment holds resources Oracle manages for PaaS services;
// it is never where a user's DB system lives, and listing in it only adds
// calls (Oracle's own compliance sample skips it too).
const paasManagedCompartment = "ManagedCompartmentForPaaS"

// compartmentTree returns root and every active compartment below it, root
// first. OCI lets only the tenancy list its whole subtree in one call
// (compartmentIdInSubtree), so below a compartment the tree is walked level
// by level, each level's children listed concurrently.
func (c *Client) compartmentTree(ctx context.Context, root string) ([]compartment, error) {
	cl, err := c.identityClient()
	if err != nil {
		return nil, err
	}
	tree := []compartment{{ID: root}}
	if isTenancy(root) {
		children, err := c.childCompartments(ctx, cl, root, true)
		if err != nil {
			return nil, err
		}
		return append(tree, children...), nil
	}
	// seen guards against a listing that names a compartment twice, which
	// would otherwise search it twice or, in a cycle, forever.
	seen := map[string]bool{root: true}
	level := []string{root}
	for len(level) > 0 {
		var (
			mu   sync.Mutex
			next []compartment
		)
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(c.cfg.MaxConcurrency)
		for _, parent := range level {
			g.Go(func() error {
				children, err := c.childCompartments(gctx, cl, parent, false)
				if err != nil {
					return err
				}
				mu.Lock()
				next = append(next, children...)
				mu.Unlock()
				return nil
			})
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
		sortCompartments(next)
		level = level[:0]
		for _, child := range next {
			if seen[child.ID] {
				continue
			}
			seen[child.ID] = true
			tree = append(tree, child)
			level = append(level, child.ID)
		}
	}
	return tree, nil
}

func (c *Client) childCompartments(ctx context.Context, cl *identity.IdentityClient, parent string, subtree bool) ([]compartment, error) {
	items, err := listAll(ctx, func(ctx context.Context, page *string) ([]identity.Compartment, *string, error) {
		req := identity.ListCompartmentsRequest{
			CompartmentId:  &parent,
			Page:           page,
			LifecycleState: identity.CompartmentLifecycleStateActive,
			AccessLevel:    identity.ListCompartmentsAccessLevelAccessible,
		}
		if subtree {
			req.CompartmentIdInSubtree = &subtree
		}
		resp, err := cl.ListCompartments(ctx, req)
		return resp.Items, resp.OpcNextPage, err
	})
	if err != nil {
		return nil, serviceError(err, fmt.Sprintf("list the compartments under %s", parent), policyCompartments)
	}
	out := make([]compartment, 0, len(items))
	for _, it := range items {
		// The filter is in the request, but a compartment being deleted
		// may still be listed; searching in it would only fail later.
		if it.LifecycleState != identity.CompartmentLifecycleStateActive || deref(it.Name) == paasManagedCompartment {
			continue
		}
		out = append(out, compartment{ID: deref(it.Id), Name: deref(it.Name)})
	}
	sortCompartments(out)
	return out, nil
}

func sortCompartments(cs []compartment) {
	slices.SortFunc(cs, func(a, b compartment) int { return strings.Compare(a.ID, b.ID) })
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
