package ociapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jonboulle/clockwork"
)

// AdminPrefix is where the unsigned admin API lives.
const AdminPrefix = "/_sim"

// Config configures a Server.
type Config struct {
	// Store is the model the server serves. Required.
	Store *Store
	// Clock drives signature date checks, latency and the timed OS patch
	// model. A fake clock must start near the real time, since the SDK
	// dates its requests with the real clock.
	Clock clockwork.Clock
	// PageSize is the default number of items of a list page (100 when
	// zero); PageSizes overrides it per operation name.
	PageSize  int
	PageSizes map[string]int
	// MaxClockSkew is how far a request's date may be from the server's
	// clock (5 minutes when zero, as OCI allows).
	MaxClockSkew time.Duration
	// OSPatchDuration is how long a native OS patch runs when no
	// Hooks.StartOSPatch is set (1 minute when zero).
	OSPatchDuration time.Duration
}

// Hooks connect the API to the simulated nodes. Every hook is optional.
type Hooks struct {
	// NodeAction performs a DbNodeAction (STOP, START, SOFTRESET, RESET,
	// SOFTSTOP, ...) on the node. An error answers 409 IncorrectState with
	// its text.
	NodeAction func(ctx context.Context, node DBNode, action string) error
	// RefreshNode fills a node's live fields (LifecycleState,
	// OSPatchRebootRequired) from the simulated node before it is served.
	RefreshNode func(node *DBNode)
	// StartOSPatch starts a native OS patch and returns how to follow it.
	// ctx ends with the API request: work that outlives it must not use
	// it. An error fails the work request with the error's text.
	StartOSPatch func(ctx context.Context, req OSPatchRequest) (ProgressFunc, error)
}

// OSPatchRequest is an accepted ExecuteDbSystemOsPatch call.
type OSPatchRequest struct {
	WorkRequestID string
	DBSystemID    string
	// DBNodeID is empty when every node of the system is to be patched.
	DBNodeID string
	Action   string // PRECHECK or APPLY
}

// Server is the fake OCI API. It is an http.Handler.
type Server struct {
	cfg   Config
	store *Store
	clock clockwork.Clock

	api   *http.ServeMux
	admin *http.ServeMux
	ops   []string

	hooks    atomic.Pointer[Hooks]
	knobs    knobs
	counters counters

	requestIDPrefix string
	requestSeq      atomic.Uint64
}

// route is one API operation: its SDK name, its path and its handler.
type route struct {
	op      string
	pattern string
	handle  func(*call) error
}

// New returns a server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("ociapi: Config.Store is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = clockwork.NewRealClock()
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = 100
	}
	if cfg.MaxClockSkew <= 0 {
		cfg.MaxClockSkew = 5 * time.Minute
	}
	if cfg.OSPatchDuration <= 0 {
		cfg.OSPatchDuration = time.Minute
	}
	prefix := make([]byte, 8)
	_, _ = rand.Read(prefix)
	s := &Server{
		cfg:             cfg,
		store:           cfg.Store,
		clock:           cfg.Clock,
		api:             http.NewServeMux(),
		admin:           http.NewServeMux(),
		knobs:           knobs{perOp: map[string]*Faults{}, forbiddenSecrets: map[string]bool{}},
		requestIDPrefix: strings.ToUpper(hex.EncodeToString(prefix)),
	}
	s.hooks.Store(&Hooks{})
	routes := s.routes()
	for _, rt := range routes {
		s.ops = append(s.ops, rt.op)
		s.api.HandleFunc(rt.pattern, s.operation(rt))
	}
	slices.Sort(s.ops)
	s.counters.init(s.ops)
	for op, n := range cfg.PageSizes {
		if !slices.Contains(s.ops, op) || n < 1 {
			return nil, fmt.Errorf("ociapi: page size %d for %q: not an operation the simulator serves, or not positive", n, op)
		}
	}
	s.api.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		s.counters.add("")
		writeError(w, errNotFound())
	})
	s.registerAdmin()
	return s, nil
}

