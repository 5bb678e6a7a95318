package simulator

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
)

// nextNet gives every test fleet its own 127.0.N.0/24.
var nextNet atomic.Int32

func startTestFleet(t *testing.T, scenario string) *Fleet {
	t.Helper()
	opts := Options{
		StateDir:       filepath.Join(t.TempDir(), "sim"),
		Systems:        2,
		NodesPerSystem: 2,
		Storage:        StorageMixed,
		FirstNodeIP:    net.IPv4(127, 0, byte(60+nextNet.Add(1)), 1).String(),
		Timing:         Timing{Job: time.Second, Precheck: 200 * time.Millisecond, Reboot: 300 * time.Millisecond, StackStop: 50 * time.Millisecond},
	}
	if scenario != "" {
		sc, err := ParseScenario([]byte(scenario))
		if err != nil {
			t.Fatalf("scenario: %v", err)
		}
		opts.Scenario = sc
	}
	f, err := Start(opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := f.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return f
}

func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func TestStateDirDescribesTheFleet(t *testing.T) {
	t.Parallel()
	f := startTestFleet(t, "")
	dir := f.StateDir()

	onDisk, err := ReadInfo(dir)
	if err != nil {
		t.Fatal(err)
	}
	info := f.Info()
	if len(onDisk.Systems) != 2 || onDisk.Systems[0].Storage != "ASM" || onDisk.Systems[1].Storage != "LVM" {
		t.Fatalf("fleet.json systems = %+v, want an ASM and an LVM system", onDisk.Systems)
	}
	if onDisk.Endpoint != info.Endpoint || onDisk.SSHPort == 0 || onDisk.SSHSecretID == "" {
		t.Errorf("fleet.json = %+v, want the endpoint, SSH port and secret of the running fleet", onDisk)
	}
	for _, sys := range onDisk.Systems {
		for _, n := range sys.Nodes {
			if n.ID == "" || n.VnicID == "" || !strings.HasPrefix(n.HostKeyFingerprint, "SHA256:") {
				t.Errorf("node %+v lacks OCIDs or host key fingerprint", n)
			}
			if f.Node(n.Hostname) == nil || f.Node(n.PrivateIP) != f.Node(n.Hostname) {
				t.Errorf("node %s not found by hostname and IP", n.Hostname)
			}
		}
	}

	env := readEnvFile(t, filepath.Join(dir, FileEnv))
	for k, want := range info.Env(dir) {
		if env[k] != want {
			t.Errorf("env %s = %q, want %q", k, env[k], want)
		}
	}
	known, err := os.ReadFile(filepath.Join(dir, FileKnownHosts))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(known), "\n"); got != f.NodeCount() {
		t.Errorf("known_hosts has %d lines, want one per node (%d)", got, f.NodeCount())
	}
}

// readEnvFile runs the env file through a real shell, as users source it.
func readEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	out, err := exec.Command("sh", "-c", `. "$1" && env`, "sh", path).Output()
	if err != nil {
		t.Fatalf("source %s: %v", path, err)
	}
	env := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok && strings.HasPrefix(k, "FAMS_") {
			env[k] = v
		}
	}
	return env
}

