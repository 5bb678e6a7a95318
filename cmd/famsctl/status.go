package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/spf13/cobra"
	"golang.org/x/sync/errgroup"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/patch"
)

// inspectFlags are what status and jobs share: they only read the nodes.
type inspectFlags struct {
	sel      selectFlags
	oci      ociFlags
	ssh      sshFlags
	cmds     commandFlags
	out      outputFlags
	parallel int
}

func (f *inspectFlags) register(cmd *cobra.Command) {
	fs := cmd.Flags()
	f.sel.register(fs, true)
	f.oci.register(fs)
	f.ssh.register(fs)
	f.cmds.register(fs)
	f.out.register(fs)
	fs.IntVar(&f.parallel, "parallel", 32, "nodes read at once")
}

// inspectedNode is one node's state with the system it belongs to.
type inspectedNode struct {
	system oci.System
	state  patch.NodeState
}

// inspect reads every selected node, at most --parallel at a time across
// all systems, in the order of the systems and their nodes.
func (f *inspectFlags) inspect(ctx context.Context, args []string) ([]inspectedNode, error) {
	if err := f.sel.addPositional(args); err != nil {
		return nil, usageError{err}
	}
	if err := f.out.validate(); err != nil {
		return nil, usageError{err}
	}
	if f.parallel < 1 {
		return nil, usageError{fmt.Errorf("--parallel must be at least 1, got %d", f.parallel)}
	}
	cmds, err := f.cmds.commands()
	if err != nil {
		return nil, usageError{err}
	}
	tgt, err := resolve(ctx, &f.sel, &f.oci, &f.ssh)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tgt.Close() }()
	eng, err := patch.New(patch.Config{Commands: cmds}, tgt.pool, tgt.port)
	if err != nil {
		return nil, err
	}
	var out []inspectedNode
	for _, sys := range tgt.systems {
		for range sys.Nodes {
			out = append(out, inspectedNode{system: sys})
		}
	}
	// One node per Inspect call, so that --parallel bounds the whole
	// fleet and not each system separately.
	var g errgroup.Group
	g.SetLimit(f.parallel)
	i := 0
	for _, sys := range tgt.systems {
		for _, n := range sys.Nodes {
			one := sys
			one.Nodes = []oci.Node{n}
			idx := i
			g.Go(func() error {
				out[idx].state = eng.Inspect(ctx, one, 1)[0]
				return nil
			})
			i++
		}
	}
	_ = g.Wait()
	return out, nil
}

// unreadable turns nodes that could not be read into the exit error.
func unreadable(nodes []inspectedNode) error {
	failed := 0
	for _, n := range nodes {
		if n.state.Err != nil {
			failed++
		}
	}
	if failed == 0 {
		return nil
	}
	return exitError{code: exitFailure, err: fmt.Errorf("%d of %d nodes could not be read; their error is in the output", failed, len(nodes))}
}

// statusRow is the printed form of a node's state; the JSON names are
// part of the interface scripts rely on.
type statusRow struct {
	System          string `json:"system"`
	SystemID        string `json:"system_id,omitempty"`
	Hostname        string `json:"hostname"`
	Address         string `json:"address"`
	Kernel          string `json:"kernel"`
	BootID          string `json:"boot_id"`
	LastJobID       string `json:"last_job_id"`
	LastJobStatus   string `json:"last_job_status"`
	LastJobTime     string `json:"last_job_time"`
	UpdateAvailable bool   `json:"update_available"`
	RebootRequired  bool   `json:"reboot_required"`
	LockHolder      string `json:"lock_holder"`
	Error           string `json:"error,omitempty"`
}

