package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
)

// refreshPart reads a large fleet: famsctl status --all, terraform plan
// of one fams_dbnode_os_patch per DB system, and an Ansible ad-hoc run.
func refreshPart(ctx context.Context, cfg config) []row {
	dir := filepath.Join(cfg.work, "refresh")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return []row{failed("Fleet refresh", err)}
	}
	systems := (cfg.fleetNodes + 1) / 2
	s, err := startSim(ctx, filepath.Join(cfg.bin, "famsctl"), dir,
		"--systems", fmt.Sprint(systems), "--nodes-per-system", "2", "--first-node-ip", "127.1.0.1")
	if err != nil {
		return []row{failed("Fleet refresh", err)}
	}
	defer s.stop()
	famsctl := filepath.Join(cfg.bin, "famsctl")
	nodes := 2 * systems

	var rows []row
	// famsctl status --all over the whole fleet.
	status, statusErr := famsctlStatus(ctx, s, famsctl, nil)
	// The same over the nodes the Ansible ad-hoc run reads.
	subset := firstNodes(s.info.Systems, cfg.ansibleNodes)
	subStatus, subErr := famsctlStatus(ctx, s, famsctl, subset)
	var adhoc run
	adhocErr := errSkipped
	if cfg.ansible {
		adhoc, adhocErr = ansibleAdhoc(ctx, s, dir, subset)
	}
	subNodes := countNodes(subset)

	measure := fmt.Sprintf("`famsctl status --all`, %d nodes: wall time", nodes)
	if statusErr != nil {
		rows = append(rows, failed(measure, statusErr))
	} else {
		r := row{measure: measure, fams: secs(status.wall), target: "< 5 s", met: yesNo(status.wall < 5*time.Second)}
		if adhocErr == nil {
			est := time.Duration(float64(adhoc.wall) * float64(nodes) / float64(subNodes))
			r.ansible = fmt.Sprintf("%s (estimated: %d-node run × %d/%d)", secs(est), subNodes, nodes, subNodes)
			r.ratio = "Ansible/fams " + times(est.Seconds(), status.wall.Seconds()) + " (estimated)"
		}
		rows = append(rows, r)
	}
	measure = fmt.Sprintf("Same nodes, measured side by side: `famsctl status` of %d nodes vs `ansible -m raw -a 'uname -r' -f 50`", subNodes)
	switch {
	case subErr != nil:
		rows = append(rows, failed(measure, subErr))
	case adhocErr == errSkipped:
		rows = append(rows, row{measure: measure, fams: secs(subStatus.wall), ansible: "skipped: Ansible not installed"})
	case adhocErr != nil:
		rows = append(rows, row{measure: measure, fams: secs(subStatus.wall), ansible: "error: " + strings.SplitN(adhocErr.Error(), "\n", 2)[0]})
	default:
		ratio := adhoc.wall.Seconds() / subStatus.wall.Seconds()
		rows = append(rows, row{measure: measure, fams: secs(subStatus.wall), ansible: secs(adhoc.wall),
			ratio: "Ansible/fams " + times(adhoc.wall.Seconds(), subStatus.wall.Seconds()), target: "≥ 10×", met: yesNo(ratio >= 10)})
	}
	if statusErr == nil {
		rows = append(rows, row{measure: fmt.Sprintf("Peak RSS of famsctl during `status --all`, %d nodes", nodes),
			fams: mib(status.maxRSS), target: "< 150 MiB", met: yesNo(status.maxRSS < 150*1024)})
	}

	// terraform plan of planSystems DB systems.
	planSys := s.info.Systems[:min(cfg.planSystems, len(s.info.Systems))]
	plan, planNote, err := terraformPlan(ctx, cfg, s, dir, planSys)
	measure = fmt.Sprintf("`terraform plan` (refresh) of %d `fams_dbnode_os_patch` / %d nodes: wall time", len(planSys), countNodes(planSys))
	if err != nil {
		return append(rows, failed(measure, err))
	}
	r := row{measure: measure + planNote, fams: secs(plan.wall), target: "< 10 s", met: yesNo(plan.wall < 10*time.Second)}
	if adhocErr == nil && subNodes == countNodes(planSys) {
		r.ansible = secs(adhoc.wall) + " (ad-hoc `uname -r`, same nodes)"
		r.ratio = "Ansible/fams " + times(adhoc.wall.Seconds(), plan.wall.Seconds())
		r.target = "< 10 s; ≥ 10× Ansible"
		r.met = yesNo(plan.wall < 10*time.Second && adhoc.wall.Seconds() >= 10*plan.wall.Seconds())
	}
	rows = append(rows, r,
		row{measure: "Peak RSS of the provider process during that plan (VmHWM)",
			fams: mib(plan.watchedHWM), target: "< 150 MiB", met: yesNo(plan.watchedHWM > 0 && plan.watchedHWM < 150*1024)})
	return rows
}

