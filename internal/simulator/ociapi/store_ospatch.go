package ociapi

import (
	"errors"
	"fmt"
	"time"
)

// errPatchInProgress is returned when a DB system already runs an OS patch.
var errPatchInProgress = errors.New("an OS patch is already in progress")

// ProgressFunc reports the current state of a work request. It is called
// on every read and must not call the Store.
type ProgressFunc func() WorkStatus

// workRequest is a work request and how to learn its progress.
type workRequest struct {
	rec      WorkRequest
	progress ProgressFunc
}

// osPatchStart is what the API asks the store to record for a new patch.
type osPatchStart struct {
	systemID, nodeID, action, retryToken string
	now                                  time.Time
}

// reserveOSPatch records a new OS patch in the ACCEPTED state and returns
// its work request. A retry token seen before returns the work request it
// started instead (replay true), so a retried call never patches twice.
func (s *Store) reserveOSPatch(p osPatchStart) (wrID string, replay bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.retryToken != "" {
		if id, ok := s.retryTokens[p.systemID+"/"+p.retryToken]; ok {
			return id, true, nil
		}
	}
	sys, ok := s.systems.get(p.systemID)
	if !ok {
		return "", false, fmt.Errorf("DB system %s: %w", p.systemID, ErrNotFound)
	}
	for _, e := range s.patchHistory[p.systemID] {
		if !e.Status.Finished() {
			return "", false, fmt.Errorf("DB system %s: %w (work request %s)", p.systemID, errPatchInProgress, e.WorkRequestID)
		}
	}
	accepted := WorkStatus{State: workAccepted}
	wr := WorkRequest{
		ID:            NewOCID("coreservicesworkrequest", s.region),
		CompartmentID: sys.CompartmentID,
		OperationType: "Execute DB System OS Patch",
		ResourceID:    p.systemID,
		ResourceType:  "DbSystem",
		TimeAccepted:  p.now,
		Status:        accepted,
	}
	s.workRequests.put(wr.ID, workRequest{rec: wr})
	s.patchHistory[p.systemID] = append(s.patchHistory[p.systemID], &OSPatchHistoryEntry{
		ID:            NewOCID("dbsystemospatchhistoryentry", s.region),
		DBSystemID:    p.systemID,
		DBNodeID:      p.nodeID,
		Action:        p.action,
		WorkRequestID: wr.ID,
		TimeStarted:   p.now,
		Status:        accepted,
	})
	if p.retryToken != "" {
		s.retryTokens[p.systemID+"/"+p.retryToken] = wr.ID
	}
	return wr.ID, false, nil
}

// setProgress tells the store how to follow a work request.
func (s *Store) setProgress(wrID string, progress ProgressFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, ok := s.workRequests.get(wrID); ok {
		w.progress = progress
	}
}

// WorkRequest returns a work request with its current status.
func (s *Store) WorkRequest(id string) (WorkRequest, bool) {
	s.mu.RLock()
	w, ok := s.workRequests.get(id)
	var (
		rec      WorkRequest
		progress ProgressFunc
	)
	if ok {
		rec, progress = w.rec, w.progress
	}
	s.mu.RUnlock()
	if !ok {
		return WorkRequest{}, false
	}
	if progress == nil || rec.Status.Finished() {
		return rec, true
	}
	// The progress function may wait on the simulated node; it runs
	// without the lock.
	rec.Status = progress()
	s.recordStatus(id, rec.Status)
	return rec, true
}

// recordStatus keeps the last status seen, so that a finished work request
// stays finished and the history shows it.
func (s *Store) recordStatus(wrID string, st WorkStatus) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, ok := s.workRequests.get(wrID)
	if !ok || w.rec.Status.Finished() {
		return
	}
	w.rec.Status = st
	for _, e := range s.patchHistory[w.rec.ResourceID] {
		if e.WorkRequestID == wrID {
			e.Status = st
		}
	}
}

// OSPatchHistory returns a DB system's OS patches, oldest first, with
// their current status.
func (s *Store) OSPatchHistory(systemID string) []OSPatchHistoryEntry {
	s.mu.RLock()
	var pending []string
	for _, e := range s.patchHistory[systemID] {
		if !e.Status.Finished() {
			pending = append(pending, e.WorkRequestID)
		}
	}
	s.mu.RUnlock()
	for _, id := range pending {
		s.WorkRequest(id) // refreshes the recorded status
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]OSPatchHistoryEntry, 0, len(s.patchHistory[systemID]))
	for _, e := range s.patchHistory[systemID] {
		out = append(out, *e)
	}
	return out
}

// osPatchEntry returns one history entry of a DB system.
func (s *Store) osPatchEntry(systemID, entryID string) (OSPatchHistoryEntry, bool) {
	for _, e := range s.OSPatchHistory(systemID) {
		if e.ID == entryID {
			return e, true
		}
	}
	return OSPatchHistoryEntry{}, false
}