// The files the fleet writes are all a real OCI client needs: the SDK
// signs with the config file's key, and the fake API accepts it.
func TestOCIClientDiscoversTheFleet(t *testing.T) {
	t.Parallel()
	f := startTestFleet(t, "")
	info := f.Info()
	client, err := oci.NewClient(oci.Config{
		ConfigFilePath: filepath.Join(f.StateDir(), FileOCIConfig),
		Endpoint:       info.Endpoint,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	for _, want := range info.Systems {
		got, err := client.DBSystem(ctx, oci.Selector{CompartmentID: info.CompartmentID, DisplayName: want.DisplayName})
		if err != nil {
			t.Fatalf("discover %s: %v", want.DisplayName, err)
		}
		if got.ID != want.ID || string(got.Storage) != want.Storage || len(got.Nodes) != len(want.Nodes) {
			t.Fatalf("discovered %+v, want %+v", got, want)
		}
		for i, n := range got.Nodes {
			if n.PrivateIP != want.Nodes[i].PrivateIP || n.Hostname != want.Nodes[i].Hostname {
				t.Errorf("node %d = %s %s, want %s %s", i, n.Hostname, n.PrivateIP, want.Nodes[i].Hostname, want.Nodes[i].PrivateIP)
			}
		}
	}
	key, err := client.SSHKeyFromSecret(ctx, info.SSHSecretID)
	if err != nil {
		t.Fatal(err)
	}
	onDisk, err := os.ReadFile(filepath.Join(f.StateDir(), FileSSHKey))
	if err != nil {
		t.Fatal(err)
	}
	if string(key.PEM()) != string(onDisk) {
		t.Error("the Vault secret does not hold the fleet's SSH key")
	}
}

// The real OpenSSH client, with strict host key checking against the
// fleet's known_hosts, runs commands on a node, reboots it, and finds it
// back with a new boot id.
func TestOpenSSHClientRebootsANode(t *testing.T) {
	t.Parallel()
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("the OpenSSH client is not installed (apt-get install openssh-client)")
	}
	f := startTestFleet(t, "")
	n := f.Nodes()[0]
	run := func(command string) string {
		t.Helper()
		cmd := exec.CommandContext(testContext(t), sshBin, "-F", "/dev/null",
			"-o", "UserKnownHostsFile="+filepath.Join(f.StateDir(), FileKnownHosts),
			"-o", "StrictHostKeyChecking=yes", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
			"-i", filepath.Join(f.StateDir(), FileSSHKey),
			"-p", strconv.Itoa(f.Info().SSHPort), "opc@"+n.Info.PrivateIP, command)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("ssh %q: %v\n%s", command, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if got := run("uname -r"); got != n.Machine.Kernel() {
		t.Fatalf("uname -r = %q, want %q", got, n.Machine.Kernel())
	}
	before := run("cat /proc/sys/kernel/random/boot_id")
	if before != n.Machine.BootID() {
		t.Fatalf("boot_id over SSH = %q, node says %q", before, n.Machine.BootID())
	}

	down := make(chan bool, 4)
	n.Machine.OnPower(func(up bool) { down <- up })
	run("sudo -n systemctl reboot")
	ctx := testContext(t)
	if up := <-down; up {
		t.Fatal("the node reported power on before power off")
	}
	if err := n.Machine.WaitPower(ctx, true); err != nil {
		t.Fatal(err)
	}
	if after := run("cat /proc/sys/kernel/random/boot_id"); after == before || after == "" {
		t.Errorf("boot_id after reboot = %q, before %q: want a new one", after, before)
	}
}

func TestAdminAPIChangesNodes(t *testing.T) {
	t.Parallel()
	f := startTestFleet(t, `{"timing": {"job": "7s"}, "faults": {"*": {"stderr_noise": true}, "dbasm01n2": {"job_outcome": "Failure"}}}`)
	admin := f.Info().AdminURL
	n1, n2 := f.Node("dbasm01n1"), f.Node("dbasm01n2")
	if n1 == nil || n2 == nil {
		t.Fatalf("nodes of the first system are not named dbasm01n1/dbasm01n2: %+v", f.Info().Systems[0].Nodes)
	}
	if got := n1.Machine.Config().JobDuration; got != 7*time.Second {
		t.Errorf("job duration %v, want the scenario's 7s", got)
	}
	if got := n2.Machine.Faults(); got.JobOutcome != "Failure" || !got.StderrNoise {
		t.Errorf("scenario faults of %s = %+v, want the node's and the fleet-wide ones", n2.Info.Hostname, got)
	}
	if got := n1.Machine.Faults(); got.JobOutcome != "" || !got.StderrNoise {
		t.Errorf("scenario faults of %s = %+v, want only the fleet-wide ones", n1.Info.Hostname, got)
	}

	do := func(method, path, body string, want int) *http.Response {
		t.Helper()
		req, err := http.NewRequestWithContext(testContext(t), method, admin+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = resp.Body.Close() })
		if resp.StatusCode != want {
			t.Fatalf("%s %s: status %d, want %d", method, path, resp.StatusCode, want)
		}
		return resp
	}

	do(http.MethodPatch, "/nodes/dbasm01n1/faults", `{"crs_refuses_stop": true}`, http.StatusOK)
	if got := n1.Machine.Faults(); !got.CRSRefusesStop || !got.StderrNoise {
		t.Errorf("after PATCH faults = %+v, want crs_refuses_stop added and stderr_noise kept", got)
	}
	do(http.MethodPatch, "/nodes/dbasm01n1/faults", `{"job_outcome": "Sometimes"}`, http.StatusBadRequest)
	do(http.MethodPatch, "/nodes/nosuch/faults", `{}`, http.StatusNotFound)

	oldKey := n1.SSH.HostKey()
	do(http.MethodPost, "/nodes/"+n1.Info.PrivateIP+"/actions/rotate-host-key", "", http.StatusNoContent)
	if string(n1.SSH.HostKey().Marshal()) == string(oldKey.Marshal()) {
		t.Error("rotate-host-key kept the host key")
	}
	do(http.MethodPost, "/nodes/dbasm01n1/actions/explode", "", http.StatusNotFound)
	do(http.MethodPatch, "/nodes/dbasm01n1/ssh", `{"refuse_auth": true}`, http.StatusNoContent)

	var status []NodeStatus
	if err := json.NewDecoder(do(http.MethodGet, "/nodes", "", http.StatusOK).Body).Decode(&status); err != nil {
		t.Fatal(err)
	}
	if len(status) != f.NodeCount() || status[0].Kernel == "" || !status[0].Up {
		t.Errorf("GET /nodes = %+v, want every node, up, with its kernel", status)
	}
}

func TestOptionsAndScenarioErrorsNameTheField(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  error
		want []string
	}{
		{"no state dir", Options{Systems: 1, NodesPerSystem: 1, Storage: StorageASM, FirstNodeIP: "127.0.1.1"}.Validate(), []string{"--state-dir"}},
		{"three nodes", Options{StateDir: "d", Systems: 1, NodesPerSystem: 3, Storage: StorageASM, FirstNodeIP: "127.0.1.1"}.Validate(), []string{"--nodes-per-system", "got 3"}},
		{"bad storage and ip", Options{StateDir: "d", Systems: 1, NodesPerSystem: 1, Storage: "zfs", FirstNodeIP: "10.0.0.1"}.Validate(), []string{"--storage", `"zfs"`, "--first-node-ip"}},
		{"scenario system", scenarioErr(`{"systems": [{"display_name": "", "storage": "nfs", "nodes": 4}]}`), []string{"systems[0].display_name", "systems[0].storage", "systems[0].nodes"}},
		{"scenario knob", scenarioErr(`{"faults": {"x1": {"job_outcome": "Maybe"}}}`), []string{`faults["x1"]`, "job_outcome"}},
		{"scenario typo", scenarioErr(`{"fault": {}}`), []string{`unknown field "fault"`}},
		{"scenario duration", scenarioErr(`{"timing": {"job": 30}}`), []string{"duration"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(tc.err.Error(), w) {
					t.Errorf("error %q does not mention %q", tc.err, w)
				}
			}
		})
	}
}

