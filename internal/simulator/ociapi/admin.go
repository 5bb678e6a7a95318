package ociapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// faultsView is Faults as the admin API shows and takes it: durations as
// Go duration strings ("250ms"). Absent fields leave a knob unchanged.
type faultsView struct {
	Latency    *string `json:"latency,omitempty"`
	Throttle   *int    `json:"throttle,omitempty"`
	RetryAfter *string `json:"retry_after,omitempty"`
	Fail       *int    `json:"fail,omitempty"`
}

// apiFaultsRequest is the body of POST /_sim/api-faults.
type apiFaultsRequest struct {
	// Operation is an SDK operation name such as "ListDbNodes"; empty
	// sets the knobs of every operation.
	Operation string `json:"operation"`
	faultsView
	ForbidSecrets []string `json:"forbid_secrets"`
	AllowSecrets  []string `json:"allow_secrets"`
}

// apiFaultsState is the answer of GET /_sim/api-faults.
type apiFaultsState struct {
	Global           faultsView            `json:"global"`
	Operations       map[string]faultsView `json:"operations"`
	ForbiddenSecrets []string              `json:"forbidden_secrets"`
}

func viewOf(f Faults) faultsView {
	latency, retryAfter := f.Latency.String(), f.RetryAfter.String()
	return faultsView{Latency: &latency, Throttle: &f.Throttle, RetryAfter: &retryAfter, Fail: &f.Fail}
}

// apply changes f as v says, or reports the first invalid field.
func (v faultsView) apply(f *Faults) error {
	if v.Latency != nil {
		d, err := parseDuration("latency", *v.Latency)
		if err != nil {
			return err
		}
		f.Latency = d
	}
	if v.RetryAfter != nil {
		d, err := parseDuration("retry_after", *v.RetryAfter)
		if err != nil {
			return err
		}
		f.RetryAfter = d
	}
	if v.Throttle != nil {
		if *v.Throttle < 0 {
			return fmt.Errorf("throttle must not be negative, got %d", *v.Throttle)
		}
		f.Throttle = *v.Throttle
	}
	if v.Fail != nil {
		if *v.Fail < 0 {
			return fmt.Errorf("fail must not be negative, got %d", *v.Fail)
		}
		f.Fail = *v.Fail
	}
	return nil
}

func parseDuration(field, s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s must be a duration such as \"250ms\", got %q", field, s)
	}
	return d, nil
}

// registerAdmin serves the API's own admin routes:
//
//	GET    /_sim/operations   the operation names the knobs take
//	GET    /_sim/counters     request counters
//	DELETE /_sim/counters     reset them
//	GET    /_sim/api-faults   current fault knobs
//	POST   /_sim/api-faults   change them (apiFaultsRequest)
//	DELETE /_sim/api-faults   turn every knob off
func (s *Server) registerAdmin() {
	s.admin.HandleFunc("GET "+AdminPrefix+"/operations", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Operations())
	})
	s.admin.HandleFunc("GET "+AdminPrefix+"/counters", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.Counters())
	})
	s.admin.HandleFunc("DELETE "+AdminPrefix+"/counters", func(w http.ResponseWriter, _ *http.Request) {
		s.ResetCounters()
		w.WriteHeader(http.StatusNoContent)
	})
	s.admin.HandleFunc("GET "+AdminPrefix+"/api-faults", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, s.faultsState())
	})
	s.admin.HandleFunc("POST "+AdminPrefix+"/api-faults", s.postAPIFaults)
	s.admin.HandleFunc("DELETE "+AdminPrefix+"/api-faults", func(w http.ResponseWriter, _ *http.Request) {
		s.ClearFaults()
		w.WriteHeader(http.StatusNoContent)
	})
	s.admin.HandleFunc(AdminPrefix+"/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &apiError{Status: http.StatusNotFound, Code: "NotFound", Message: "no admin route " + r.Method + " " + r.URL.Path})
	})
}

func (s *Server) postAPIFaults(w http.ResponseWriter, r *http.Request) {
	var req apiFaultsRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, errInvalidParameter("api-faults body: "+err.Error()))
		return
	}
	var applyErr error
	err := s.updateFaults(req.Operation, func(f *Faults) {
		// Validate on a copy so that a bad field changes nothing.
		next := *f
		if applyErr = req.apply(&next); applyErr == nil {
			*f = next
		}
	})
	if err == nil {
		err = applyErr
	}
	if err != nil {
		writeError(w, errInvalidParameter(err.Error()))
		return
	}
	for _, id := range req.ForbidSecrets {
		s.ForbidSecret(id, true)
	}
	for _, id := range req.AllowSecrets {
		s.ForbidSecret(id, false)
	}
	writeJSON(w, http.StatusOK, s.faultsState())
}

func (s *Server) faultsState() apiFaultsState {
	s.knobs.mu.Lock()
	defer s.knobs.mu.Unlock()
	st := apiFaultsState{Global: viewOf(s.knobs.global), Operations: map[string]faultsView{}, ForbiddenSecrets: []string{}}
	for op, f := range s.knobs.perOp {
		st.Operations[op] = viewOf(*f)
	}
	for id := range s.knobs.forbiddenSecrets {
		st.ForbiddenSecrets = append(st.ForbiddenSecrets, id)
	}
	slices.Sort(st.ForbiddenSecrets)
	return st
}
