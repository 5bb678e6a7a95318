package main

import (
	"fmt"
	"strings"
	"time"
)

// row is one line of the result table. Empty cells print as "–".
type row struct {
	measure              string
	fams, ansible, model string
	ratio                string
	target               string
	met                  string // yes, no, or empty when there is no target
}

// failed is a row for a measure that could not be taken.
func failed(measure string, err error) row {
	msg := strings.SplitN(err.Error(), "\n", 2)[0]
	if len(msg) > 160 {
		msg = msg[:160] + "…"
	}
	return row{measure: measure, fams: "error: " + msg}
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func mib(kib int64) string { return fmt.Sprintf("%.0f MiB", float64(kib)/1024) }

// times formats how many times slower b is than a.
func times(b, a float64) string {
	if a <= 0 || b <= 0 {
		return ""
	}
	return fmt.Sprintf("%.1f×", b/a)
}

func renderTable(cfg config, rows []row) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Simulated durations (overhead rows): OS update job %s, dbcli precheck job %s, crsctl stop %s, reboot %s (+1 s shutdown grace).\n\n",
		cfg.job, cfg.precheck, cfg.stackStop, cfg.reboot)
	b.WriteString("| Measure | fams | Ansible | script model | ratio | target | met |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | --- |\n")
	dash := func(s string) string {
		if s == "" {
			return "–"
		}
		return strings.ReplaceAll(s, "|", "\\|")
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n",
			dash(r.measure), dash(r.fams), dash(r.ansible), dash(r.model), dash(r.ratio), dash(r.target), dash(r.met))
	}
	return b.String()
}
