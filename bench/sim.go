package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/ociapi"
)

// sim is a `famsctl sim` process.
type sim struct {
	cmd  *exec.Cmd
	dir  string
	info simulator.Info
	log  bytes.Buffer
	done chan error
}

// startSim starts `famsctl sim` with a fresh state directory under dir
// and waits until it has written its env file (that is, is ready).
func startSim(ctx context.Context, famsctl, dir string, args ...string) (*sim, error) {
	state := filepath.Join(dir, "sim")
	if err := os.RemoveAll(state); err != nil {
		return nil, err
	}
	s := &sim{dir: state, done: make(chan error, 1)}
	// Not CommandContext: the simulator is stopped with SIGTERM by stop.
	s.cmd = exec.Command(famsctl, append([]string{"sim", "--state-dir", state, "--ssh-port", "0"}, args...)...) //nolint:gosec // the bench runs the binary it was pointed at
	s.cmd.Stdout, s.cmd.Stderr = &s.log, &s.log
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the simulator: %w", err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	err := waitFor(ctx, 2*time.Minute, 50*time.Millisecond, "the simulator's env file", func() (bool, error) {
		select {
		case err := <-s.done:
			s.done <- err
			return false, fmt.Errorf("the simulator exited: %v\n%s", err, tail(s.log.Bytes(), 2000))
		default:
		}
		st, err := os.Stat(filepath.Join(state, simulator.FileEnv))
		return err == nil && st.Size() > 0, nil
	})
	if err == nil {
		s.info, err = simulator.ReadInfo(state)
	}
	if err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// env is what a client needs: the FAMS_* variables of the env file.
func (s *sim) env() []string {
	m := s.info.Env(s.dir)
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

func (s *sim) stop() {
	if s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		_ = err // a simulator stopped by a signal exits non-zero
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		err := <-s.done
		_ = err
	}
}

func (s *sim) admin(method, path string, body, out any) error {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.info.AdminURL+path, r)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, data)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}

// nodes returns every node's status and counters.
func (s *sim) nodes() ([]simulator.NodeStatus, error) {
	var out []simulator.NodeStatus
	err := s.admin(http.MethodGet, "/nodes", nil, &out)
	return out, err
}

// sshTotals sums the SSH connections and handshakes of every node.
func (s *sim) sshTotals() (conns, handshakes int64, err error) {
	nodes, err := s.nodes()
	if err != nil {
		return 0, 0, err
	}
	for _, n := range nodes {
		conns += n.SSHCounters.ConnectionsAccepted
		handshakes += n.SSHCounters.HandshakesCompleted
	}
	return conns, handshakes, nil
}

func (s *sim) apiCounters() (ociapi.Counters, error) {
	var c ociapi.Counters
	err := s.admin(http.MethodGet, "/counters", nil, &c)
	return c, err
}

func (s *sim) resetAPICounters() error {
	return s.admin(http.MethodDelete, "/counters", nil, nil)
}

// setLatency delays every fake API call by d.
func (s *sim) setLatency(d time.Duration) error {
	return s.admin(http.MethodPost, "/api-faults", map[string]string{"latency": d.String()}, nil)
}

var errNoAnsible = errors.New("ansible-playbook/ansible not on PATH: `make bench` installs Debian's ansible package with apt-get when it can")
