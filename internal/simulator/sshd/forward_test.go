package sshd

import (
	"errors"
	"net"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

func TestForwardingThroughBastion(t *testing.T) {
	t.Parallel()
	bastion := startNode(t, unameMachine, func(c *Config) { c.AllowTCPForwarding = true })
	target := startNode(t, unameMachine)

	// The ProxyJump shape: a second SSH connection inside a direct-tcpip
	// channel of the first.
	tunnel, err := bastion.dial(t).Dial("tcp", target.srv.Addr())
	if err != nil {
		t.Fatalf("open a tunnel through the bastion: %v", err)
	}
	conn, chans, reqs, err := ssh.NewClientConn(tunnel, target.srv.Addr(), target.clientConfig(DefaultUser, target.clientKey))
	if err != nil {
		t.Fatalf("log in to the target through the bastion: %v", err)
	}
	behind := ssh.NewClient(conn, chans, reqs)
	defer behind.Close()

	out, err := newSession(t, behind).Output("uname -r")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); got != testKernel {
		t.Errorf("uname -r through the bastion printed %q, want %q", got, testKernel)
	}
	if got := bastion.srv.Counters().ForwardedConnections; got != 1 {
		t.Errorf("the bastion counted %d forwarded connections, want 1", got)
	}
	if got := target.srv.Counters().CommandsExecuted; got != 1 {
		t.Errorf("the target ran %d commands, want 1", got)
	}
}

func TestForwardingRefused(t *testing.T) {
	t.Parallel()
	closedPort := func() string {
		ln, err := net.Listen("tcp", nextLoopbackAddr(t))
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		_ = ln.Close()
		return addr
	}()
	tests := []struct {
		name       string
		forwarding bool
		dest       string
		wantReason ssh.RejectionReason
	}{
		{name: "forwarding disabled", dest: "127.0.0.1:22", wantReason: ssh.Prohibited},
		{name: "non-loopback destination", forwarding: true, dest: "192.0.2.10:22", wantReason: ssh.Prohibited},
		{name: "nothing listening", forwarding: true, dest: closedPort, wantReason: ssh.ConnectionFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			node := startNode(t, unameMachine, func(c *Config) { c.AllowTCPForwarding = tt.forwarding })
			conn, err := node.dial(t).Dial("tcp", tt.dest)
			if err == nil {
				_ = conn.Close()
			}
			var openErr *ssh.OpenChannelError
			if !errors.As(err, &openErr) || openErr.Reason != tt.wantReason {
				t.Errorf("forwarding to %s returned %v, want rejection %v", tt.dest, err, tt.wantReason)
			}
			if got := node.srv.Counters().ForwardedConnections; got != 0 {
				t.Errorf("counted %d forwarded connections, want 0", got)
			}
		})
	}
}

func TestLoopbackTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		host    string
		port    uint32
		want    string
		wantErr bool
	}{
		{host: "127.0.1.7", port: 22, want: "127.0.1.7:22"},
		{host: "localhost", port: 2222, want: "127.0.0.1:2222"},
		{host: "::1", port: 22, want: "[::1]:22"},
		{host: "10.0.0.5", port: 22, wantErr: true},
		{host: "db-node-1.example.com", port: 22, wantErr: true},
		{host: "127.0.0.1", port: 0, wantErr: true},
		{host: "127.0.0.1", port: 70000, wantErr: true},
	}
	for _, tt := range tests {
		got, err := loopbackTarget(tt.host, tt.port)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("loopbackTarget(%q, %d) = %q, %v; want %q, error: %v", tt.host, tt.port, got, err, tt.want, tt.wantErr)
		}
	}
}
