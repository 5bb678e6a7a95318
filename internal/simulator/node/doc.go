// Package node emulates one DB node of an Oracle Base Database Service VM DB
// system: an Oracle Linux VM whose login user is opc, with the DCS agent and
// dbcli, Grid Infrastructure (ASM) or a plain LVM database, a process table,
// an in-memory filesystem, security advisories and a power state.
//
// A [Node] runs command lines the way bash would (mvdan.cc/sh interprets the
// shell grammar) and answers the programs a patch workflow calls with output
// shaped like the real tools. Nothing here touches the host: files live in
// memory, programs are Go functions, and every duration is measured on the
// injected clock so tests can move time instead of waiting for it.
package node
