package sshd

import (
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
	"golang.org/x/crypto/ssh"
)

func TestPowerCycle(t *testing.T) {
	t.Parallel()
	machine := newBlockingMachine()
	node := startNode(t, machine)
	addr := node.srv.Addr()

	running := newSession(t, node.dial(t))
	if err := running.Start("dbcli update-server -c os"); err != nil {
		t.Fatal(err)
	}
	<-machine.started

	node.srv.PowerOff()
	node.srv.PowerOff() // a second power-off changes nothing

	var missing *ssh.ExitMissingError
	if err := running.Wait(); !errors.As(err, &missing) {
		t.Errorf("the running command returned %v, want *ssh.ExitMissingError", err)
	}
	if cause := <-machine.causes; !errors.Is(cause, ErrConnectionClosed) {
		t.Errorf("the running command was cancelled by %v, want %v", cause, ErrConnectionClosed)
	}
	if client, err := node.dialAs(DefaultUser, node.clientKey); !errors.Is(err, syscall.ECONNREFUSED) {
		if client != nil {
			_ = client.Close()
		}
		t.Fatalf("dialing a powered-off node returned %v, want connection refused", err)
	}

	if err := node.srv.PowerOn(); err != nil {
		t.Fatalf("power on: %v", err)
	}
	if err := node.srv.PowerOn(); err != nil {
		t.Fatalf("a second power-on: %v", err)
	}
	if got := node.srv.Addr(); got != addr {
		t.Errorf("the node came back on %s, want %s", got, addr)
	}
	after := newSession(t, node.dial(t))
	if err := after.Start("uptime"); err != nil {
		t.Fatalf("run a command after power-on: %v", err)
	}
	if got := <-machine.started; got != "uptime" {
		t.Errorf("the machine ran %q, want uptime", got)
	}
}

func TestDropConnectionsKeepsListening(t *testing.T) {
	t.Parallel()
	machine := newBlockingMachine()
	node := startNode(t, machine)

	client := node.dial(t)
	running := newSession(t, client)
	if err := running.Start("dbcli describe-job -i 1 -j"); err != nil {
		t.Fatal(err)
	}
	<-machine.started

	node.srv.DropConnections()

	var missing *ssh.ExitMissingError
	if err := running.Wait(); !errors.As(err, &missing) {
		t.Errorf("the running command returned %v, want *ssh.ExitMissingError", err)
	}
	if cause := <-machine.causes; !errors.Is(cause, ErrConnectionClosed) {
		t.Errorf("the running command was cancelled by %v, want %v", cause, ErrConnectionClosed)
	}
	if err := client.Wait(); err == nil {
		t.Error("the dropped connection ended without an error")
	}
	node.dial(t)
}

func TestLifecycleMisuse(t *testing.T) {
	t.Parallel()
	node := startNode(t, unameMachine)
	if err := node.srv.Start(); err == nil {
		t.Error("a second Start succeeded")
	}

	fresh, err := New(Config{
		Addr:           nextLoopbackAddr(t),
		HostKey:        node.clientKey,
		AuthorizedKeys: []ssh.PublicKey{node.clientKey.PublicKey()},
		Machine:        unameMachine,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := fresh.PowerOn(); err == nil || errors.Is(err, ErrServerClosed) {
		t.Errorf("PowerOn before Start returned %v, want an error asking for Start", err)
	}

	if err := node.srv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := node.srv.Close(); err != nil {
		t.Errorf("a second Close returned %v", err)
	}
	if err := node.srv.PowerOn(); !errors.Is(err, ErrServerClosed) {
		t.Errorf("PowerOn after Close returned %v, want %v", err, ErrServerClosed)
	}
	if err := node.srv.Start(); !errors.Is(err, ErrServerClosed) {
		t.Errorf("Start after Close returned %v, want %v", err, ErrServerClosed)
	}
	if _, err := node.dialAs(DefaultUser, node.clientKey); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("dialing a closed node returned %v, want connection refused", err)
	}
}

func TestCloseCancelsRunningCommands(t *testing.T) {
	t.Parallel()
	machine := newBlockingMachine()
	node := startNode(t, machine)
	if err := newSession(t, node.dial(t)).Start("sleep 3600"); err != nil {
		t.Fatal(err)
	}
	<-machine.started

	// Close returns only after the machine saw the cancellation and returned.
	if err := node.srv.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case cause := <-machine.causes:
		if !errors.Is(cause, ErrConnectionClosed) {
			t.Errorf("the command was cancelled by %v, want %v", cause, ErrConnectionClosed)
		}
	default:
		t.Error("Close returned while the command was still running")
	}
}

func TestHandshakeLatency(t *testing.T) {
	t.Parallel()
	clock := clockwork.NewFakeClock()
	node := startNode(t, unameMachine, func(c *Config) { c.Clock = clock })
	node.srv.SetHandshakeLatency(time.Minute)

	dial := func() <-chan error {
		done := make(chan error, 1)
		go func() {
			client, err := node.dialAs(DefaultUser, node.clientKey)
			if err == nil {
				_ = client.Close()
			}
			done <- err
		}()
		return done
	}

	t.Run("the handshake waits for the latency", func(t *testing.T) {
		done := dial()
		if err := clock.BlockUntilContext(t.Context(), 1); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			t.Fatalf("the login finished before the latency passed: %v", err)
		default:
		}
		clock.Advance(time.Minute)
		if err := <-done; err != nil {
			t.Errorf("login after the latency: %v", err)
		}
	})
	t.Run("a dropped connection stops waiting", func(t *testing.T) {
		done := dial()
		if err := clock.BlockUntilContext(t.Context(), 1); err != nil {
			t.Fatal(err)
		}
		node.srv.DropConnections()
		if err := <-done; err == nil {
			t.Error("login succeeded on a dropped connection")
		}
	})
	t.Run("zero removes the latency", func(t *testing.T) {
		node.srv.SetHandshakeLatency(0)
		if err := <-dial(); err != nil {
			t.Errorf("login without latency: %v", err)
		}
	})
}

func TestCounters(t *testing.T) {
	t.Parallel()
	node := startNode(t, unameMachine)

	if client, err := node.dialAs(DefaultUser, newSigner(t)); err == nil {
		_ = client.Close()
		t.Fatal("an unknown key logged in")
	}
	client := node.dial(t)
	for range 2 {
		if _, err := newSession(t, client).Output("uname -r"); err != nil {
			t.Fatal(err)
		}
	}
	newSession(t, client) // opened, never used

	want := Counters{
		ConnectionsAccepted: 2,
		HandshakesCompleted: 1,
		AuthFailures:        1,
		SessionsOpened:      3,
		CommandsExecuted:    2,
	}
	if got := node.srv.Counters(); got != want {
		t.Errorf("counters = %+v, want %+v", got, want)
	}
}

func TestClientDisconnectCancelsCommand(t *testing.T) {
	t.Parallel()
	machine := newBlockingMachine()
	node := startNode(t, machine)
	client := node.dial(t)
	if err := newSession(t, client).Start("sleep 3600"); err != nil {
		t.Fatal(err)
	}
	<-machine.started

	_ = client.Close()
	// The cause must name the lost connection, not a closed session, even
	// though the session channel goes away at the same moment.
	if cause := <-machine.causes; !errors.Is(cause, ErrConnectionClosed) {
		t.Errorf("the command was cancelled by %v, want %v", cause, ErrConnectionClosed)
	}
}
