package main

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fleetpatch/terraform-provider-fams/internal/compliance"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
)

// envCompartment is the compartment the simulator's env file names.
const envCompartment = "FAMS_COMPARTMENT_ID"

// notCompliantError ends a run whose report found non-compliant nodes: the
// report was written, and the exit code (1) says the rest.
type notCompliantError struct{ bad, total int }

func (e notCompliantError) Error() string {
	return fmt.Sprintf("%d of %d nodes are not compliant", e.bad, e.total)
}

func newComplianceCommand() *cobra.Command {
	var (
		compartmentID, groupID, dbSystemID, displayName string
		source, output, maxSeverity, maxAge             string
		recursive, details                              bool
		hosts                                           []string
	)
	cmd := &cobra.Command{
		Use:   "compliance",
		Short: "Report which nodes lack security updates, and whether that complies with a policy",
		Long: `Reports, per node, the security advisories it lacks (with severity, CVEs,
package and issue date) and whether that complies with a policy.

Nodes are chosen one of three ways:

  OS Management Hub managed instances (like Oracle's compliance_report.py):
    --compartment-id [--recursive] and/or --managed-instance-group-id
  The DB nodes of a DB system:
    --db-system-id, or --display-name searched in --compartment-id and below;
    --source auto reads a node from OS Management Hub when it is a managed
    instance there (display name = hostname) and over SSH otherwise
  Nodes by address, over SSH:
    --host 10.0.0.5 --host 10.0.0.6:2222

The policy: --max-severity is the most severe missing advisory a compliant node
may have (none, the default, tolerates no missing security update at all);
--max-age bounds how long ago the oldest missing advisory was issued (30d,
720h). Over SSH dnf gives no issue dates, so --max-age makes such nodes with
missing updates non-compliant.

Exit status: 0 when every node is compliant, 1 when some node is not (or
could not be checked, or a call failed), 2 for bad flags.`,
		Example: `  famsctl compliance --compartment-id ocid1.tenancy.oc1..xyz --recursive --show-details
  famsctl compliance --db-system-id ocid1.dbsystem.oc1... --max-severity moderate --max-age 30d --output json
  famsctl compliance --host 10.0.0.5 --ssh-private-key-file ~/.ssh/id_opc --output csv`,
		Args: func(cmd *cobra.Command, args []string) error {
			if err := cobra.NoArgs(cmd, args); err != nil {
				return usageError{err}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&compartmentID, "compartment-id", os.Getenv(envCompartment), "compartment (or tenancy) OCID to report on, or to search for --display-name (env "+envCompartment+")")
	f.BoolVar(&recursive, "recursive", false, "also report on every compartment below --compartment-id")
	f.StringVar(&groupID, "managed-instance-group-id", "", "report only on the members of this OS Management Hub managed instance group")
	f.StringVar(&dbSystemID, "db-system-id", "", "report on the DB nodes of this DB system")
	f.StringVar(&displayName, "display-name", "", "report on the DB nodes of the DB system with this name in --compartment-id or below")
	f.StringSliceVar(&hosts, "host", nil, "report on the node at this address over SSH (repeatable, host or host:port)")
	f.StringVar(&source, "source", string(compliance.SourceAuto), "for a DB system: auto, osmh (OS Management Hub) or node (SSH)")
	f.StringVarP(&output, "output", "o", compliance.FormatTable, "output format: "+strings.Join(compliance.Formats(), ", "))
	f.BoolVarP(&details, "show-details", "d", false, "list each node's missing security updates with their CVEs (table output)")
	f.StringVar(&maxSeverity, "max-severity", "none", "most severe missing advisory a compliant node may have: "+strings.Join(compliance.SeverityLevels(), ", "))
	f.StringVar(&maxAge, "max-age", "", "longest a missing advisory may have been out, such as 30d or 720h (default: no limit)")
	var of ociFlags
	of.register(f)
	var sf sshFlags
	sf.register(f)

	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		policy, err := compliance.ParsePolicy(maxSeverity, maxAge)
		if err != nil {
			return usageError{flagNames(err)}
		}
		if !slices.Contains(compliance.Formats(), output) {
			return usageError{fmt.Errorf("--output %q is not supported; use one of %s", output, strings.Join(compliance.Formats(), ", "))}
		}
		src, ok := compliance.ParseSource(source)
		if !ok {
			return usageError{fmt.Errorf("--source %q is not supported; use auto, osmh or node", source)}
		}
		byHost := len(hosts) > 0
		bySystem := dbSystemID != "" || displayName != ""
		var conflicts []string
		switch {
		case byHost && bySystem:
			conflicts = append(conflicts, "--host cannot be combined with --db-system-id or --display-name")
		case byHost && (recursive || groupID != "" || f.Changed("compartment-id")):
			conflicts = append(conflicts, "--host checks nodes over SSH; drop --compartment-id, --recursive and --managed-instance-group-id")
		case bySystem && (recursive || groupID != ""):
			conflicts = append(conflicts, "--recursive and --managed-instance-group-id select managed instances, not DB systems; drop them with --db-system-id or --display-name")
		case !byHost && !bySystem && f.Changed("source"):
			conflicts = append(conflicts, "--source applies to DB systems (--db-system-id or --display-name); managed instances always come from OS Management Hub")
		}
		if byHost && src == compliance.SourceOSMH {
			conflicts = append(conflicts, "--host nodes are checked over SSH; drop --source osmh")
		}
		if len(conflicts) > 0 {
			return usageError{errors.New(strings.Join(conflicts, "; "))}
		}
		sel := oci.Selector{ID: dbSystemID, DisplayName: displayName}
		if displayName != "" {
			sel.CompartmentID = compartmentID
		}
		query := oci.ManagedInstanceQuery{CompartmentID: compartmentID, IncludeSubtree: recursive, GroupID: groupID}
		switch {
		case bySystem:
			err = sel.Validate()
		case !byHost:
			err = query.Validate()
		}
		if err != nil {
			return usageError{flagNames(err)}
		}
		ociCfg, err := of.config()
		if err != nil {
			return usageError{flagNames(err)}
		}
		client, err := oci.NewClient(ociCfg)
		if err != nil {
			return usageError{flagNames(err)}
		}
		// The key is checked when a node is read over SSH, not before:
		// an OS Management Hub report needs none.
		ssh, err := sf.build()
		if err != nil {
			return usageError{err}
		}
		checker := &compliance.Checker{OCI: client, SSH: compliance.SSHOpener(ssh, client)}
		defer func() { _ = checker.Close() }()

		ctx := cmd.Context()
		var nodes []compliance.Node
		switch {
		case byHost:
			nodes, err = checker.Hosts(ctx, hosts)
		case bySystem:
			nodes, err = checker.DBSystem(ctx, sel, src)
		default:
			nodes, err = checker.ManagedInstances(ctx, query)
		}
		if err != nil {
			return flagNames(err)
		}
		report := compliance.NewReport(nodes, policy, time.Now())
		if err := compliance.Write(cmd.OutOrStdout(), report, output, details); err != nil {
			return fmt.Errorf("write the report: %w", err)
		}
		if !report.Compliant {
			return notCompliantError{bad: report.NonCompliant(), total: len(report.Nodes)}
		}
		return nil
	}
	return cmd
}
