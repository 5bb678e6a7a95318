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

// DBSystems lists every live DB system in compartmentID and the
// compartments below it, each with its nodes in rolling order, sorted by
// display name then OCID. It is the fleet-wide view (`famsctl status
// --all`): one failing compartment fails the whole listing, because a
// report that silently leaves systems out reads as "all is well".
func (c *Client) DBSystems(ctx context.Context, compartmentID string) ([]System, error) {
	if err := checkOCID("compartment_id", compartmentID, prefixCompartment, prefixTenancy); err != nil {
		return nil, err
	}
	cl, err := c.databaseClient()
	if err != nil {
		return nil, err
	}
	tree, err := c.compartmentTree(ctx, compartmentID)
	if err != nil {
		return nil, fmt.Errorf("list the DB systems under %s: %w", compartmentID, err)
	}
	var (
		mu  sync.Mutex
		all []System
	)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.cfg.MaxConcurrency)
	for _, comp := range tree {
		g.Go(func() error {
			found, err := dbSystemsIn(gctx, cl, comp.ID)
			if err != nil {
				return err
			}
			mu.Lock()
			all = append(all, found...)
			mu.Unlock()
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, fmt.Errorf("list the DB systems under %s: %w", compartmentID, err)
	}
	slices.SortFunc(all, func(a, b System) int {
		if n := strings.Compare(a.DisplayName, b.DisplayName); n != 0 {
			return n
		}
		return strings.Compare(a.ID, b.ID)
	})
	g, gctx = errgroup.WithContext(ctx)
	g.SetLimit(c.cfg.MaxConcurrency)
	for i := range all {
		g.Go(func() error {
			nodes, err := c.dbNodes(gctx, all[i])
			all[i].Nodes = nodes
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return all, nil
}

// dbSystemsIn lists the live DB systems of one compartment.
func dbSystemsIn(ctx context.Context, cl *database.DatabaseClient, compartmentID string) ([]System, error) {
	items, err := listAll(ctx, func(ctx context.Context, page *string) ([]database.DbSystemSummary, *string, error) {
		resp, err := cl.ListDbSystems(ctx, database.ListDbSystemsRequest{CompartmentId: &compartmentID, Page: page})
		return resp.Items, resp.OpcNextPage, err
	})
	if err != nil {
		return nil, serviceError(err, fmt.Sprintf("list DB systems in compartment %s", compartmentID), policyDatabase)
	}
	var out []System
	for _, s := range items {
		if isGone(string(s.LifecycleState)) {
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
