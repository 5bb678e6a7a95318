package ociapi

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/database"
)

func TestThrottledThenRetriedBySDK(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if err := f.srv.ThrottleNext("ListDbNodes", 2, 1500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	// The SDK's own retry policy, with a short fixed backoff so the test
	// does not wait seconds.
	policy := common.NewRetryPolicyWithOptions(
		common.ReplaceWithValuesFromRetryPolicy(common.DefaultRetryPolicyWithoutEventualConsistency()),
		common.WithMaximumNumberAttempts(4),
		common.WithFixedBackoff(time.Millisecond),
	)
	db := f.database(t, f.provider)
	resp, err := db.ListDbNodes(t.Context(), database.ListDbNodesRequest{
		CompartmentId:   &f.prodDB,
		RequestMetadata: common.RequestMetadata{RetryPolicy: &policy},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Items) != 3 {
		t.Errorf("listed %d nodes, want 3", len(resp.Items))
	}
	if got := f.srv.Counters().Operations["ListDbNodes"]; got != 3 {
		t.Errorf("ListDbNodes was called %d times, want 3 (two throttled, one retried successfully)", got)
	}

	if err := f.srv.ThrottleNext("", 1, 1500*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	raw := f.signed(t, http.MethodGet, "/20160918/dbNodes/"+f.asmNodes[0].ID, nil)
	if raw.StatusCode != http.StatusTooManyRequests || raw.Header.Get("retry-after") != "2" {
		t.Errorf("throttled answer = %d retry-after %q, want 429 retry-after 2", raw.StatusCode, raw.Header.Get("retry-after"))
	}
	if e := ociError(t, raw); e.Code != "TooManyRequests" {
		t.Errorf("code = %s, want TooManyRequests", e.Code)
	}
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	if err := f.srv.FailNext("", 1); err != nil {
		t.Fatal(err)
	}
	db := f.database(t, f.provider)
	req := database.GetDbSystemRequest{DbSystemId: &f.asm.ID, RequestMetadata: noRetry()}
	_, err := db.GetDbSystem(t.Context(), req)
	wantServiceError(t, err, http.StatusInternalServerError, "InternalServerError")
	if _, err := db.GetDbSystem(t.Context(), req); err != nil {
		t.Errorf("the request after the injected failure failed: %v", err)
	}
	if err := f.srv.FailNext("NoSuchOperation", 1); err == nil {
		t.Error("an unknown operation name was accepted")
	}
}

func TestLatency(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		release func(clock *clockwork.FakeClock, cancel context.CancelFunc)
		wantErr error
	}{
		{"answered once the latency has passed", func(clock *clockwork.FakeClock, _ context.CancelFunc) { clock.Advance(time.Minute) }, nil},
		{"abandoned when the caller gives up", func(_ *clockwork.FakeClock, cancel context.CancelFunc) { cancel() }, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			clock := clockwork.NewFakeClockAt(time.Now())
			f := newFixture(t, func(c *Config) { c.Clock = clock })
			if err := f.srv.SetLatency("GetDbNode", time.Minute); err != nil {
				t.Fatal(err)
			}
			db := f.database(t, f.provider)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := db.GetDbNode(ctx, database.GetDbNodeRequest{DbNodeId: &f.asmNodes[0].ID, RequestMetadata: noRetry()})
				done <- err
			}()
			// The request is waiting on the server's clock.
			if err := clock.BlockUntilContext(t.Context(), 1); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				t.Fatalf("answered before the latency passed: %v", err)
			default:
			}
			tt.release(clock, cancel)
			err := <-done
			if tt.wantErr == nil && err != nil {
				t.Fatalf("GetDbNode: %v", err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("GetDbNode error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}
