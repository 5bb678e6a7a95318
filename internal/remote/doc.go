// Package remote is the one place that speaks SSH to DB nodes.
//
// A [Client] owns one SSH connection to one node, opened lazily, verified
// against a [HostKeyPolicy] on every handshake (reconnects included), kept
// alive with keepalive@openssh.com probes and reopened transparently when it
// drops. Commands run with [Client.Run]: cancellable, with separate capped
// stdout and stderr, an exit status, optional PTY and non-interactive sudo.
// Every failure is an [*Error] whose [Kind] tells callers whether to retry,
// give up or treat the node as rebooting ([IsHostGone]).
//
// Hosts can be reached through any number of jump hosts ([Hop]), with
// ProxyJump semantics: each hop has its own user, keys and host key policy.
// This also covers OCI Bastion managed SSH sessions, whose hop user is the
// session OCID.
package remote
