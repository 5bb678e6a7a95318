package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
)

//go:embed ansible/patch.yml
var patchPlaybook []byte

// rebootGrace is how long a simulated node keeps answering after a reboot
// command before it powers off (node.rebootGrace).
const rebootGrace = time.Second

// The runbook script's constants (seed run_os_patching.py).
const (
	scriptJobPoll       = 300 * time.Second // job status polled every 5 minutes
	scriptStackSleep    = 120 * time.Second // fixed sleep after stopping CRS or the database
	scriptRebootSleep   = 120 * time.Second // fixed sleep after the reboot command
	scriptReconnectPoll = 30 * time.Second  // reconnect attempts every 30 s
)

// overheadSystems are the two systems of the overhead runs.
var overheadSystems = []simulator.SystemSpec{
	{DisplayName: "hr-lvm", Storage: simulator.StorageLVM, Nodes: 1},
	{DisplayName: "sales-rac", Storage: simulator.StorageASM, Nodes: 2},
}

// construction is how long one node's patch takes by construction: the
// precheck job, the update job, stopping the stack (crsctl stop crs on
// ASM; srvctl stop database on LVM is instant) and the reboot.
func (c config) construction(storage string) time.Duration {
	d := c.precheck + c.job + rebootGrace + c.reboot
	if storage == simulator.StorageASM {
		d += c.stackStop
	}
	return d
}

// scriptOverhead models the runbook script's schedule for one node: it
// polls the job at once and then every 5 minutes, sleeps 120 s after
// stopping the stack and 120 s after the reboot command, then tries to
// connect every 30 s. It runs no dbcli precheck job. Command run times
// are taken as zero, so this is a lower bound.
func (c config) scriptOverhead(storage string) time.Duration {
	stop := time.Duration(0)
	if storage == simulator.StorageASM {
		stop = c.stackStop
	}
	jobWait := time.Duration(math.Ceil(float64(c.job)/float64(scriptJobPoll))) * scriptJobPoll
	down := rebootGrace + c.reboot
	rebootWait := scriptRebootSleep
	if down > scriptRebootSleep {
		rebootWait += time.Duration(math.Ceil(float64(down-scriptRebootSleep)/float64(scriptReconnectPoll))) * scriptReconnectPoll
	}
	wall := jobWait + stop + scriptStackSleep + rebootWait
	return wall - (c.job + stop + down)
}

// contender patches one DB system of a running simulator.
type contender struct {
	name  string
	patch func(ctx context.Context, s *sim, sys simulator.SystemInfo) (run, error)
}

// overheadResult is one contender's runs, per system display name.
type overheadResult struct {
	perNode map[string]time.Duration
	err     error
	// conns and handshakes per node over the run, every system together.
	conns, handshakes float64
}

