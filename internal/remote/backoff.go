package remote

import (
	"math/rand/v2"
	"time"
)

// RetryPolicy is capped exponential backoff with full jitter for dial
// failures: attempt n waits a random time in [0, min(MaxDelay,
// InitialDelay*2^(n-1))], which spreads a fleet's reconnects after a
// network blip instead of synchronising them.
type RetryPolicy struct {
	// MaxAttempts counts dials, the first included; 0 means 4 and 1
	// disables retries.
	MaxAttempts int
	// InitialDelay is the cap of the first wait; 0 means 1s.
	InitialDelay time.Duration
	// MaxDelay caps every wait; 0 means 30s.
	MaxDelay time.Duration
	// Jitter picks a wait in [0, limit]; nil is uniform random. Tests set
	// it to get deterministic waits.
	Jitter func(limit time.Duration) time.Duration
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 4
	}
	if p.InitialDelay <= 0 {
		p.InitialDelay = time.Second
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 30 * time.Second
	}
	if p.Jitter == nil {
		p.Jitter = fullJitter
	}
	return p
}

// delay is the wait before retry number n (1 for the first retry).
func (p RetryPolicy) delay(n int) time.Duration {
	limit := p.InitialDelay
	for i := 1; i < n && limit < p.MaxDelay; i++ {
		limit *= 2
	}
	limit = min(limit, p.MaxDelay)
	return min(max(p.Jitter(limit), 0), limit)
}

func fullJitter(limit time.Duration) time.Duration {
	return rand.N(limit + 1)
}
