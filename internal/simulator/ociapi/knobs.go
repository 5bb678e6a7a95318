package ociapi

import (
	"fmt"
	"sync"
	"time"
)

// Faults are the fault knobs of one operation, or of every operation.
type Faults struct {
	// Latency delays each request before it is answered.
	Latency time.Duration
	// Throttle answers the next Throttle requests 429 TooManyRequests,
	// with a retry-after header of RetryAfter (rounded up to seconds).
	Throttle   int
	RetryAfter time.Duration
	// Fail answers the next Fail requests 500 InternalServerError.
	Fail int
}

// knobs holds the fault knobs. Per-operation knobs are used before the
// global ones: a latency set for an operation replaces the global latency
// for it, and its injected errors are spent first.
type knobs struct {
	mu               sync.Mutex
	global           Faults
	perOp            map[string]*Faults
	forbiddenSecrets map[string]bool
}

// faultsFor returns the knobs of op, "" meaning every operation. The
// caller holds k.mu.
func (s *Server) faultsForLocked(op string) (*Faults, error) {
	if op == "" {
		return &s.knobs.global, nil
	}
	if _, ok := s.counters.byOp[op]; !ok {
		return nil, fmt.Errorf("unknown operation %q; the simulator serves %v", op, s.Operations())
	}
	f, ok := s.knobs.perOp[op]
	if !ok {
		f = &Faults{}
		s.knobs.perOp[op] = f
	}
	return f, nil
}

// updateFaults changes the knobs of op ("" for every operation).
func (s *Server) updateFaults(op string, change func(*Faults)) error {
	s.knobs.mu.Lock()
	defer s.knobs.mu.Unlock()
	f, err := s.faultsForLocked(op)
	if err != nil {
		return err
	}
	change(f)
	return nil
}

// SetLatency delays every request of op ("" for every operation) by d.
func (s *Server) SetLatency(op string, d time.Duration) error {
	return s.updateFaults(op, func(f *Faults) { f.Latency = d })
}

// ThrottleNext answers the next n requests of op ("" for any operation)
// 429 TooManyRequests with a retry-after of retryAfter.
func (s *Server) ThrottleNext(op string, n int, retryAfter time.Duration) error {
	return s.updateFaults(op, func(f *Faults) { f.Throttle, f.RetryAfter = n, retryAfter })
}

// FailNext answers the next n requests of op ("" for any operation) 500
// InternalServerError.
func (s *Server) FailNext(op string, n int) error {
	return s.updateFaults(op, func(f *Faults) { f.Fail = n })
}

// Faults returns the current knobs of op ("" for every operation).
func (s *Server) Faults(op string) (Faults, error) {
	s.knobs.mu.Lock()
	defer s.knobs.mu.Unlock()
	f, err := s.faultsForLocked(op)
	if err != nil {
		return Faults{}, err
	}
	return *f, nil
}

// ForbidSecret makes GetSecretBundle answer 404 NotAuthorizedOrNotFound
// for a secret, as OCI does when no policy lets the caller read it.
func (s *Server) ForbidSecret(secretID string, forbidden bool) {
	s.knobs.mu.Lock()
	defer s.knobs.mu.Unlock()
	if forbidden {
		s.knobs.forbiddenSecrets[secretID] = true
	} else {
		delete(s.knobs.forbiddenSecrets, secretID)
	}
}

func (s *Server) secretForbidden(secretID string) bool {
	s.knobs.mu.Lock()
	defer s.knobs.mu.Unlock()
	return s.knobs.forbiddenSecrets[secretID]
}

// ClearFaults turns every fault knob off.
func (s *Server) ClearFaults() {
	s.knobs.mu.Lock()
	defer s.knobs.mu.Unlock()
	s.knobs.global = Faults{}
	clear(s.knobs.perOp)
	clear(s.knobs.forbiddenSecrets)
}

// latencyFor is the delay to apply to a request of op.
func (s *Server) latencyFor(op string) time.Duration {
	s.knobs.mu.Lock()
	defer s.knobs.mu.Unlock()
	if f, ok := s.knobs.perOp[op]; ok && f.Latency > 0 {
		return f.Latency
	}
	return s.knobs.global.Latency
}

// injectedFault spends one injected error for a request of op, if any is
// pending, and returns it with its retry-after (zero for none).
func (s *Server) injectedFault(op string) (*apiError, time.Duration) {
	s.knobs.mu.Lock()
	defer s.knobs.mu.Unlock()
	for _, f := range []*Faults{s.knobs.perOp[op], &s.knobs.global} {
		if f == nil {
			continue
		}
		if f.Throttle > 0 {
			f.Throttle--
			return errTooManyRequests(), f.RetryAfter
		}
		if f.Fail > 0 {
			f.Fail--
			return errInternal(), 0
		}
	}
	return nil, 0
}
