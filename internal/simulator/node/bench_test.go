package node

import (
	"context"
	"io"
	"runtime"
	"testing"
)

func BenchmarkExec(b *testing.B) {
	n, _ := newTestNode(b, Config{})
	id := startUpdateB(b, n)
	cmd := "sudo -n " + DbcliPath + " describe-job -i " + id + " -j"
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if status, err := n.Exec(ctx, cmd, false, nil, io.Discard, io.Discard); status != 0 || err != nil {
			b.Fatalf("status %d, err %v", status, err)
		}
	}
}

func startUpdateB(b *testing.B, n *Node) string {
	out := mustRun(b, n, "sudo -n "+DbcliPath+" update-server -c os")
	return jobField(b, decodeJob(b, out), "jobId")
}

func BenchmarkNew500(b *testing.B) {
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		nodes := make([]*Node, 500)
		for i := range nodes {
			nodes[i], _ = newTestNode(b, Config{Index: i%2 + 1})
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/500, "heap-bytes/node")
		runtime.KeepAlive(nodes)
	}
}
