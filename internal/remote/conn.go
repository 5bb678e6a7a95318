package remote

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/ssh"
)

// keepaliveRequest is the global request OpenSSH's ServerAliveInterval
// sends; servers answer it (usually with a failure reply, which is still
// an answer).
const keepaliveRequest = "keepalive@openssh.com"

// conn is one established connection to the target and the jump-host
// connections it runs through.
type conn struct {
	client   *ssh.Client
	hops     []*ssh.Client   // outermost first
	hostKeys []ssh.PublicKey // per endpoint, target last

	done     chan struct{} // closed once the connection has ended
	mu       sync.Mutex
	lostWhy  error // why it ended; set before done is closed
	stopOnce sync.Once
}

func (cn *conn) targetHostKey() ssh.PublicKey { return cn.hostKeys[len(cn.hostKeys)-1] }

// watch starts the goroutines that notice the end of the connection.
func (cn *conn) watch(clock clockwork.Clock, interval time.Duration, maxMissed int, log *slog.Logger) {
	go func() {
		err := cn.client.Wait()
		if err == nil {
			err = io.EOF
		}
		cn.end(err)
	}()
	if interval > 0 {
		go cn.keepalive(clock, interval, maxMissed, log)
	}
}

// alive reports whether the connection has not ended yet. A silently dead
// peer still counts as alive until keepalives give up on it.
func (cn *conn) alive() bool {
	select {
	case <-cn.done:
		return false
	default:
		return true
	}
}

// lostReason is why the connection ended, or nil while it is alive.
func (cn *conn) lostReason() error {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	return cn.lostWhy
}

// end records why the connection ended (the first reason wins), closes
// it and every hop beneath it, and wakes everyone waiting on done.
func (cn *conn) end(why error) {
	cn.stopOnce.Do(func() {
		cn.mu.Lock()
		cn.lostWhy = why
		cn.mu.Unlock()
		cn.closeClients()
		close(cn.done)
	})
}

func (cn *conn) closeClients() {
	if cn.client != nil {
		_ = cn.client.Close()
	}
	for i := len(cn.hops) - 1; i >= 0; i-- {
		_ = cn.hops[i].Close()
	}
}

// keepalive probes the peer every interval. A probe that stays unanswered
// for maxMissed further intervals ends the connection, so that reads
// blocked on a dead peer fail instead of hanging until TCP gives up hours
// later.
func (cn *conn) keepalive(clock clockwork.Clock, interval time.Duration, maxMissed int, log *slog.Logger) {
	// One timer re-armed per tick rather than a ticker: a fake clock then
	// shows exactly when a tick has been handled.
	tick := clock.NewTimer(interval)
	defer tick.Stop()
	answered := make(chan error, 1)
	inFlight, missed := false, 0
	for {
		select {
		case <-cn.done:
			return
		case err := <-answered:
			inFlight = false
			if err != nil {
				return // the connection is ending; Wait reports why
			}
			missed = 0
		case <-tick.Chan():
			if inFlight {
				missed++
			}
			if missed >= maxMissed {
				silence := time.Duration(missed) * interval
				log.Warn("SSH peer stopped answering keepalives, closing the connection", "silence", silence)
				cn.end(fmt.Errorf("no answer to keepalives for %s", silence))
				return
			}
			tick.Reset(interval)
			if !inFlight {
				inFlight = true
				go func() {
					_, _, err := cn.client.SendRequest(keepaliveRequest, true, nil)
					answered <- err
				}()
			}
		}
	}
}

// probe asks the peer for a keepalive answer, to tell a command killed by
// a signal on a live host from a host that is going down.
func (cn *conn) probe(ctx context.Context, clock clockwork.Clock, timeout time.Duration) bool {
	if !cn.alive() {
		return false
	}
	answered := make(chan error, 1)
	go func() {
		_, _, err := cn.client.SendRequest(keepaliveRequest, true, nil)
		answered <- err
	}()
	select {
	case err := <-answered:
		return err == nil
	case <-cn.done:
		return false
	case <-ctx.Done():
		return cn.alive()
	case <-clock.After(timeout):
		return false
	}
}

var errClientClosed = errors.New("the SSH client was closed")
