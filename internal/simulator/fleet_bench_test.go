package simulator

import (
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// BenchmarkStart500 starts a fleet of 250 two-node systems (500 SSH servers
// on 500 loopback addresses plus the fake API) and reports how long start-up
// took and how much memory the running fleet holds.
func BenchmarkStart500(b *testing.B) {
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "sim")
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		f, err := Start(Options{
			StateDir: dir, Systems: 250, NodesPerSystem: 2, Storage: StorageMixed,
			FirstNodeIP: "127.0.200.1",
		})
		if err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start)
		var after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(elapsed.Seconds(), "s/start")
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/(1<<20), "MiB-heap")
		b.ReportMetric(float64(after.Sys)/(1<<20), "MiB-sys")
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
