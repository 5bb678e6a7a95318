package ociapi

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/database"
	"github.com/oracle/oci-go-sdk/v65/workrequests"
)

func TestOSPatchTimedModel(t *testing.T) {
	t.Parallel()
	clock := clockwork.NewFakeClockAt(time.Now())
	f := newFixture(t, func(c *Config) { c.Clock = clock; c.OSPatchDuration = time.Minute })
	db, wr := f.database(t, f.provider), f.workRequests(t)
	ctx := t.Context()
	execute := func(token string, node *string) (database.ExecuteDbSystemOsPatchResponse, error) {
		return db.ExecuteDbSystemOsPatch(ctx, database.ExecuteDbSystemOsPatchRequest{
			DbSystemId:                    &f.asm.ID,
			ExecuteDbSystemOsPatchDetails: database.ExecuteDbSystemOsPatchDetails{Action: database.ExecuteDbSystemOsPatchDetailsActionPrecheck, DbNodeId: node},
			OpcRetryToken:                 common.String(token),
			RequestMetadata:               noRetry(),
		})
	}
	first, err := execute("token-1", &f.asmNodes[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	wrID := deref(first.OpcWorkRequestId)
	if wrID == "" {
		t.Fatal("no opc-work-request-id")
	}
	again, err := execute("token-1", &f.asmNodes[0].ID)
	if err != nil || deref(again.OpcWorkRequestId) != wrID {
		t.Fatalf("a retried call with the same token started %q (%v), want the same work request %s", deref(again.OpcWorkRequestId), err, wrID)
	}
	_, err = execute("token-2", nil)
	wantServiceError(t, err, http.StatusConflict, "IncorrectState")

	got, err := wr.GetWorkRequest(ctx, workrequests.GetWorkRequestRequest{WorkRequestId: &wrID})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != workrequests.WorkRequestStatusInProgress || deref(got.CompartmentId) != f.prodDB || len(got.Resources) != 1 || deref(got.Resources[0].Identifier) != f.asm.ID {
		t.Errorf("running work request = %v", got.WorkRequest)
	}

	clock.Advance(time.Minute)
	got, err = wr.GetWorkRequest(ctx, workrequests.GetWorkRequestRequest{WorkRequestId: &wrID})
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != workrequests.WorkRequestStatusSucceeded || deref(got.PercentComplete) != 100 || got.TimeFinished == nil {
		t.Errorf("finished work request = %v", got.WorkRequest)
	}

	history, err := db.ListDbSystemOsPatchHistoryEntries(ctx, database.ListDbSystemOsPatchHistoryEntriesRequest{
		DbSystemId: &f.asm.ID,
		SortBy:     database.ListDbSystemOsPatchHistoryEntriesSortByTimestarted,
		SortOrder:  database.ListDbSystemOsPatchHistoryEntriesSortOrderDesc,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(history.Items) != 1 {
		t.Fatalf("history has %d entries, want 1", len(history.Items))
	}
	e := history.Items[0]
	if e.Action != database.DbSystemOsPatchHistoryEntrySummaryActionPrecheck || e.LifecycleState != database.DbSystemOsPatchHistoryEntrySummaryLifecycleStateSucceeded || e.TimeEnded == nil {
		t.Errorf("history entry = %v", e)
	}
	one, err := db.GetDbSystemOsPatchHistoryEntry(ctx, database.GetDbSystemOsPatchHistoryEntryRequest{DbSystemId: &f.asm.ID, OsPatchHistoryEntryId: e.Id})
	if err != nil {
		t.Fatal(err)
	}
	if one.LifecycleState != database.DbSystemOsPatchHistoryEntryLifecycleStateSucceeded {
		t.Errorf("GetDbSystemOsPatchHistoryEntry = %v", one.DbSystemOsPatchHistoryEntry)
	}
	// The finished patch no longer blocks the next one.
	if _, err := execute("token-3", nil); err != nil {
		t.Errorf("a patch after the first finished: %v", err)
	}
}

func TestOSPatchHook(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	var state atomic.Value
	state.Store(WorkStatus{State: "IN_PROGRESS", PercentComplete: 40})
	var started atomic.Pointer[OSPatchRequest]
	f.srv.SetHooks(Hooks{StartOSPatch: func(_ context.Context, req OSPatchRequest) (ProgressFunc, error) {
		if req.DBSystemID == f.lvm.ID {
			return nil, errors.New("dbcli is not installed")
		}
		started.Store(&req)
		return func() WorkStatus { return state.Load().(WorkStatus) }, nil //nolint:forcetypeassert // only WorkStatus is stored
	}})
	db, wr := f.database(t, f.provider), f.workRequests(t)
	ctx := t.Context()
	apply := func(systemID string) string {
		resp, err := db.ExecuteDbSystemOsPatch(ctx, database.ExecuteDbSystemOsPatchRequest{
			DbSystemId:                    &systemID,
			ExecuteDbSystemOsPatchDetails: database.ExecuteDbSystemOsPatchDetails{Action: database.ExecuteDbSystemOsPatchDetailsActionApply},
		})
		if err != nil {
			t.Fatal(err)
		}
		return deref(resp.OpcWorkRequestId)
	}
	wrID := apply(f.asm.ID)
	if req := started.Load(); req == nil || req.Action != "APPLY" || req.WorkRequestID != wrID || req.DBNodeID != "" {
		t.Fatalf("hook got %+v", req)
	}
	status := func(id string) workrequests.WorkRequestStatusEnum {
		got, err := wr.GetWorkRequest(ctx, workrequests.GetWorkRequestRequest{WorkRequestId: &id})
		if err != nil {
			t.Fatal(err)
		}
		return got.Status
	}
	if s := status(wrID); s != workrequests.WorkRequestStatusInProgress {
		t.Errorf("status = %s, want IN_PROGRESS", s)
	}
	state.Store(WorkStatus{State: "FAILED", Details: "job failed on dbasm012", Nodes: []OSPatchNodeResult{{DBNodeID: f.asmNodes[1].ID, RebootRequired: true, RPMs: []string{"kernel-uek"}}}})
	if s := status(wrID); s != workrequests.WorkRequestStatusFailed {
		t.Errorf("status = %s, want FAILED", s)
	}
	history, err := db.ListDbSystemOsPatchHistoryEntries(ctx, database.ListDbSystemOsPatchHistoryEntriesRequest{DbSystemId: &f.asm.ID})
	if err != nil {
		t.Fatal(err)
	}
	if e := history.Items[0]; deref(e.LifecycleDetails) != "job failed on dbasm012" || len(e.OsPatchDetails.Items) != 1 || !deref(e.OsPatchDetails.Items[0].IsRebootRequired) {
		t.Errorf("history entry = %v", e)
	}
	if s := status(apply(f.lvm.ID)); s != workrequests.WorkRequestStatusFailed {
		t.Errorf("a patch the hook refused has status %s, want FAILED", s)
	}
}
