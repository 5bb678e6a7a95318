// Package sshd is the SSH server of one simulated DB node.
//
// Each simulated node is a real SSH server on its own loopback address, so
// clients exercise the same dialing, host key, authentication, keepalive and
// bastion code they use against Oracle Base Database Service nodes. What runs
// behind the server is a [Machine]; this package only speaks the protocol and
// offers the fault knobs that belong to the network and the SSH daemon:
// powering off (connection refused), dropping connections, refusing
// authentication, changing the host key and slowing handshakes.
package sshd