func scenarioErr(s string) error {
	_, err := ParseScenario([]byte(s))
	return err
}

func TestNodeAddresses(t *testing.T) {
	t.Parallel()
	first := net.ParseIP("127.0.1.253")
	for n, want := range map[int]string{0: "127.0.1.253", 1: "127.0.1.254", 2: "127.0.2.1", 3: "127.0.2.2"} {
		got, err := nodeIP(first, n)
		if err != nil || got.String() != want {
			t.Errorf("nodeIP(%s, %d) = %v, %v; want %s", first, n, got, err, want)
		}
	}
}

// OS Management Hub sees what the node lacks, including advisories
// published while the fleet runs.
func TestManagedInstancesFollowTheNodes(t *testing.T) {
	t.Parallel()
	f := startTestFleet(t, "")
	info := f.Info()
	client, err := oci.NewClient(oci.Config{ConfigFilePath: filepath.Join(f.StateDir(), FileOCIConfig), Endpoint: info.Endpoint})
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	instances, err := client.ManagedInstances(ctx, oci.ManagedInstanceQuery{CompartmentID: info.Systems[0].CompartmentID})
	if err != nil {
		t.Fatal(err)
	}
	n := f.Nodes()[0]
	if len(instances) != len(info.Systems[0].Nodes) || instances[0].ID != n.Info.ManagedInstanceID {
		t.Fatalf("managed instances %+v, want the nodes of %s", instances, info.Systems[0].DisplayName)
	}
	securityErrata := func() int {
		t.Helper()
		errata, err := client.SecurityErrata(ctx, n.Info.ManagedInstanceID, 0)
		if err != nil {
			t.Fatal(err)
		}
		return len(errata)
	}
	before := securityErrata()
	if before == 0 {
		t.Fatal("a fresh node lacks no security errata; the simulator should start a few months behind")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPatch, info.AdminURL+"/nodes/"+n.Info.Hostname+"/faults", strings.NewReader(`{"new_security_updates": 2}`))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if got := securityErrata(); got != before+2 {
		t.Errorf("%d security errata after 2 new advisories, had %d", got, before)
	}
}
