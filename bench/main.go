// Command bench compares famsctl and the fams provider with an Ansible
// playbook and with the runbook script's schedule, on the simulator, and
// prints one markdown table of ratios measured side by side in one run.
//
// It builds nothing: `make bench` builds famsctl and the provider into
// .bin first. Each part runs alone with -only:
//
//	go run ./bench -only overhead     # patch overhead per node, SSH economy
//	go run ./bench -only refresh      # terraform plan, famsctl status, peak RSS
//	go run ./bench -only compliance   # OS Management Hub report under latency
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

type config struct {
	bin, work string
	// Simulated durations of the overhead runs.
	job, precheck, reboot, stackStop time.Duration
	fleetNodes                       int // nodes of the status and compliance fleet
	planSystems                      int // DB systems (2 nodes each) of the terraform plan
	ansibleNodes                     int // nodes of the Ansible ad-hoc run
	latency                          time.Duration
	ansible                          bool
}

func main() {
	var (
		cfg     config
		only    string
		timeout time.Duration
		out     string
	)
	flag.StringVar(&cfg.bin, "bin", ".bin", "directory holding famsctl and terraform-provider-fams (make build)")
	flag.StringVar(&only, "only", "overhead,refresh,compliance", "comma-separated parts to run: overhead, refresh, compliance")
	flag.DurationVar(&cfg.job, "job", 6*time.Second, "simulated OS update job duration")
	flag.DurationVar(&cfg.precheck, "precheck", time.Second, "simulated dbcli OS precheck job duration")
	flag.DurationVar(&cfg.reboot, "reboot", 2*time.Second, "simulated reboot duration (the node is down this long)")
	flag.DurationVar(&cfg.stackStop, "stack-stop", time.Second, "simulated `crsctl stop crs` duration")
	flag.IntVar(&cfg.fleetNodes, "fleet-nodes", 1000, "nodes of the fleet famsctl status and compliance read")
	flag.IntVar(&cfg.planSystems, "plan-systems", 100, "DB systems (2 nodes each) in the terraform plan")
	flag.IntVar(&cfg.ansibleNodes, "ansible-nodes", 200, "nodes the Ansible ad-hoc command reads (Ansible needs ~0.4 s of CPU per node here)")
	flag.DurationVar(&cfg.latency, "latency", 50*time.Millisecond, "latency injected into every fake OCI API call of the compliance part")
	flag.BoolVar(&cfg.ansible, "ansible", true, "run the Ansible contenders (they are skipped with a message when Ansible is not installed)")
	flag.DurationVar(&timeout, "timeout", 10*time.Minute, "the whole run's limit")
	flag.StringVar(&out, "out", "", "also write the table to this file")
	flag.Parse()

	bin, err := filepath.Abs(cfg.bin)
	if err != nil {
		fatal(err)
	}
	cfg.bin = bin
	for _, b := range []string{"famsctl", "terraform-provider-fams"} {
		if _, err := os.Stat(filepath.Join(bin, b)); err != nil {
			fatal(fmt.Errorf("%s not built: run `make build` first (%w)", b, err))
		}
	}
	if cfg.ansible {
		for _, b := range []string{"ansible", "ansible-playbook"} {
			if _, err := exec.LookPath(b); err != nil {
				fmt.Fprintln(os.Stderr, "bench: Ansible columns skipped:", errNoAnsible)
				cfg.ansible = false
			}
		}
	}
	work, err := os.MkdirTemp("", "fams-bench-")
	if err != nil {
		fatal(err)
	}
	defer func() { _ = os.RemoveAll(work) }()
	cfg.work = work

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	parts := map[string]func(context.Context, config) []row{
		"overhead":   overheadPart,
		"refresh":    refreshPart,
		"compliance": compliancePart,
	}
	var rows []row
	for _, name := range strings.Split(only, ",") {
		part, ok := parts[strings.TrimSpace(name)]
		if !ok {
			fatal(fmt.Errorf("-only: unknown part %q: use overhead, refresh or compliance", name))
		}
		start := time.Now()
		fmt.Fprintf(os.Stderr, "bench: %s...\n", name)
		rows = append(rows, part(ctx, cfg)...)
		fmt.Fprintf(os.Stderr, "bench: %s done in %s\n", name, time.Since(start).Round(time.Second))
	}
	table := renderTable(cfg, rows)
	fmt.Print(table)
	if out != "" {
		if err := os.WriteFile(out, []byte(table), 0o600); err != nil {
			fatal(err)
		}
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
