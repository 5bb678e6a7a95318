package oci

import (
	"context"
	"fmt"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/database"
)

// OSPatchAction is what the Database service's native OS patch does.
type OSPatchAction string

// Native OS patch actions.
const (
	OSPatchPrecheck OSPatchAction = "PRECHECK"
	OSPatchApply    OSPatchAction = "APPLY"
)

// OSPatchHistoryEntry is one native OS patch run recorded by the Database
// service.
type OSPatchHistoryEntry struct {
	ID             string
	Action         string
	LifecycleState string
	Details        string
	Started        time.Time
	Ended          time.Time
}

// ExecuteOSPatch asks the Database service to precheck or apply OS updates
// on a DB system, or on one node when nodeID is set, and returns the work
// request OCID. retryToken makes a retried submission idempotent: pass the
// same token to be sure a lost answer never starts a second patch.
func (c *Client) ExecuteOSPatch(ctx context.Context, systemID, nodeID string, action OSPatchAction, retryToken string) (string, error) {
	if err := checkOCID("db_system_id", systemID, prefixDBSystem); err != nil {
		return "", err
	}
	if action != OSPatchPrecheck && action != OSPatchApply {
		return "", fmt.Errorf("OS patch action %q is not PRECHECK or APPLY", action)
	}
	cl, err := c.databaseClient()
	if err != nil {
		return "", err
	}
	if retryToken == "" {
		retryToken = common.RetryToken()
	}
	resp, err := cl.ExecuteDbSystemOsPatch(ctx, database.ExecuteDbSystemOsPatchRequest{
		DbSystemId: &systemID,
		ExecuteDbSystemOsPatchDetails: database.ExecuteDbSystemOsPatchDetails{
			Action:   database.ExecuteDbSystemOsPatchDetailsActionEnum(action),
			DbNodeId: optional(nodeID),
		},
		OpcRetryToken: &retryToken,
	})
	if err != nil {
		return "", serviceError(err, fmt.Sprintf("start the native OS patch %s on DB system %s", action, systemID), "manage database-family")
	}
	return deref(resp.OpcWorkRequestId), nil
}

// OSPatchHistory lists the native OS patch runs of a DB system, newest
// first as the service orders them.
func (c *Client) OSPatchHistory(ctx context.Context, systemID string) ([]OSPatchHistoryEntry, error) {
	if err := checkOCID("db_system_id", systemID, prefixDBSystem); err != nil {
		return nil, err
	}
	cl, err := c.databaseClient()
	if err != nil {
		return nil, err
	}
	items, err := listAll(ctx, func(ctx context.Context, page *string) ([]database.DbSystemOsPatchHistoryEntrySummary, *string, error) {
		resp, err := cl.ListDbSystemOsPatchHistoryEntries(ctx, database.ListDbSystemOsPatchHistoryEntriesRequest{
			DbSystemId: &systemID,
			SortBy:     database.ListDbSystemOsPatchHistoryEntriesSortByTimestarted,
			SortOrder:  database.ListDbSystemOsPatchHistoryEntriesSortOrderDesc,
			Page:       page,
		})
		return resp.Items, resp.OpcNextPage, err
	})
	if err != nil {
		return nil, serviceError(err, fmt.Sprintf("list the native OS patch history of DB system %s", systemID), policyDatabase)
	}
	out := make([]OSPatchHistoryEntry, 0, len(items))
	for _, it := range items {
		e := OSPatchHistoryEntry{
			ID:             deref(it.Id),
			Action:         string(it.Action),
			LifecycleState: string(it.LifecycleState),
			Details:        deref(it.LifecycleDetails),
		}
		if it.TimeStarted != nil {
			e.Started = it.TimeStarted.Time
		}
		if it.TimeEnded != nil {
			e.Ended = it.TimeEnded.Time
		}
		out = append(out, e)
	}
	return out, nil
}
