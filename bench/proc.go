package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// run is one finished child process.
type run struct {
	wall   time.Duration
	maxRSS int64 // KiB: the child's own peak resident set (ru_maxrss)
	// watchedHWM is the peak VmHWM (KiB) of the descendant command.watch
	// names, when it names one.
	watchedHWM int64
	code       int
	out        []byte // standard output
}

// command is how to run a child process.
type command struct {
	dir string
	// env is added to the bench's own environment.
	env []string
	// okCodes are exit codes that are not failures, besides 0.
	okCodes []int
	// watch names a descendant process (as /proc/PID/comm shows it) whose
	// peak RSS to follow, such as the provider terraform starts.
	watch string
}

// run runs a command to completion and measures its wall time and peak RSS.
func (c command) run(ctx context.Context, name string, args ...string) (run, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), c.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return run{}, fmt.Errorf("%s: %w", name, err)
	}
	var (
		stop = make(chan struct{})
		hwm  = make(chan int64, 1)
	)
	if c.watch != "" {
		go func() { hwm <- childHWM(cmd.Process.Pid, c.watch, 20*time.Millisecond, stop) }()
	} else {
		hwm <- 0
	}
	err := cmd.Wait()
	close(stop)
	r := run{wall: time.Since(start), out: stdout.Bytes(), watchedHWM: <-hwm}
	if cmd.ProcessState != nil {
		r.code = cmd.ProcessState.ExitCode()
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.maxRSS = ru.Maxrss
		}
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && slices.Contains(c.okCodes, r.code) {
		err = nil
	}
	if err != nil {
		return r, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, tail(append(stdout.Bytes(), stderr.Bytes()...), 2000))
	}
	return r, nil
}

// tail returns the end of b, for error messages.
func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// childHWM follows the descendants of pid named like comm (as
// /proc/PID/comm shows it, at most 15 bytes) until done is closed, and
// returns the highest VmHWM (KiB) seen. It reads /proc every interval;
// VmHWM is a high-water mark, so the last reading before the child exits
// is its peak, short of what it gains in the final interval.
func childHWM(pid int, comm string, interval time.Duration, done <-chan struct{}) int64 {
	if len(comm) > 15 {
		comm = comm[:15]
	}
	var peak int64
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		for _, p := range descendants(pid) {
			if c, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(p), "comm")); strings.TrimSpace(string(c)) != comm {
				continue
			}
			if v := procStatusKiB(p, "VmHWM:"); v > peak {
				peak = v
			}
		}
		select {
		case <-done:
			return peak
		case <-t.C:
		}
	}
}

// descendants lists every process below pid.
func descendants(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	parent := map[int]int{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pp := procStatusKiB(p, "PPid:"); pp > 0 {
			parent[p] = int(pp)
		}
	}
	var out []int
	for p := range parent {
		for q := parent[p]; q > 0; q = parent[q] {
			if q == pid {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// procStatusKiB reads a numeric field of /proc/PID/status.
func procStatusKiB(pid int, field string) int64 {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			v, _ := strconv.ParseInt(strings.Fields(rest)[0], 10, 64)
			return v
		}
	}
	return 0
}

// waitFor polls check every interval until it reports true, fails, or
// limit passes.
func waitFor(ctx context.Context, limit, interval time.Duration, what string, check func() (bool, error)) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		ok, err := check()
		if ok || err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: not after %s", what, limit)
		case <-t.C:
		}
	}
}

var errSkipped = errors.New("skipped")
