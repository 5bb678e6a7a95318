package ociapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/database"
	"github.com/oracle/oci-go-sdk/v65/workrequests"
)

func (s *Server) executeDbSystemOsPatch(c *call) error {
	systemID := c.r.PathValue("dbSystemId")
	if _, ok := s.store.DBSystem(systemID); !ok {
		return errNotFound()
	}
	var details database.ExecuteDbSystemOsPatchDetails
	if err := json.NewDecoder(c.r.Body).Decode(&details); err != nil {
		return errInvalidParameter("The request body is not valid JSON: " + err.Error())
	}
	action, ok := database.GetMappingExecuteDbSystemOsPatchDetailsActionEnum(string(details.Action))
	if !ok {
		return errInvalidParameter("Invalid action: " + string(details.Action) + "; use PRECHECK or APPLY.")
	}
	var nodeID string
	if details.DbNodeId != nil {
		nodeID = *details.DbNodeId
		if n, ok := s.store.DBNode(nodeID); !ok || n.DBSystemID != systemID {
			return errInvalidParameter("DB node " + nodeID + " is not a node of DB system " + systemID + ".")
		}
	}
	// Bring the recorded status of earlier patches up to date, so a patch
	// that has just finished does not block this one.
	s.store.OSPatchHistory(systemID)
	wrID, replay, err := s.store.reserveOSPatch(osPatchStart{
		systemID:   systemID,
		nodeID:     nodeID,
		action:     string(action),
		retryToken: c.r.Header.Get("opc-retry-token"),
		now:        s.clock.Now(),
	})
	switch {
	case errors.Is(err, errPatchInProgress):
		return errConflict(err.Error())
	case err != nil:
		return err
	}
	if !replay {
		s.store.setProgress(wrID, s.startOSPatch(c, OSPatchRequest{
			WorkRequestID: wrID,
			DBSystemID:    systemID,
			DBNodeID:      nodeID,
			Action:        string(action),
		}))
	}
	c.w.Header().Set("opc-work-request-id", wrID)
	c.w.WriteHeader(http.StatusAccepted)
	return nil
}

// startOSPatch starts the patch through the hook, or the timed model when
// there is none, and returns how to follow it.
func (s *Server) startOSPatch(c *call, req OSPatchRequest) ProgressFunc {
	start := s.clock.Now()
	hook := s.currentHooks().StartOSPatch
	if hook == nil {
		return s.timedOSPatch(start, req.Action)
	}
	progress, err := hook(c.r.Context(), req)
	if err != nil {
		failed := WorkStatus{State: workFailed, Details: err.Error(), TimeStarted: start, TimeFinished: start}
		return func() WorkStatus { return failed }
	}
	return progress
}

// timedOSPatch is a patch that succeeds OSPatchDuration after start on
// the server's clock.
func (s *Server) timedOSPatch(start time.Time, action string) ProgressFunc {
	d := s.cfg.OSPatchDuration
	return func() WorkStatus {
		elapsed := s.clock.Since(start)
		if elapsed >= d {
			return WorkStatus{State: workSucceeded, PercentComplete: 100, Details: action + " completed", TimeStarted: start, TimeFinished: start.Add(d)}
		}
		return WorkStatus{State: workInProgress, PercentComplete: float32(100 * elapsed.Seconds() / d.Seconds()), TimeStarted: start}
	}
}

