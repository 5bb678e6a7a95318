package sshd

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/netip"
	"strconv"
	"sync"

	"golang.org/x/crypto/ssh"
)

// directTCPIP is the payload of a direct-tcpip channel open (RFC 4254 7.2).
type directTCPIP struct {
	DestAddr string
	DestPort uint32
	OrigAddr string
	OrigPort uint32
}

// forward serves a direct-tcpip channel: the client asks this node to
// connect somewhere on its behalf, as ProxyJump does through a bastion.
func (s *Server) forward(lc *liveConn, newCh ssh.NewChannel) {
	// Prohibited is what OpenSSH answers when forwarding is disabled
	// ("administratively prohibited"), so clients print the familiar error.
	if !s.cfg.AllowTCPForwarding {
		_ = newCh.Reject(ssh.Prohibited, "TCP forwarding is disabled on this node")
		return
	}
	var msg directTCPIP
	if err := ssh.Unmarshal(newCh.ExtraData(), &msg); err != nil {
		_ = newCh.Reject(ssh.ConnectionFailed, "malformed direct-tcpip request")
		return
	}
	target, err := loopbackTarget(msg.DestAddr, msg.DestPort)
	if err != nil {
		_ = newCh.Reject(ssh.Prohibited, err.Error())
		return
	}
	var dialer net.Dialer
	upstream, err := dialer.DialContext(lc.ctx, "tcp", target)
	if err != nil {
		_ = newCh.Reject(ssh.ConnectionFailed, fmt.Sprintf("connect to %s: %v", target, err))
		return
	}
	s.counters.forwardedConnections.Add(1)
	ch, reqs, err := newCh.Accept()
	if err != nil {
		_ = upstream.Close()
		return
	}
	s.wg.Go(func() { ssh.DiscardRequests(reqs) })
	splice(lc.ctx, ch, upstream)
}

// loopbackTarget refuses anything but loopback destinations: the simulated
// fleet lives on 127.0.0.0/8, and a test fleet must not become an open proxy
// into the network of the machine it runs on.
func loopbackTarget(host string, port uint32) (string, error) {
	if port == 0 || port > 65535 {
		return "", fmt.Errorf("port %d is not a valid TCP port", port)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.IsLoopback() {
		return "", fmt.Errorf("forwarding to %q is not allowed: only loopback IP addresses are reachable from this node", host)
	}
	return net.JoinHostPort(ip.String(), strconv.FormatUint(uint64(port), 10)), nil
}

// splice copies both ways until both directions have ended, passing each
// side's EOF on as a half-close so request/response protocols finish. A dead
// SSH connection cuts the upstream connection too.
func splice(ctx context.Context, ch ssh.Channel, upstream net.Conn) {
	stop := context.AfterFunc(ctx, func() {
		_ = upstream.Close()
		_ = ch.Close()
	})
	defer stop()

	var copies sync.WaitGroup
	copies.Go(func() {
		_, _ = io.Copy(upstream, ch)
		closeWrite(upstream)
	})
	copies.Go(func() {
		_, _ = io.Copy(ch, upstream)
		_ = ch.CloseWrite()
	})
	copies.Wait()
	_ = upstream.Close()
	_ = ch.Close()
}

func closeWrite(c net.Conn) {
	if hc, ok := c.(interface{ CloseWrite() error }); ok {
		_ = hc.CloseWrite()
		return
	}
	_ = c.Close()
}
