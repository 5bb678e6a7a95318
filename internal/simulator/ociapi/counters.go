package ociapi

import "sync/atomic"

// Counters are the API requests received, in total and per operation
// (only operations with requests appear). Every request counts, including
// those refused by authentication or answered with an injected fault, so
// that a retry shows as a second request.
type Counters struct {
	Total      int64            `json:"total"`
	Operations map[string]int64 `json:"operations"`
}

// counters are updated on every request without a lock: the operations
// are fixed when the server is built.
type counters struct {
	total atomic.Int64
	byOp  map[string]*atomic.Int64
}

func (c *counters) init(ops []string) {
	c.byOp = make(map[string]*atomic.Int64, len(ops))
	for _, op := range ops {
		c.byOp[op] = new(atomic.Int64)
	}
}

func (c *counters) add(op string) {
	c.total.Add(1)
	if n, ok := c.byOp[op]; ok {
		n.Add(1)
	}
}

// Counters returns a snapshot of the request counters.
func (s *Server) Counters() Counters {
	out := Counters{Total: s.counters.total.Load(), Operations: map[string]int64{}}
	for op, n := range s.counters.byOp {
		if v := n.Load(); v > 0 {
			out.Operations[op] = v
		}
	}
	return out
}

// ResetCounters sets every counter back to zero.
func (s *Server) ResetCounters() {
	s.counters.total.Store(0)
	for _, n := range s.counters.byOp {
		n.Store(0)
	}
}