func overheadPart(ctx context.Context, cfg config) []row {
	famsctl := filepath.Join(cfg.bin, "famsctl")
	famsctlPatch := func(extra ...string) func(context.Context, *sim, simulator.SystemInfo) (run, error) {
		return func(ctx context.Context, s *sim, sys simulator.SystemInfo) (run, error) {
			args := append([]string{"patch", "dbsystemname=" + sys.DisplayName, "--option", "update", "--log-format", "json"}, extra...)
			return command{env: s.env()}.run(ctx, famsctl, args...)
		}
	}
	contenders := []contender{
		{"famsctl (defaults)", famsctlPatch()},
		{"famsctl --poll-interval-max 1s", famsctlPatch("--poll-interval-max", "1s")},
	}
	if cfg.ansible {
		contenders = append(contenders,
			contender{"ansible (delay 5)", ansiblePatch(5)},
			contender{"ansible (delay 1)", ansiblePatch(1)})
	}
	results := map[string]overheadResult{}
	var precheckConns, precheckHandshakes float64
	var precheckErr error
	for i, c := range contenders {
		res, s := runContender(ctx, cfg, i, c)
		results[c.name] = res
		if i == 0 && s != nil {
			precheckConns, precheckHandshakes, precheckErr = precheckEconomy(ctx, s, famsctl)
		}
		if s != nil {
			s.stop()
		}
	}

	var rows []row
	for _, st := range []struct{ name, storage, label string }{
		{"hr-lvm", simulator.StorageLVM, "1-node LVM"},
		{"sales-rac", simulator.StorageASM, "2-node ASM RAC"},
	} {
		model := cfg.scriptOverhead(st.storage)
		for _, pair := range [][2]string{
			{"famsctl (defaults)", "ansible (delay 5)"},
			{"famsctl --poll-interval-max 1s", "ansible (delay 1)"},
		} {
			poll := "default polling (famsctl: 1 s first poll, ×1.5 up to 30 s, aimed at the job's predicted end; Ansible: `delay: 5`)"
			if strings.Contains(pair[0], "1s") {
				poll = "1 s polling (famsctl `--poll-interval-max 1s`; Ansible `delay: 1`)"
			}
			measure := fmt.Sprintf("Patch overhead per node, %s, %s", st.label, poll)
			f, a := results[pair[0]], results[pair[1]]
			if f.err != nil {
				rows = append(rows, failed(measure, f.err))
				continue
			}
			r := row{measure: measure, model: secs(model) + " (model)", target: "fams < 2 s"}
			fo := f.perNode[st.name]
			r.fams = secs(fo)
			r.met = yesNo(fo < 2*time.Second)
			ratios := []string{"model/fams " + times(model.Seconds(), fo.Seconds())}
			switch {
			case !cfg.ansible:
				r.ansible = "skipped: Ansible not installed"
			case a.err != nil:
				r.ansible = "error: " + strings.SplitN(a.err.Error(), "\n", 2)[0]
			default:
				ao := a.perNode[st.name]
				r.ansible = secs(ao)
				ratios = append([]string{"Ansible/fams " + times(ao.Seconds(), fo.Seconds())}, ratios...)
			}
			r.ratio = strings.Join(ratios, "; ")
			rows = append(rows, r)
		}
	}

	// SSH economy: every famsctl run of this part, all three nodes.
	f := results["famsctl (defaults)"]
	if f.err == nil {
		r := row{
			measure: "SSH connections / handshakes per node, `famsctl patch --option update` (a reboot ends every connection: the floor is 2)",
			fams:    fmt.Sprintf("%.1f / %.1f", f.conns, f.handshakes),
			model:   "≥ 2 / ≥ 2 (model: one client, then a fresh one after the reboot)",
			target:  "1 per node per boot",
			met:     yesNo(f.handshakes <= 2),
		}
		if a, ok := results["ansible (delay 5)"]; ok && a.err == nil {
			r.ansible = fmt.Sprintf("%.1f / %.1f", a.conns, a.handshakes)
			r.ratio = "Ansible/fams connections " + times(a.conns, f.conns)
		}
		rows = append(rows, r)
	}
	measure := "SSH connections / handshakes per node, `famsctl patch --option precheck` (every phase, no reboot)"
	if precheckErr != nil {
		rows = append(rows, failed(measure, precheckErr))
	} else if f.err == nil {
		rows = append(rows, row{measure: measure, fams: fmt.Sprintf("%.1f / %.1f", precheckConns, precheckHandshakes),
			target: "1 per node per run", met: yesNo(precheckConns <= 1 && precheckHandshakes <= 1)})
	}
	return rows
}

// runContender starts a fresh simulator and patches both systems at
// once, one process per system, so that the two measures share a run.
// The caller stops the simulator.
func runContender(ctx context.Context, cfg config, i int, c contender) (overheadResult, *sim) {
	res := overheadResult{perNode: map[string]time.Duration{}}
	dir := filepath.Join(cfg.work, fmt.Sprintf("overhead-%d", i))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		res.err = err
		return res, nil
	}
	scenario := map[string]any{
		"timing": map[string]string{
			"job": cfg.job.String(), "precheck": cfg.precheck.String(),
			"reboot": cfg.reboot.String(), "stack_stop": cfg.stackStop.String(),
		},
		"systems": overheadSystems,
	}
	data, _ := json.Marshal(scenario)
	scenarioFile := filepath.Join(dir, "scenario.json")
	if err := os.WriteFile(scenarioFile, data, 0o600); err != nil {
		res.err = err
		return res, nil
	}
	s, err := startSim(ctx, filepath.Join(cfg.bin, "famsctl"), dir,
		"--scenario", scenarioFile, "--first-node-ip", fmt.Sprintf("127.0.%d.1", 90+i))
	if err != nil {
		res.err = err
		return res, nil
	}
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		errs []string
	)
	for _, sys := range s.info.Systems {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := c.patch(ctx, s, sys)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s on %s: %v", c.name, sys.DisplayName, err))
				return
			}
			var built time.Duration
			for range sys.Nodes {
				built += cfg.construction(strings.ToLower(sys.Storage))
			}
			res.perNode[sys.DisplayName] = (r.wall - built) / time.Duration(len(sys.Nodes))
			fmt.Fprintf(os.Stderr, "bench:   %-32s %-10s wall %s, by construction %s\n", c.name, sys.DisplayName, secs(r.wall), secs(built))
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		res.err = fmt.Errorf("%s", strings.Join(errs, "\n"))
		return res, s
	}
	nodes, err := s.nodes()
	if err != nil {
		res.err = err
		return res, s
	}
	for _, n := range nodes {
		res.conns += float64(n.SSHCounters.ConnectionsAccepted) / float64(len(nodes))
		res.handshakes += float64(n.SSHCounters.HandshakesCompleted) / float64(len(nodes))
		if n.Counters.UpdateJobsStarted != 1 || n.Counters.Reboots != 1 {
			res.err = fmt.Errorf("%s: node %s started %d update jobs and rebooted %d times; want 1 and 1",
				c.name, n.Hostname, n.Counters.UpdateJobsStarted, n.Counters.Reboots)
		}
	}
	return res, s
}

