// Package patch is the OS patch workflow for Base Database Service DB
// nodes: lock, DCS agent, storage, prechecks, the dbcli OS update, the
// stack stop, the reboot, the stack start and the post-checks, node by
// node.
//
// It decides; it does not talk. Commands come from dbnode, are sent through
// a Transport (remote.Pool in production) and their answers are read by
// dbnode's parsers. Both the Terraform provider and famsctl drive it, and
// watch it through Events.
//
// The workflow is rolling (one node of a DB system at a time; the first
// failure stops the run and leaves the other nodes NotAttempted), resumable
// (an OS update job already running on a node is adopted, never duplicated;
// a node whose update finished without a reboot resumes at the reboot) and
// never sleeps for a fixed time: jobs are polled with a backoff and a
// reboot is seen when the node's boot_id changes.
package patch
