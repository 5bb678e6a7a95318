// Package simtest starts simulated fleets for tests of the packages that
// drive them: the engine, compliance, the provider and famsctl.
package simtest

import (
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/fleetpatch/terraform-provider-fams/internal/access"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
)

// Loopback networks, one per test package: `go test ./...` runs packages
// at once, and two fleets must never listen on one address. Fleets of a
// package take successive /24s of its 127.N.0.0/16.
const (
	NetPatch      byte = 61
	NetFamsctl    byte = 62
	NetProvider   byte = 63
	NetCompliance byte = 64
)

var (
	mu   sync.Mutex
	next = map[byte]int{}
)

// Systems is the usual test fleet: a 2-node ASM RAC and a 1-node LVM
// system, named as the caller likes.
func Systems(rac, lvm string) string {
	return fmt.Sprintf(`[{"display_name": %q, "storage": "asm", "nodes": 2}, {"display_name": %q, "storage": "lvm", "nodes": 1}]`, rac, lvm)
}

// Scenario writes a scenario: systems (JSON, see Systems), timing (JSON
// object, or empty for the simulator's defaults) and faults by hostname
// (each a JSON object of knobs).
func Scenario(systems, timing string, faults map[string]string) string {
	var f []string
	for host, knobs := range faults {
		f = append(f, fmt.Sprintf("%q: %s", host, knobs))
	}
	if timing == "" {
		timing = "{}"
	}
	return fmt.Sprintf(`{"systems": %s, "timing": %s, "faults": {%s}}`, systems, timing, strings.Join(f, ", "))
}

// Start starts the fleet scenario describes on the next /24 of net and
// stops it when the test ends.
func Start(t testing.TB, net byte, scenario string) *simulator.Fleet {
	t.Helper()
	sc, err := simulator.ParseScenario([]byte(scenario))
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	next[net]++
	n := next[net]
	mu.Unlock()
	if n > 250 {
		t.Fatalf("more than 250 fleets on 127.%d.0.0/16", net)
	}
	fleet, err := simulator.Start(simulator.Options{
		StateDir:    filepath.Join(t.TempDir(), "sim"),
		Scenario:    sc,
		FirstNodeIP: fmt.Sprintf("127.%d.%d.1", net, n),
	})
	if err != nil {
		t.Fatalf("start the simulator: %v", err)
	}
	t.Cleanup(func() {
		if err := fleet.Close(); err != nil {
			t.Errorf("stop the simulator: %v", err)
		}
	})
	return fleet
}

// OCIConfig reaches the fleet's fake OCI API as its env file says.
func OCIConfig(f *simulator.Fleet) oci.Config {
	info := f.Info()
	return oci.Config{ConfigFilePath: filepath.Join(f.StateDir(), simulator.FileOCIConfig), Endpoint: info.Endpoint, Region: info.Region}
}

// SSH logs in to the fleet's nodes as its env file says: the key from the
// fake Vault, host keys from its known_hosts.
func SSH(f *simulator.Fleet) access.SSH {
	info := f.Info()
	return access.SSH{
		User: info.SSHUser, Port: info.SSHPort, PrivateKeySecretID: info.SSHSecretID,
		KnownHostsFiles: []string{filepath.Join(f.StateDir(), simulator.FileKnownHosts)},
	}
}

// PublishAdvisories has the simulator release count new security
// advisories for a node, through the admin API as an operator would, so
// that OS Management Hub learns of them too.
func PublishAdvisories(t testing.TB, f *simulator.Fleet, hostname string, count int) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPatch, f.Info().AdminURL+"/nodes/"+hostname+"/faults",
		strings.NewReader(fmt.Sprintf(`{"new_security_updates": %d}`, count)))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("publish advisories on %s: %s", hostname, resp.Status)
	}
}
