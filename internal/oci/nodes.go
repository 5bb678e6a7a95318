package oci

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/oracle/oci-go-sdk/v65/core"
	"github.com/oracle/oci-go-sdk/v65/database"
	"golang.org/x/sync/errgroup"
)

// dbNodes lists the live nodes of sys with their private IPs, sorted by
// hostname: the rolling order, stable from run to run so that a resumed run
// visits nodes in the order the first one did.
func (c *Client) dbNodes(ctx context.Context, sys System) ([]Node, error) {
	cl, err := c.databaseClient()
	if err != nil {
		return nil, err
	}
	items, err := listAll(ctx, func(ctx context.Context, page *string) ([]database.DbNodeSummary, *string, error) {
		resp, err := cl.ListDbNodes(ctx, database.ListDbNodesRequest{
			CompartmentId: &sys.CompartmentID,
			DbSystemId:    &sys.ID,
			Page:          page,
		})
		return resp.Items, resp.OpcNextPage, err
	})
	if err != nil {
		return nil, serviceError(err, fmt.Sprintf("list the DB nodes of DB system %s", sys.ID), policyDatabase)
	}
	var nodes []Node
	for _, it := range items {
		if isGone(string(it.LifecycleState)) {
			continue
		}
		nodes = append(nodes, Node{
			ID:             deref(it.Id),
			Hostname:       deref(it.Hostname),
			VnicID:         deref(it.VnicId),
			LifecycleState: string(it.LifecycleState),
			RebootRequired: deref(it.IsOsPatchRebootRequired),
			FaultDomain:    deref(it.FaultDomain),
		})
	}
	if len(nodes) == 0 {
		return nil, fmt.Errorf("DB system %s (%s) has no DB nodes that are not terminated; wait for provisioning to finish or check the system in the console", sys.ID, sys.DisplayName)
	}
	if err := c.fillPrivateIPs(ctx, nodes); err != nil {
		return nil, err
	}
	slices.SortFunc(nodes, func(a, b Node) int {
		return cmp.Or(cmp.Compare(a.Hostname, b.Hostname), cmp.Compare(a.ID, b.ID))
	})
	return nodes, nil
}

// fillPrivateIPs reads each node's primary VNIC concurrently; the nodes are
// independent and a two-node system should not pay two round trips.
func (c *Client) fillPrivateIPs(ctx context.Context, nodes []Node) error {
	cl, err := c.networkClient()
	if err != nil {
		return err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(c.cfg.MaxConcurrency)
	for i := range nodes {
		n := &nodes[i]
		g.Go(func() error {
			if n.VnicID == "" {
				return fmt.Errorf("DB node %s (%s) reports no VNIC, so its private IP is unknown; the node may still be provisioning", n.ID, n.Hostname)
			}
			resp, err := cl.GetVnic(gctx, core.GetVnicRequest{VnicId: &n.VnicID})
			if err != nil {
				return serviceError(err, fmt.Sprintf("get VNIC %s of DB node %s (%s)", n.VnicID, n.ID, n.Hostname), policyVnic)
			}
			n.PrivateIP = deref(resp.PrivateIp)
			if n.PrivateIP == "" {
				return fmt.Errorf("VNIC %s of DB node %s (%s) has no private IP", n.VnicID, n.ID, n.Hostname)
			}
			return nil
		})
	}
	return g.Wait()
}