func (s *Server) listOsPatchHistory(c *call) error {
	systemID := c.r.PathValue("dbSystemId")
	if _, ok := s.store.DBSystem(systemID); !ok {
		return errNotFound()
	}
	state, err := enumParam(c, "lifecycleState", database.GetMappingDbSystemOsPatchHistoryEntrySummaryLifecycleStateEnum)
	if err != nil {
		return err
	}
	action, err := enumParam(c, "action", database.GetMappingDbSystemOsPatchHistoryEntrySummaryActionEnum)
	if err != nil {
		return err
	}
	var entries []OSPatchHistoryEntry
	for _, e := range s.store.OSPatchHistory(systemID) {
		if (state == "" || historyState(e.Status) == state) && (action == "" || e.Action == action) {
			entries = append(entries, e)
		}
	}
	err = sortItems(c, entries, sortKeys[OSPatchHistoryEntry]{
		"TIMESTARTED": {func(a, b OSPatchHistoryEntry) int { return byTime(a.TimeStarted, b.TimeStarted) }, true},
		"ACTION":      {func(a, b OSPatchHistoryEntry) int { return byName(a.Action, b.Action) }, false},
	})
	if err != nil {
		return err
	}
	page, err := paginate(c, entries)
	if err != nil {
		return err
	}
	items := make([]database.DbSystemOsPatchHistoryEntrySummary, len(page))
	for i, e := range page {
		items[i] = database.DbSystemOsPatchHistoryEntrySummary{
			Action:           database.DbSystemOsPatchHistoryEntrySummaryActionEnum(e.Action),
			DbSystemId:       &e.DBSystemID,
			Id:               &e.ID,
			LifecycleState:   database.DbSystemOsPatchHistoryEntrySummaryLifecycleStateEnum(historyState(e.Status)),
			OsPatchDetails:   osPatchDetails(e.Status),
			TimeStarted:      sdkTime(e.TimeStarted),
			LifecycleDetails: optString(e.Status.Details),
			TimeEnded:        sdkTime(e.Status.TimeFinished),
		}
	}
	return c.reply(database.DbSystemOsPatchHistoryEntryCollection{Items: items})
}

func (s *Server) getOsPatchHistoryEntry(c *call) error {
	e, ok := s.store.osPatchEntry(c.r.PathValue("dbSystemId"), c.r.PathValue("osPatchHistoryEntryId"))
	if !ok {
		return errNotFound()
	}
	return c.reply(database.DbSystemOsPatchHistoryEntry{
		Action:           database.DbSystemOsPatchHistoryEntryActionEnum(e.Action),
		DbSystemId:       &e.DBSystemID,
		Id:               &e.ID,
		LifecycleState:   database.DbSystemOsPatchHistoryEntryLifecycleStateEnum(historyState(e.Status)),
		OsPatchDetails:   osPatchDetails(e.Status),
		TimeStarted:      sdkTime(e.TimeStarted),
		LifecycleDetails: optString(e.Status.Details),
		TimeEnded:        sdkTime(e.Status.TimeFinished),
	})
}

// historyState is a work request state as the patch history names it:
// the history has no ACCEPTED.
func historyState(st WorkStatus) string {
	if st.State == workAccepted {
		return workInProgress
	}
	return st.State
}

func osPatchDetails(st WorkStatus) *database.DbSystemOsPatchDetailsCollection {
	items := make([]database.DbSystemOsPatchDetailsSummary, len(st.Nodes))
	for i, n := range st.Nodes {
		items[i] = database.DbSystemOsPatchDetailsSummary{
			DbNodeId:         common.String(n.DBNodeID),
			IsRebootRequired: common.Bool(n.RebootRequired),
			Rpms:             orEmpty(n.RPMs),
		}
	}
	return &database.DbSystemOsPatchDetailsCollection{Items: items}
}

func (s *Server) getWorkRequest(c *call) error {
	wr, ok := s.store.WorkRequest(c.r.PathValue("workRequestId"))
	if !ok {
		return errNotFound()
	}
	resourceAction := workrequests.WorkRequestResourceActionTypeInProgress
	if wr.Status.Finished() {
		resourceAction = workrequests.WorkRequestResourceActionTypeUpdated
	}
	return c.reply(workrequests.WorkRequest{
		OperationType: &wr.OperationType,
		Status:        workrequests.WorkRequestStatusEnum(wr.Status.State),
		Id:            &wr.ID,
		CompartmentId: &wr.CompartmentID,
		Resources: []workrequests.WorkRequestResource{{
			ActionType: resourceAction,
			EntityType: &wr.ResourceType,
			Identifier: &wr.ResourceID,
			EntityUri:  common.String("/20160918/dbSystems/" + wr.ResourceID),
		}},
		PercentComplete: common.Float32(wr.Status.PercentComplete),
		TimeAccepted:    sdkTime(wr.TimeAccepted),
		TimeStarted:     sdkTime(wr.Status.TimeStarted),
		TimeFinished:    sdkTime(wr.Status.TimeFinished),
	})
}
