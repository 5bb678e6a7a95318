package remote

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
)

// clientVersion is sent in the SSH identification string, so node logs
// show which tool connected.
const clientVersion = "SSH-2.0-fams"

// errConnectTimeout is the cause of an attempt's context when the connect
// timeout passed.
type errConnectTimeout time.Duration

func (e errConnectTimeout) Error() string {
	return fmt.Sprintf("no SSH handshake within %s", time.Duration(e))
}

func (errConnectTimeout) Timeout() bool { return true }

// dialer opens connections along one route; it holds what stays the same
// between attempts.
type dialer struct {
	host  string // the target, for error messages
	cfg   Config
	log   *slog.Logger
	route []endpoint
}

// dialWithRetry dials until it succeeds, a final error occurs or the
// attempts run out, waiting with jittered backoff in between.
func (d *dialer) dialWithRetry(ctx context.Context) (*conn, error) {
	policy := d.cfg.Retry
	for attempt := 1; ; attempt++ {
		cn, err := d.dialOnce(ctx)
		if err == nil {
			return cn, nil
		}
		if ctx.Err() != nil {
			return nil, d.contextError(ctx, "connect", err)
		}
		var re *Error
		if !errors.As(err, &re) || re.Kind != KindDial || attempt >= policy.MaxAttempts {
			if re != nil && re.Kind == KindDial && attempt > 1 {
				re.Op = fmt.Sprintf("%s (gave up after %d attempts)", re.Op, attempt)
			}
			return nil, err
		}
		wait := policy.delay(attempt)
		d.log.Info("SSH connection failed, retrying", "host", d.host, "attempt", attempt, "wait", wait, "error", err)
		select {
		case <-d.cfg.Clock.After(wait):
		case <-ctx.Done():
			return nil, d.contextError(ctx, "connect", err)
		}
	}
}

// contextError reports the caller's cancellation or deadline, keeping the
// last failure as the likely reason the deadline was reached.
func (d *dialer) contextError(ctx context.Context, op string, last error) *Error {
	kind, hint := KindCanceled, ""
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		kind, hint = KindTimeout, hintTimeout
	}
	err := ctx.Err()
	if last != nil {
		err = fmt.Errorf("%w (last attempt: %w)", err, last)
	}
	return &Error{Kind: kind, Host: d.host, Op: op, Err: err, Hint: hint}
}

// dialOnce makes one attempt through every hop to the target.
func (d *dialer) dialOnce(ctx context.Context) (*conn, error) {
	cn := &conn{done: make(chan struct{})}
	var via *ssh.Client
	for i, ep := range d.route {
		client, hostKey, err := d.handshake(ctx, via, ep, i == len(d.route)-1)
		if err != nil {
			cn.closeClients()
			return nil, err
		}
		cn.hostKeys = append(cn.hostKeys, hostKey)
		if i < len(d.route)-1 {
			cn.hops = append(cn.hops, client)
		} else {
			cn.client = client
		}
		via = client
	}
	return cn, nil
}

// handshake connects to one endpoint, directly or through the previous
// hop, and logs in.
func (d *dialer) handshake(parent context.Context, via *ssh.Client, ep endpoint, isTarget bool) (*ssh.Client, ssh.PublicKey, error) {
	fail := func(kind Kind, op, hint string, err error) (*ssh.Client, ssh.PublicKey, error) {
		e := &Error{Kind: kind, Host: d.host, Op: op, Hint: hint, Err: err}
		if !isTarget {
			e.Hop = ep.addr
		}
		return nil, nil, e
	}
	ctx, cancel := context.WithCancelCause(parent)
	defer cancel(nil)
	timer := d.cfg.Clock.AfterFunc(d.cfg.ConnectTimeout, func() { cancel(errConnectTimeout(d.cfg.ConnectTimeout)) })
	defer timer.Stop()

	nc, err := d.dialTCP(ctx, via, ep.addr)
	if err != nil {
		if cause := context.Cause(ctx); cause != nil && parent.Err() == nil {
			err = cause
		}
		op := "connect to " + ep.addr
		if via != nil {
			op += " through the jump host"
		}
		return fail(KindDial, op, hintDial, err)
	}
	// Closing the connection is the only way to interrupt a handshake.
	stop := context.AfterFunc(ctx, func() { _ = nc.Close() })
	defer stop()

	warn := func(msg string, args ...any) { d.log.Warn(msg, args...) }
	verify, err := newVerifier(ep.addr, ep.hostKey, warn)
	if err != nil {
		_ = nc.Close()
		return fail(KindHostKey, "verify the host key", "", err)
	}
	auth, err := openAuth(ctx, ep.auth)
	if err != nil {
		_ = nc.Close()
		return fail(KindAuth, "log in as "+ep.user, "", err)
	}
	defer auth.Close()

	sshCfg := &ssh.ClientConfig{
		User:              ep.user,
		Auth:              auth.methods,
		HostKeyCallback:   verify.check,
		HostKeyAlgorithms: verify.algorithms(ep.addr),
		ClientVersion:     clientVersion,
	}
	sc, chans, reqs, err := ssh.NewClientConn(nc, ep.addr, sshCfg)
	switch {
	case err == nil && ctx.Err() == nil:
		d.log.Debug("SSH connection established", "host", ep.addr, "user", ep.user, "host_key", Fingerprint(verify.seen))
		return ssh.NewClient(sc, chans, reqs), verify.seen, nil
	case err == nil:
		_ = sc.Close()
		err = context.Cause(ctx)
	case verify.failed != nil:
		_ = nc.Close()
		return fail(KindHostKey, "verify the host key", verify.failed.hint(), verify.failed)
	case isAuthFailure(err):
		_ = nc.Close()
		return fail(KindAuth, "log in as "+ep.user, hintAuth(ep.user), fmt.Errorf("the host refused every key offered (%s): %w", describeAuth(ep.auth), err))
	}
	_ = nc.Close()
	if cause := context.Cause(ctx); cause != nil && parent.Err() == nil {
		err = fmt.Errorf("%w: %w", cause, err)
	}
	return fail(KindDial, "SSH handshake with "+ep.addr, hintDial, err)
}

func (d *dialer) dialTCP(ctx context.Context, via *ssh.Client, addr string) (net.Conn, error) {
	if via != nil {
		return via.DialContext(ctx, "tcp", addr)
	}
	var nd net.Dialer
	return nd.DialContext(ctx, "tcp", addr)
}

// isAuthFailure recognises x/crypto/ssh's authentication failure, which
// has no error type of its own.
func isAuthFailure(err error) bool {
	return strings.Contains(err.Error(), "ssh: unable to authenticate")
}

func describeAuth(methods []AuthMethod) string {
	descs := make([]string, len(methods))
	for i, m := range methods {
		descs[i] = m.String()
	}
	return strings.Join(descs, "; ")
}
