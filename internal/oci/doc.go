// Package oci finds what a patch run works on, through the OCI API: the DB
// system (by OCID or by display name across a compartment subtree), its DB
// nodes in rolling order with their private IPs, the SSH key kept in a Vault
// secret, and, for compliance reports, OS Management Hub managed instances
// and their security errata.
//
// Every call goes through the official oci-go-sdk clients, which sign the
// requests and retry throttling (429) and server errors (5xx). Nothing the
// package returns exposes an SDK type, so callers do not depend on the SDK.
//
// A direct mode ([DirectSystem]) builds the same [System] from a list of node
// addresses without calling OCI at all, for on-premises hosts, tests, or
// callers that already know their nodes.
package oci
