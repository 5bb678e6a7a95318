package provider

import (
	"fmt"
	"net"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
)

var testProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"fams": providerserver.NewProtocol6WithError(New("test")()),
}

// nextFleetNet gives every test fleet its own 127.0.N.0/24 so that parallel
// tests never share an address.
var nextFleetNet atomic.Int32

// startFleet runs a simulated fleet for one test: a 2-node ASM RAC and a
// 1-node LVM system, with the sub-second timings tests need.
func startFleet(t *testing.T) *simulator.Fleet {
	t.Helper()
	sc, err := simulator.ParseScenario([]byte(`{
	  "timing": {"job": "300ms", "precheck": "100ms", "reboot": "100ms", "stack_stop": "20ms"},
	  "systems": [
	    {"display_name": "sales-rac", "storage": "asm", "nodes": 2},
	    {"display_name": "hr-db", "storage": "lvm", "nodes": 1}
	  ]
	}`))
	if err != nil {
		t.Fatal(err)
	}
	ip := net.IPv4(127, 0, byte(100+nextFleetNet.Add(1)), 1)
	fleet, err := simulator.Start(simulator.Options{
		StateDir:    filepath.Join(t.TempDir(), "sim"),
		Scenario:    sc,
		FirstNodeIP: ip.String(),
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

// providerConfig points the provider at a fleet the way its env file would.
func providerConfig(fleet *simulator.Fleet) string {
	info := fleet.Info()
	return fmt.Sprintf(`
provider "fams" {
  endpoint         = %q
  region           = %q
  config_file_path = %q
}
`, info.Endpoint, info.Region, filepath.Join(fleet.StateDir(), simulator.FileOCIConfig))
}

// providerConfigSSH adds the SSH settings the fleet's env file gives:
// the key by Vault secret reference, host keys from its known_hosts.
func providerConfigSSH(fleet *simulator.Fleet) string {
	info := fleet.Info()
	return fmt.Sprintf(`
provider "fams" {
  endpoint         = %q
  region           = %q
  config_file_path = %q
  ssh = {
    user                  = %q
    port                  = %d
    private_key_secret_id = %q
    known_hosts_file      = %q
  }
}
`, info.Endpoint, info.Region, filepath.Join(fleet.StateDir(), simulator.FileOCIConfig),
		info.SSHUser, info.SSHPort, info.SSHSecretID, filepath.Join(fleet.StateDir(), simulator.FileKnownHosts))
}
