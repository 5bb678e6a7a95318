package compliance

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Formats a report can be written in.
const (
	FormatTable = "table"
	FormatJSON  = "json"
	FormatCSV   = "csv"
)

// Formats lists the accepted output formats.
func Formats() []string { return []string{FormatTable, FormatJSON, FormatCSV} }

// Write writes r in format; details adds each node's updates to a table
// (JSON and CSV always carry them).
func Write(w io.Writer, r Report, format string, details bool) error {
	switch format {
	case FormatTable:
		return WriteTable(w, r, details)
	case FormatJSON:
		return WriteJSON(w, r)
	case FormatCSV:
		return WriteCSV(w, r)
	}
	return fmt.Errorf("output format %q is not supported; use one of %s", format, strings.Join(Formats(), ", "))
}

// WriteJSON writes the report as one indented JSON document.
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// CSVHeader is the CSV column order. It only ever grows at the end, so
// that scripts reading columns by position keep working.
var CSVHeader = []string{
	"hostname", "private_ip", "db_node_id", "managed_instance_id", "source", "compliant",
	"max_severity", "missing_security_updates", "reasons", "error",
	"advisory", "severity", "package", "cves", "published",
}

// WriteCSV writes one row per missing update, each with its node's
// columns; a node that lacks nothing has one row with empty update
// columns. Lists are joined with "; " (reasons) and " " (CVEs).
func WriteCSV(w io.Writer, r Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, n := range r.Nodes {
		node := []string{
			n.Hostname, n.PrivateIP, n.DBNodeID, n.ManagedInstanceID, string(n.Source), strconv.FormatBool(n.Compliant),
			string(n.MaxSeverity), strconv.Itoa(n.MissingSecurityUpdates), strings.Join(n.Reasons, "; "), n.Error,
		}
		if len(n.Updates) == 0 {
			if err := cw.Write(append(node, "", "", "", "", "")); err != nil {
				return err
			}
			continue
		}
		for _, u := range n.Updates {
			row := append(append([]string(nil), node...), u.Advisory, string(u.Severity), u.Package, strings.Join(u.CVEs, " "), date(u.Published))
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable writes a summary line per node and an overview, in the
// spirit of Oracle's compliance_report.py; details lists each node's
// missing updates with their CVEs.
func WriteTable(w io.Writer, r Report, details bool) error {
	bw := &errWriter{w: w}
	policy := "max severity " + r.Policy.SeverityString()
	if age := r.Policy.AgeString(); age != "" {
		policy += ", max age " + age
	}
	bw.printf("Patch compliance report (policy: %s)\n\n", policy)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "HOSTNAME\tPRIVATE IP\tSOURCE\tCOMPLIANT\tMAX SEVERITY\tMISSING\tREASONS")
	missing := 0
	for _, n := range r.Nodes {
		if n.MissingSecurityUpdates > 0 {
			missing++
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", n.Hostname, dash(n.PrivateIP), n.Source, yesNo(n.Compliant),
			dash(string(n.MaxSeverity)), n.MissingSecurityUpdates, dash(strings.Join(n.Reasons, "; ")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	bw.printf("\n%d of %d nodes are missing security updates; %d not compliant.\n", missing, len(r.Nodes), r.NonCompliant())
	if details {
		for _, n := range r.Nodes {
			if len(n.Updates) == 0 {
				continue
			}
			id := n.ManagedInstanceID
			if id == "" {
				id = n.DBNodeID
			}
			if id != "" {
				id = " (" + id + ")"
			}
			bw.printf("\n%s%s lacks these security updates:\n", n.Hostname, id)
			dw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
			fmt.Fprintln(dw, "  ADVISORY\tSEVERITY\tPACKAGE\tPUBLISHED\tCVES")
			for _, u := range n.Updates {
				fmt.Fprintf(dw, "  %s\t%s\t%s\t%s\t%s\n", u.Advisory, dash(string(u.Severity)), dash(u.Package), dash(date(u.Published)), dash(strings.Join(u.CVEs, ", ")))
			}
			if err := dw.Flush(); err != nil {
				return err
			}
		}
	}
	return bw.err
}

// errWriter keeps the first write error, so that the table code reads
// straight.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