// precheckEconomy runs `famsctl patch --option precheck` on every system
// of s and returns the SSH connections and handshakes per node it made.
func precheckEconomy(ctx context.Context, s *sim, famsctl string) (conns, handshakes float64, err error) {
	c0, h0, err := s.sshTotals()
	if err != nil {
		return 0, 0, err
	}
	args := []string{"patch", "--option", "precheck", "--poll-interval-max", "1s", "--log-format", "json"}
	nodes := 0
	for _, sys := range s.info.Systems {
		args = append(args, "--display-name", sys.DisplayName)
		nodes += len(sys.Nodes)
	}
	if _, err := (command{env: s.env()}).run(ctx, famsctl, args...); err != nil {
		return 0, 0, err
	}
	c1, h1, err := s.sshTotals()
	if err != nil {
		return 0, 0, err
	}
	return float64(c1-c0) / float64(nodes), float64(h1-h0) / float64(nodes), nil
}

// ansiblePatch runs the playbook on one system's nodes, polling jobs every
// delay seconds.
func ansiblePatch(delay int) func(context.Context, *sim, simulator.SystemInfo) (run, error) {
	return func(ctx context.Context, s *sim, sys simulator.SystemInfo) (run, error) {
		dir := filepath.Join(s.dir, "..", "ansible-"+hostGroup(sys.DisplayName))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return run{}, err
		}
		playbook := filepath.Join(dir, "patch.yml")
		if err := os.WriteFile(playbook, patchPlaybook, 0o600); err != nil {
			return run{}, err
		}
		inv, err := writeInventory(dir, s, []simulator.SystemInfo{sys}, 0)
		if err != nil {
			return run{}, err
		}
		return command{dir: dir, env: ansibleEnv(dir)}.run(ctx, "ansible-playbook", "-i", inv, playbook, "-e", fmt.Sprintf("poll_delay=%d", delay))
	}
}

// hostGroup turns a display name into an Ansible group name.
func hostGroup(name string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, name)
}

// writeInventory writes an INI inventory of the systems' nodes, a group
// per system, at most limit nodes when limit > 0.
func writeInventory(dir string, s *sim, systems []simulator.SystemInfo, limit int) (string, error) {
	var b strings.Builder
	n := 0
	for _, sys := range systems {
		fmt.Fprintf(&b, "[%s]\n", hostGroup(sys.DisplayName))
		for _, node := range sys.Nodes {
			if limit > 0 && n >= limit {
				break
			}
			n++
			fmt.Fprintf(&b, "%s ansible_host=%s storage=%s\n", node.Hostname, node.PrivateIP, strings.ToLower(sys.Storage))
		}
	}
	fmt.Fprintf(&b, "[all:vars]\nansible_port=%d\nansible_user=%s\nansible_ssh_private_key_file=%s\n",
		s.info.SSHPort, s.info.SSHUser, filepath.Join(s.dir, simulator.FileSSHKey))
	fmt.Fprintf(&b, "ansible_ssh_common_args='-o UserKnownHostsFile=%s -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes'\n",
		filepath.Join(s.dir, simulator.FileKnownHosts))
	path := filepath.Join(dir, "inventory.ini")
	return path, os.WriteFile(path, []byte(b.String()), 0o600)
}

// ansibleEnv keeps Ansible's state inside dir and its output plain.
func ansibleEnv(dir string) []string {
	return []string{
		"ANSIBLE_HOST_KEY_CHECKING=True",
		"ANSIBLE_NOCOLOR=1",
		"ANSIBLE_RETRY_FILES_ENABLED=0",
		"ANSIBLE_LOCAL_TEMP=" + filepath.Join(dir, "tmp"),
		"ANSIBLE_SSH_CONTROL_PATH_DIR=" + filepath.Join(dir, "cp"),
	}
}
