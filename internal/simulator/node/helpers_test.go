package node

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

var testEpoch = time.Date(2026, time.November, 22, 12, 40, 1, 0, time.UTC)

func newTestNode(t testing.TB, cfg Config) (*Node, *clockwork.FakeClock) {
	t.Helper()
	clock := clockwork.NewFakeClockAt(testEpoch)
	cfg.Clock = clock
	if cfg.Hostname == "" {
		cfg.Hostname = "dbsys1"
	}
	n, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return n, clock
}

type result struct {
	stdout, stderr string
	status         int
	err            error
}

func run(t testing.TB, n *Node, command string) result {
	t.Helper()
	return runIn(t, n, command, "")
}

func runIn(t testing.TB, n *Node, command, stdin string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	var in *strings.Reader
	if stdin != "" {
		in = strings.NewReader(stdin)
	}
	var status int
	var err error
	if in != nil {
		status, err = n.Exec(context.Background(), command, false, in, &out, &errOut)
	} else {
		status, err = n.Exec(context.Background(), command, false, nil, &out, &errOut)
	}
	return result{out.String(), errOut.String(), status, err}
}

// mustRun runs command and fails the test unless it exits 0.
func mustRun(t testing.TB, n *Node, command string) string {
	t.Helper()
	r := run(t, n, command)
	if r.err != nil || r.status != 0 {
		t.Fatalf("%q: status %d, err %v, stderr %q", command, r.status, r.err, r.stderr)
	}
	return r.stdout
}

func decodeJob(t testing.TB, text string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		t.Fatalf("job JSON %q: %v", text, err)
	}
	return m
}

// jobField returns a string field of a decoded job.
func jobField(t testing.TB, m map[string]any, key string) string {
	t.Helper()
	s, ok := m[key].(string)
	if !ok {
		t.Fatalf("job field %s is %v, not a string", key, m[key])
	}
	return s
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
