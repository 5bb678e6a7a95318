package oci

import (
	"context"
	"fmt"
	"slices"
	"strings"

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
	all, _, err := c.systemsInTree(ctx, compartmentID, "")
	if err != nil {
		return nil, fmt.Errorf("list the DB systems under %s: %w", compartmentID, err)
	}
	slices.SortFunc(all, func(a, b System) int {
		if n := strings.Compare(a.DisplayName, b.DisplayName); n != 0 {
			return n
		}
		return strings.Compare(a.ID, b.ID)
	})
	g, gctx := errgroup.WithContext(ctx)
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