func newStatusCommand() *cobra.Command {
	var f inspectFlags
	cmd := &cobra.Command{
		Use:   "status [dbsystemname=NAME ...]",
		Short: "Show each DB node's kernel, boot, last OS update job, pending updates and lock",
		Long: `Reads, without changing anything, each node of the selected DB systems: kernel,
boot id, the last OS update job, whether an update is available or a reboot
is required, and who holds the patch lock. --all reads every DB system in
--compartment-id and its sub-compartments.

A node that cannot be read is listed with its error, and the exit code is 1.
Exit codes: 0 every node read, 1 some node could not be read (or another
error), 2 bad input.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			nodes, err := f.inspect(cmd.Context(), args)
			if err != nil {
				return err
			}
			rows := make([]statusRow, len(nodes))
			for i, n := range nodes {
				rows[i] = toStatusRow(n)
			}
			if err := writeRows(cmd.OutOrStdout(), f.out.format, rows,
				[]string{"System", "Hostname", "Address", "Kernel", "Boot ID", "Last job", "Job status", "Job time", "Update available", "Reboot required", "Lock holder", "Error"},
				[]string{"system", "hostname", "address", "kernel", "boot_id", "last_job_id", "last_job_status", "last_job_time", "update_available", "reboot_required", "lock_holder", "error"},
				func(r statusRow) []string {
					return []string{r.System, r.Hostname, r.Address, r.Kernel, r.BootID, r.LastJobID, r.LastJobStatus, r.LastJobTime,
						strconv.FormatBool(r.UpdateAvailable), strconv.FormatBool(r.RebootRequired), r.LockHolder, r.Error}
				}); err != nil {
				return err
			}
			return unreadable(nodes)
		},
	}
	f.register(cmd)
	return cmd
}

func toStatusRow(n inspectedNode) statusRow {
	st := n.state
	r := statusRow{
		System: n.system.Name(), SystemID: n.system.ID, Hostname: st.Hostname, Address: st.Address,
		Kernel: st.Kernel, BootID: st.BootID,
		LastJobID: st.LastUpdate.ID, LastJobStatus: string(st.LastUpdate.Status), LastJobTime: timestamp(st.LastUpdate.Updated),
		UpdateAvailable: st.UpdateAvailable, RebootRequired: st.RebootRequired,
	}
	if r.LastJobTime == "" {
		r.LastJobTime = timestamp(st.LastUpdate.Created)
	}
	if st.Lock != nil {
		r.LockHolder = st.Lock.Owner
		if st.Lock.RunID != "" {
			r.LockHolder += ", run " + st.Lock.RunID
		}
		if !st.Lock.Started.IsZero() {
			r.LockHolder += ", since " + st.Lock.Started.UTC().Format(time.RFC3339)
		}
	}
	if st.Err != nil {
		r.Error = st.Err.Error()
	}
	return r
}

// timestamp prints dbcli's time in RFC 3339 when it could be read, as
// dbcli printed it otherwise.
func timestamp(t dbnode.Timestamp) string {
	if t.Parsed() {
		return t.Time.UTC().Format(time.RFC3339)
	}
	return t.Raw
}

// jobRow is one dbcli job of a node.
type jobRow struct {
	System      string `json:"system"`
	Hostname    string `json:"hostname"`
	ID          string `json:"id"`
	Description string `json:"description"`
	Status      string `json:"status"`
	Created     string `json:"created"`
	Updated     string `json:"updated"`
	Progress    int    `json:"progress"`
	Error       string `json:"error,omitempty"`
}

func newJobsCommand() *cobra.Command {
	var f inspectFlags
	cmd := &cobra.Command{
		Use:   "jobs [dbsystemname=NAME ...]",
		Short: "List each DB node's dbcli OS update and OS precheck jobs",
		Long: `Lists, oldest first, the dbcli OS update and OS precheck jobs of each node of
the selected DB systems. A node that cannot be read is listed with its error,
and the exit code is 1. Exit codes: 0 every node read, 1 some node could not
be read (or another error), 2 bad input.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			nodes, err := f.inspect(cmd.Context(), args)
			if err != nil {
				return err
			}
			var rows []jobRow
			for _, n := range nodes {
				if n.state.Err != nil {
					rows = append(rows, jobRow{System: n.system.Name(), Hostname: n.state.Hostname, Error: n.state.Err.Error()})
					continue
				}
				for _, j := range n.state.Jobs {
					rows = append(rows, jobRow{
						System: n.system.Name(), Hostname: n.state.Hostname, ID: j.ID, Description: j.Description,
						Status: string(j.Status), Created: timestamp(j.Created), Updated: timestamp(j.Updated), Progress: j.Progress,
					})
				}
			}
			if err := writeRows(cmd.OutOrStdout(), f.out.format, rows,
				[]string{"System", "Hostname", "Job", "Description", "Status", "Created", "Updated", "Progress", "Error"},
				[]string{"system", "hostname", "id", "description", "status", "created", "updated", "progress", "error"},
				func(r jobRow) []string {
					return []string{r.System, r.Hostname, r.ID, r.Description, r.Status, r.Created, r.Updated, strconv.Itoa(r.Progress), r.Error}
				}); err != nil {
				return err
			}
			return unreadable(nodes)
		},
	}
	f.register(cmd)
	return cmd
}

// writeRows prints rows as a table, a JSON array or CSV with a header.
// CSV headers are the JSON names, which scripts can rely on; the table
// has headers for people.
func writeRows[T any](w io.Writer, format string, rows []T, header, csvHeader []string, cells func(T) []string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if rows == nil {
			rows = []T{}
		}
		return enc.Encode(rows)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write(csvHeader)
		for _, r := range rows {
			_ = cw.Write(cells(r))
		}
		cw.Flush()
		return cw.Error()
	default:
		t := table.NewWriter()
		t.SetOutputMirror(w)
		t.SetStyle(table.StyleLight)
		hr := make(table.Row, len(header))
		for i, h := range header {
			hr[i] = h
		}
		t.AppendHeader(hr)
		for _, r := range rows {
			c := cells(r)
			row := make(table.Row, len(c))
			for i, v := range c {
				row[i] = v
			}
			t.AppendRow(row)
		}
		t.Render()
		return nil
	}
}