// famsctlStatus runs `famsctl status` over every system (systems nil:
// --all) and checks that it read every node.
func famsctlStatus(ctx context.Context, s *sim, famsctl string, systems []simulator.SystemInfo) (run, error) {
	args := []string{"status", "-o", "json"}
	want := 0
	if systems == nil {
		args = append(args, "--all")
		for _, sys := range s.info.Systems {
			want += len(sys.Nodes)
		}
	}
	for _, sys := range systems {
		args = append(args, "--db-system-id", sys.ID)
		want += len(sys.Nodes)
	}
	r, err := command{env: s.env()}.run(ctx, famsctl, args...)
	if err != nil {
		return r, err
	}
	var rows []struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(r.out, &rows); err != nil {
		return r, fmt.Errorf("famsctl status output: %w", err)
	}
	bad := 0
	for _, row := range rows {
		if row.Error != "" {
			bad++
		}
	}
	if len(rows) != want || bad > 0 {
		return r, fmt.Errorf("famsctl status read %d nodes, %d with errors; want %d", len(rows), bad, want)
	}
	return r, nil
}

// firstNodes returns the leading systems holding about n nodes.
func firstNodes(systems []simulator.SystemInfo, n int) []simulator.SystemInfo {
	var out []simulator.SystemInfo
	for _, sys := range systems {
		if countNodes(out) >= n {
			break
		}
		out = append(out, sys)
	}
	return out
}

func countNodes(systems []simulator.SystemInfo) int {
	n := 0
	for _, s := range systems {
		n += len(s.Nodes)
	}
	return n
}

// ansibleAdhoc runs `ansible all -m raw -a 'uname -r' -f 50` on the nodes.
func ansibleAdhoc(ctx context.Context, s *sim, dir string, systems []simulator.SystemInfo) (run, error) {
	dir = filepath.Join(dir, "ansible")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return run{}, err
	}
	inv, err := writeInventory(dir, s, systems, 0)
	if err != nil {
		return run{}, err
	}
	r, err := command{dir: dir, env: ansibleEnv(dir)}.run(ctx, "ansible", "all", "-i", inv, "-m", "raw", "-a", "uname -r", "-f", "50")
	if err != nil {
		return r, err
	}
	if got, want := strings.Count(string(r.out), "| CHANGED |"), countNodes(systems); got != want {
		return r, fmt.Errorf("ansible read %d nodes, want %d", got, want)
	}
	return r, nil
}

// terraformPlan imports one fams_dbnode_os_patch per system (import
// blocks, one apply), then times a refreshing plan and follows the
// provider's peak RSS. The note says when the plan was not empty.
func terraformPlan(ctx context.Context, cfg config, s *sim, dir string, systems []simulator.SystemInfo) (run, string, error) {
	tf := filepath.Join(dir, "tf")
	if err := os.MkdirAll(tf, 0o700); err != nil {
		return run{}, "", err
	}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"fleetpatch/fams\" = %q\n  }\n  direct {}\n}\n", cfg.bin)
	if err := os.WriteFile(filepath.Join(dir, "terraformrc"), []byte(rc), 0o600); err != nil {
		return run{}, "", err
	}
	var b strings.Builder
	b.WriteString("terraform {\n  required_providers {\n    fams = { source = \"fleetpatch/fams\" }\n  }\n}\n\nprovider \"fams\" {}\n\nlocals {\n  systems = {\n")
	for _, sys := range systems {
		fmt.Fprintf(&b, "    %q = %q\n", sys.DisplayName, sys.ID)
	}
	b.WriteString("  }\n}\n\nresource \"fams_dbnode_os_patch\" \"fleet\" {\n  for_each     = local.systems\n  db_system_id = each.value\n}\n")
	for _, sys := range systems {
		fmt.Fprintf(&b, "\nimport {\n  to = fams_dbnode_os_patch.fleet[%q]\n  id = %q\n}\n", sys.DisplayName, sys.ID)
	}
	if err := os.WriteFile(filepath.Join(tf, "main.tf"), []byte(b.String()), 0o600); err != nil {
		return run{}, "", err
	}
	c := command{dir: tf, env: append(s.env(), "TF_CLI_CONFIG_FILE="+filepath.Join(dir, "terraformrc"), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")}
	start := time.Now()
	if _, err := c.run(ctx, "terraform", "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return run{}, "", fmt.Errorf("import: %w", err)
	}
	fmt.Fprintf(os.Stderr, "bench:   terraform import of %d systems took %s\n", len(systems), secs(time.Since(start)))
	c.okCodes = []int{2}
	c.watch = "terraform-provider-fams"
	r, err := c.run(ctx, "terraform", "plan", "-input=false", "-no-color", "-detailed-exitcode")
	if err != nil {
		return r, "", err
	}
	note := ""
	if r.code == 2 {
		note = " (the plan was not empty after the import)"
	}
	return r, note, nil
}
