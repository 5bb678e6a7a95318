package main

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/fleetpatch/terraform-provider-fams/internal/patch"
)

func newPatchCommand() *cobra.Command {
	var (
		sel       selectFlags
		ociF      ociFlags
		sshF      sshFlags
		wf        workflowFlags
		parallel  int
		logFormat string
	)
	cmd := &cobra.Command{
		Use:   "patch [dbsystemname=NAME ...]",
		Short: "Precheck or patch the OS of DB systems' nodes, one node at a time",
		Long: `Patches the operating system of the DB nodes of one or more DB systems:
for each node, in turn, it takes a lock, checks the DCS agent, the storage
stack and the dbcli OS precheck, runs 'dbcli update-server -c os', waits for
the job, stops the database stack, reboots, waits for the new boot, starts
the stack and checks it. The first failure stops the DB system before its
next node; other DB systems (--parallel at a time) go on.

Every DB system is discovered before any node is touched. A rerun with the
same --run-id (by default derived from the DB system) resumes: it takes over
its own locks and adopts an OS update job still running.

It replaces the FAMS runbook script; a runbook task can call it as

    famsctl patch "$@" --option update

with the runbook's dbsystemname=NAME argument.

On a terminal it shows live progress and a summary table; otherwise it writes
one log line per event (--log-format text or json).

Exit codes:
  0  every node patched, up to date, skipped by the kernel policy, or passed
     its precheck
  1  unexpected error (OCI API, SSH transport, ...)
  2  bad input: flags, arguments, or a DB system name that matches none or
     several
  3  precheck failed: a node failed in connect, lock, dcs_agent, storage,
     precheck or pre_update_hooks; no node was changed
  4  patch failed: a node failed at update or later, and no node was patched
  5  partially done: some nodes were patched, then a node failed
When DB systems fail differently, the highest of 5, 4, 1, 3 wins.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := sel.addPositional(args); err != nil {
				return usageError{err}
			}
			cfg, err := wf.config()
			if err != nil {
				return usageError{err}
			}
			if parallel < 1 {
				return usageError{fmt.Errorf("--parallel must be at least 1, got %d", parallel)}
			}
			if !slices.Contains([]string{"text", "json"}, logFormat) {
				return usageError{fmt.Errorf("--log-format %q is not valid: use text or json", logFormat)}
			}
			ctx := cmd.Context()
			tgt, err := resolve(ctx, &sel, &ociF, &sshF)
			if err != nil {
				return err
			}
			defer func() { _ = tgt.Close() }()

			var prog progress
			c := cfg
			c.OnEvent = func(ev patch.Event) { prog.event(ev) }
			c.RunID = wf.runID
			engine, err := patch.New(c, tgt.pool, tgt.port)
			if err != nil {
				return usageError{err}
			}
			prog = newProgress(cmd.OutOrStdout(), logFormat, tgt.systems)
			results := engine.PatchAll(ctx, tgt.systems, parallel)
			prog.finish(results)
			if code := patchExitCode(results); code != exitOK {
				return exitError{code: code, err: resultsError(results)}
			}
			return nil
		},
	}
	f := cmd.Flags()
	sel.register(f, false)
	ociF.register(f)
	sshF.register(f)
	wf.register(f)
	f.IntVar(&parallel, "parallel", 4, "DB systems patched at once (the nodes of one system are always patched one at a time)")
	f.StringVar(&logFormat, "log-format", "text", "log line format when the output is not a terminal: text or json")
	return cmd
}
