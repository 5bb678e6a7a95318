// Package ociapi is a fake OCI REST API: one net/http handler that answers
// the paths the real oci-go-sdk clients call for the Database, Networking,
// Identity, Vault Secrets, Work Requests and OS Management Hub services, so
// that code using the SDK runs end to end on one machine. Point every
// client's Host at the server's URL; each service keeps its version prefix
// in the path, so one host serves them all.
//
// Requests must carry an HTTP signature made with a key registered in the
// Store, as OCI requires, so that authentication code is exercised too.
// Responses are the SDK's own model structs encoded as JSON, so their field
// names cannot drift from what the SDK parses.
//
// Everything under /_sim/ is an unsigned admin API (counters, fault knobs);
// the fleet mounts its own admin routes there with Server.HandleAdmin.
package ociapi
