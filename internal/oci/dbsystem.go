package oci

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/oracle/oci-go-sdk/v65/database"
	"golang.org/x/sync/errgroup"
)

// DBSystem finds the DB system sel names and its nodes in rolling order.
// Terminated and terminating systems are never matched: their names are
// often reused by the replacement system.
func (c *Client) DBSystem(ctx context.Context, sel Selector) (System, error) {
	if err := sel.Validate(); err != nil {
		return System{}, err
	}
	var (
		sys System
		err error
	)
	if sel.ID != "" {
		sys, err = c.dbSystemByID(ctx, sel.ID)
	} else {
		sys, err = c.dbSystemByName(ctx, sel.CompartmentID, sel.DisplayName)
	}
	if err != nil {
		return System{}, err
	}
	sys.Nodes, err = c.dbNodes(ctx, sys)
	if err != nil {
		return System{}, err
	}
	return sys, nil
}

func (c *Client) dbSystemByID(ctx context.Context, id string) (System, error) {
	cl, err := c.databaseClient()
	if err != nil {
		return System{}, err
	}
	resp, err := cl.GetDbSystem(ctx, database.GetDbSystemRequest{DbSystemId: &id})
	if err != nil {
		return System{}, serviceError(err, fmt.Sprintf("get DB system %s", id), policyDatabase)
	}
	d := resp.DbSystem
	sys := System{
		ID:             deref(d.Id),
		DisplayName:    deref(d.DisplayName),
		CompartmentID:  deref(d.CompartmentId),
		Storage:        storageOf(d.DbSystemOptions),
		LifecycleState: string(d.LifecycleState),
		Shape:          deref(d.Shape),
		Version:        deref(d.Version),
		NodeCount:      deref(d.NodeCount),
		Domain:         deref(d.Domain),
	}
	if isGone(sys.LifecycleState) {
		return System{}, fmt.Errorf("DB system %s (%s) is %s; there is nothing left to patch", sys.ID, sys.DisplayName, sys.LifecycleState)
	}
	return sys, nil
}

func (c *Client) dbSystemByName(ctx context.Context, root, name string) (System, error) {
	matches, tree, err := c.systemsInTree(ctx, root, name)
	if err != nil {
		return System{}, fmt.Errorf("search for DB system %q: %w", name, err)
	}
	switch len(matches) {
	case 0:
		return System{}, &DBSystemNotFoundError{DisplayName: name, Root: root, searched: tree}
	case 1:
		return matches[0], nil
	default:
		slices.SortFunc(matches, func(a, b System) int { return strings.Compare(a.ID, b.ID) })
		return System{}, &AmbiguousDBSystemError{DisplayName: name, Matches: matches, names: compartmentNames(tree)}
	}
}

// systemsInTree lists the live DB systems of root and every compartment
// below it (only those called name, unless name is empty), with the
// compartments it looked in.
func (c *Client) systemsInTree(ctx context.Context, root, name string) ([]System, []compartment, error) {
	cl, err := c.databaseClient()
	if err != nil {
		return nil, nil, err
	}
	tree, err := c.compartmentTree(ctx, root)
	if err != nil {
		return nil, nil, err
	}
	var (
		mu  sync.Mutex
		all []System
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.cfg.MaxConcurrency)
	for _, comp := range tree {
		g.Go(func() error {
			found, err := liveDBSystems(gctx, cl, comp.ID, name)
			if err != nil {
				return err
			}
			mu.Lock()
			all = append(all, found...)
			mu.Unlock()
			return nil
		})
	}
	return all, tree, g.Wait()
}

// liveDBSystems lists the live DB systems of one compartment, only those
// called name when name is not empty. The display-name filter is exact on
// the service side; it is checked again here so that a service that
// ignores it cannot produce a wrong match.
func liveDBSystems(ctx context.Context, cl *database.DatabaseClient, compartmentID, name string) ([]System, error) {
	var filter *string
	if name != "" {
		filter = &name
	}
	items, err := listAll(ctx, func(ctx context.Context, page *string) ([]database.DbSystemSummary, *string, error) {
		resp, err := cl.ListDbSystems(ctx, database.ListDbSystemsRequest{
			CompartmentId: &compartmentID,
			DisplayName:   filter,
			Page:          page,
		})
		return resp.Items, resp.OpcNextPage, err
	})
	if err != nil {
		return nil, serviceError(err, fmt.Sprintf("list DB systems in compartment %s", compartmentID), policyDatabase)
	}
	var out []System
	for _, s := range items {
		if name != "" && deref(s.DisplayName) != name || isGone(string(s.LifecycleState)) {
			continue
		}
		out = append(out, System{
			ID:             deref(s.Id),
			DisplayName:    deref(s.DisplayName),
			CompartmentID:  deref(s.CompartmentId),
			Storage:        storageOf(s.DbSystemOptions),
			LifecycleState: string(s.LifecycleState),
			Shape:          deref(s.Shape),
			Version:        deref(s.Version),
			NodeCount:      deref(s.NodeCount),
			Domain:         deref(s.Domain),
		})
	}
	return out, nil
}

// storageOf reads the API's storage management. Absent means unknown, not a
// guess: the workflow then detects it on the node.
func storageOf(opts *database.DbSystemOptions) Storage {
	if opts == nil {
		return StorageUnknown
	}
	if s, ok := ParseStorage(string(opts.StorageManagement)); ok {
		return s
	}
	return StorageUnknown
}

// isGone reports the lifecycle states of a system or node that no longer
// exists for patching purposes.
func isGone(state string) bool {
	return state == "TERMINATED" || state == "TERMINATING"
}