// Store returns the model the server serves.
func (s *Server) Store() *Store { return s.store }

// Operations returns the names of the operations served, sorted.
func (s *Server) Operations() []string { return slices.Clone(s.ops) }

// SetHooks replaces the hooks; safe while serving.
func (s *Server) SetHooks(h Hooks) { s.hooks.Store(&h) }

func (s *Server) currentHooks() Hooks { return *s.hooks.Load() }

// HandleAdmin mounts an admin handler on the server; pattern is an
// http.ServeMux pattern whose path must start with AdminPrefix + "/".
// Admin routes are not signed. Like http.ServeMux.Handle, it panics on a
// bad or conflicting pattern.
func (s *Server) HandleAdmin(pattern string, h http.Handler) {
	path := pattern
	if _, p, ok := strings.Cut(pattern, " "); ok {
		path = strings.TrimSpace(p)
	}
	if !strings.HasPrefix(path, AdminPrefix+"/") {
		panic(fmt.Sprintf("ociapi: admin pattern %q is not under %s/", pattern, AdminPrefix))
	}
	s.admin.Handle(pattern, h)
}

// ServeHTTP answers an API or admin request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("opc-request-id", s.newRequestID(r.Header.Get("opc-request-id")))
	if r.URL.Path == AdminPrefix || strings.HasPrefix(r.URL.Path, AdminPrefix+"/") {
		s.admin.ServeHTTP(w, r)
		return
	}
	s.api.ServeHTTP(w, r)
}

// Serve answers requests on ln until ctx ends, then shuts down gracefully.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		<-ctx.Done()
		// Shutdown waits five seconds for a connection a client opened
		// but never used (net/http counts it idle only then); requests in
		// flight get a moment, then everything is closed.
		shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 500*time.Millisecond)
		defer cancel()
		if srv.Shutdown(shutdownCtx) != nil {
			_ = srv.Close()
		}
	}()
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		<-stopped
		return nil
	}
	return fmt.Errorf("serve the fake OCI API: %w", err)
}

// newRequestID returns an opc-request-id; like OCI, it keeps the client's
// own id in front when one was sent.
func (s *Server) newRequestID(clientID string) string {
	id := s.requestIDPrefix + fmt.Sprintf("%016X", s.requestSeq.Add(1))
	if clientID != "" {
		return clientID + "/" + id
	}
	return id
}

// operation wraps a route's handler with what every API call goes
// through: counting, latency, authentication and injected faults.
func (s *Server) operation(rt route) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.counters.add(rt.op)
		if d := s.latencyFor(rt.op); d > 0 {
			if !s.wait(r.Context(), d) {
				return // the client gave up; nobody is left to answer
			}
		}
		if err := s.authenticate(r); err != nil {
			writeError(w, errNotAuthenticated(err.Error()))
			return
		}
		if fault, retryAfter := s.injectedFault(rt.op); fault != nil {
			if fault.Status == http.StatusTooManyRequests {
				w.Header().Set("retry-after", strconv.Itoa(int(math.Ceil(retryAfter.Seconds()))))
			}
			writeError(w, fault)
			return
		}
		c := &call{s: s, op: rt.op, w: w, r: r, query: r.URL.Query()}
		if err := rt.handle(c); err != nil {
			writeError(w, asAPIError(err))
		}
	}
}

// wait waits d on the server's clock; false when ctx ended first.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	t := s.clock.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.Chan():
		return true
	case <-ctx.Done():
		return false
	}
}

// asAPIError maps a handler's error to the answer OCI would give.
func asAPIError(err error) *apiError {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.Is(err, ErrNotFound):
		return errNotFound()
	default:
		return &apiError{Status: http.StatusInternalServerError, Code: "InternalServerError", Message: err.Error()}
	}
}

func (s *Server) pageSize(op string) int {
	if n, ok := s.cfg.PageSizes[op]; ok {
		return n
	}
	return s.cfg.PageSize
}
