package simulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/node"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/ociapi"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/sshd"
)

// NodeStatus is what the admin API reports for a node.
type NodeStatus struct {
	NodeInfo
	System      string        `json:"db_system"`
	Up          bool          `json:"up"`
	Kernel      string        `json:"kernel"`
	BootID      string        `json:"boot_id"`
	State       node.State    `json:"state"`
	Faults      node.Faults   `json:"faults"`
	Counters    node.Counters `json:"counters"`
	SSHCounters sshd.Counters `json:"ssh_counters"`
}

// Status reports the node's live state.
func (n *Node) Status() NodeStatus {
	return NodeStatus{
		NodeInfo:    n.Info,
		System:      n.System.DisplayName,
		Up:          n.Machine.Up(),
		Kernel:      n.Machine.Kernel(),
		BootID:      n.Machine.BootID(),
		State:       n.Machine.State(),
		Faults:      n.Machine.Faults(),
		Counters:    n.Machine.Counters(),
		SSHCounters: n.SSH.Counters(),
	}
}

// sshKnobs are the SSH-level fault knobs.
type sshKnobs struct {
	RefuseAuth       *bool  `json:"refuse_auth"`
	HandshakeLatency string `json:"handshake_latency"`
}

// nodeActions are the one-off events an operator or a test can trigger.
var nodeActions = map[string]func(*Node) error{
	"reboot":           func(n *Node) error { n.Machine.Reboot(); return nil },
	"rollback-kernel":  func(n *Node) error { n.Machine.RollbackKernel(); return nil },
	"drop-connections": func(n *Node) error { n.SSH.DropConnections(); return nil },
	"rotate-host-key":  (*Node).RotateHostKey,
}

// RotateHostKey gives the node a new host key, as a rebuilt node would
// have; clients that pinned the old one must refuse it.
func (n *Node) RotateHostKey() error {
	key, err := sshd.GenerateHostKey(sshd.KeyTypeEd25519)
	if err != nil {
		return err
	}
	n.SSH.SetHostKey(key)
	return nil
}

// adminHandler serves the node knobs:
//
//	GET   /_sim/nodes                         every node's status
//	GET   /_sim/nodes/{node}                  one node (hostname or IP)
//	PATCH /_sim/nodes/{node}/faults           change the named fault knobs
//	PATCH /_sim/nodes/{node}/ssh              refuse_auth, handshake_latency
//	POST  /_sim/nodes/{node}/actions/{action} reboot, rollback-kernel, drop-connections, rotate-host-key
func (f *Fleet) adminHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+ociapi.AdminPrefix+"/nodes", func(w http.ResponseWriter, _ *http.Request) {
		out := make([]NodeStatus, len(f.nodes))
		for i, n := range f.nodes {
			out[i] = n.Status()
		}
		writeAdminJSON(w, http.StatusOK, out)
	})
	mux.HandleFunc("GET "+ociapi.AdminPrefix+"/nodes/{node}", f.withNode(func(w http.ResponseWriter, _ *http.Request, n *Node) {
		writeAdminJSON(w, http.StatusOK, n.Status())
	}))
	mux.HandleFunc("PATCH "+ociapi.AdminPrefix+"/nodes/{node}/faults", f.withNode(func(w http.ResponseWriter, r *http.Request, n *Node) {
		var decodeErr error
		err := n.Machine.UpdateFaults(func(faults *node.Faults) {
			decodeErr = json.NewDecoder(r.Body).Decode(faults)
		})
		if decodeErr != nil {
			err = decodeErr
		}
		if err != nil {
			writeAdminError(w, http.StatusBadRequest, fmt.Errorf("faults for %s: %w", n.Info.Hostname, err))
			return
		}
		// new_security_updates publishes advisories OS Management Hub must see.
		if err := f.api.syncManagedInstance(n); err != nil {
			writeAdminError(w, http.StatusInternalServerError, err)
			return
		}
		writeAdminJSON(w, http.StatusOK, n.Machine.Faults())
	}))
	mux.HandleFunc("PATCH "+ociapi.AdminPrefix+"/nodes/{node}/ssh", f.withNode(func(w http.ResponseWriter, r *http.Request, n *Node) {
		var k sshKnobs
		if err := json.NewDecoder(r.Body).Decode(&k); err != nil {
			writeAdminError(w, http.StatusBadRequest, fmt.Errorf("ssh knobs for %s: %w", n.Info.Hostname, err))
			return
		}
		if k.HandshakeLatency != "" {
			d, err := time.ParseDuration(k.HandshakeLatency)
			if err != nil || d < 0 {
				writeAdminError(w, http.StatusBadRequest, fmt.Errorf("handshake_latency must be a duration such as \"200ms\", got %q", k.HandshakeLatency))
				return
			}
			n.SSH.SetHandshakeLatency(d)
		}
		if k.RefuseAuth != nil {
			n.SSH.SetRefuseAuth(*k.RefuseAuth)
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	mux.HandleFunc("POST "+ociapi.AdminPrefix+"/nodes/{node}/actions/{action}", f.withNode(func(w http.ResponseWriter, r *http.Request, n *Node) {
		act, ok := nodeActions[r.PathValue("action")]
		if !ok {
			writeAdminError(w, http.StatusNotFound, fmt.Errorf("unknown action %q: use reboot, rollback-kernel, drop-connections or rotate-host-key", r.PathValue("action")))
			return
		}
		if err := act(n); err != nil {
			writeAdminError(w, http.StatusInternalServerError, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	return mux
}

func (f *Fleet) withNode(h func(http.ResponseWriter, *http.Request, *Node)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n := f.Node(r.PathValue("node"))
		if n == nil {
			writeAdminError(w, http.StatusNotFound, fmt.Errorf("no node %q in the fleet", r.PathValue("node")))
			return
		}
		h(w, r, n)
	}
}

func writeAdminJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeAdminError(w http.ResponseWriter, status int, err error) {
	writeAdminJSON(w, status, map[string]string{"error": err.Error()})
}
