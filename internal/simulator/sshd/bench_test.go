package sshd

import (
	"context"
	"testing"
)

var trueMachine = machineFunc(func(context.Context, ExecRequest) (int, error) { return 0, nil })

// BenchmarkHandshake measures a fresh login: TCP connect, key exchange and
// public key authentication, as a fleet-wide patch run does once per node.
func BenchmarkHandshake(b *testing.B) {
	node := startNode(b, trueMachine)
	for b.Loop() {
		client, err := node.dialAs(DefaultUser, node.clientKey)
		if err != nil {
			b.Fatal(err)
		}
		_ = client.Close()
	}
}

// BenchmarkExecReused measures one command round trip on an open
// connection, as the job polling loop does.
func BenchmarkExecReused(b *testing.B) {
	node := startNode(b, trueMachine)
	client := node.dial(b)
	for b.Loop() {
		session, err := client.NewSession()
		if err != nil {
			b.Fatal(err)
		}
		if err := session.Run("true"); err != nil {
			b.Fatal(err)
		}
		_ = session.Close()
	}
}
