package provider

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/simtest"
)

var testProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"fams": providerserver.NewProtocol6WithError(New("test")()),
}

// startFleet runs a simulated fleet for one test: a 2-node ASM RAC and a
// 1-node LVM system, with the sub-second timings tests need.
func startFleet(t *testing.T) *simulator.Fleet {
	t.Helper()
	return simtest.Start(t, simtest.NetProvider, simtest.Scenario(simtest.Systems("sales-rac", "hr-db"),
		`{"job": "300ms", "precheck": "100ms", "reboot": "100ms", "stack_stop": "20ms"}`, nil))
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
