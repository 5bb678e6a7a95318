package simulator

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/node"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/ociapi"
)

// apiServer is the fleet's fake OCI API: the store it fills and the HTTP
// server that serves it.
type apiServer struct {
	opts   Options
	srv    *ociapi.Server
	ids    Info // tenancy, user, compartment, secret
	subs   []string
	nodeOf map[string]*Node // DB node OCID -> node

	ln     net.Listener
	cancel context.CancelFunc
	done   chan error
}

// newAPIServer creates the tenancy the fleet lives in: a compartment for
// the fleet with two sub-compartments (so that discovery must search a
// subtree), the API user's key, and the SSH key as a Vault secret.
func newAPIServer(opts Options, key apiKey, sshKeyPEM []byte) (*apiServer, error) {
	store := ociapi.NewStore(ociapi.Tenancy{Name: "fams-sim"}, opts.Region)
	// The API checks request dates against its clock, and the SDK dates
	// requests with the real clock: the API always runs on real time.
	srv, err := ociapi.New(ociapi.Config{Store: store})
	if err != nil {
		return nil, err
	}
	a := &apiServer{opts: opts, srv: srv, nodeOf: map[string]*Node{}}
	a.ids = Info{
		Region:    opts.Region,
		TenancyID: store.Tenancy().ID,
		UserID:    ociapi.NewOCID("user", ""),
	}
	store.AddAPIKey(ociapi.KeyID(a.ids.TenancyID, a.ids.UserID, key.fingerprint), &key.private.PublicKey)

	root, err := store.PutCompartment(ociapi.Compartment{Name: "fams-sim", Description: "Simulated DB systems"})
	if err != nil {
		return nil, err
	}
	a.ids.CompartmentID = root.ID
	for _, name := range []string{"prod", "test"} {
		c, err := store.PutCompartment(ociapi.Compartment{Name: name, ParentID: root.ID})
		if err != nil {
			return nil, err
		}
		a.subs = append(a.subs, c.ID)
	}
	a.ids.SSHSecretID = ociapi.NewOCID("vaultsecret", opts.Region)
	if _, err := store.PutSecret(a.ids.SSHSecretID, sshKeyPEM); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *apiServer) identity() Info { return a.ids }

// newSystem stores a DB system; systems alternate between the two
// sub-compartments.
func (a *apiServer) newSystem(spec SystemSpec, index int) (*SystemInfo, error) {
	sys, err := a.srv.Store().PutDBSystem(ociapi.DBSystem{
		CompartmentID:      a.subs[index%len(a.subs)],
		DisplayName:        spec.DisplayName,
		AvailabilityDomain: "Uocm:" + strings.ToUpper(a.opts.Region) + "-AD-1",
		Shape:              "VM.Standard.E4.Flex",
		StorageManagement:  strings.ToUpper(spec.Storage),
		NodeCount:          spec.Nodes,
		Hostname:           hostPrefix(spec.DisplayName),
		Domain:             "sub1.vcn1.oraclevcn.com",
		Version:            "19.24.0.0.0",
		OSVersion:          "8.10",
		CPUCoreCount:       2 * spec.Nodes,
	})
	if err != nil {
		return nil, fmt.Errorf("DB system %s: %w", spec.DisplayName, err)
	}
	return &SystemInfo{ID: sys.ID, DisplayName: sys.DisplayName, CompartmentID: sys.CompartmentID, Storage: sys.StorageManagement}, nil
}

// addNode stores a node's VNIC, DB node and OS Management Hub record, and
// fills the node's OCIDs.
func (a *apiServer) addNode(sys *SystemInfo, n *Node) error {
	store := a.srv.Store()
	vnic, err := store.PutVNIC(ociapi.VNIC{
		CompartmentID: sys.CompartmentID,
		DisplayName:   n.Info.Hostname + "-vnic",
		HostnameLabel: n.Info.Hostname,
		PrivateIP:     n.Info.PrivateIP,
		IsPrimary:     true,
	})
	if err != nil {
		return err
	}
	dbNode, err := store.PutDBNode(ociapi.DBNode{
		DBSystemID:  sys.ID,
		Hostname:    n.Info.Hostname,
		VnicID:      vnic.ID,
		FaultDomain: fmt.Sprintf("FAULT-DOMAIN-%d", n.Machine.Config().Index),
	})
	if err != nil {
		return err
	}
	n.Info.ID, n.Info.VnicID = dbNode.ID, vnic.ID
	a.nodeOf[dbNode.ID] = n

	return a.syncManagedInstance(n)
}

// syncManagedInstance makes the node's OS Management Hub record match the
// node: its kernel, pending reboot and the errata it still lacks. The fleet
// calls it when the node boots and when its advisories change, which is
// when OS Management Hub would learn of it from the agent.
func (a *apiServer) syncManagedInstance(n *Node) error {
	store := a.srv.Store()
	st := n.Machine.State()
	mi, err := store.PutManagedInstance(ociapi.ManagedInstance{
		ID:               n.Info.ManagedInstanceID,
		CompartmentID:    n.System.CompartmentID,
		DisplayName:      n.Info.Hostname,
		OSName:           "Oracle Linux Server",
		OSVersion:        "8.10",
		OSKernelVersion:  st.Kernel,
		IsRebootRequired: st.RebootRequired,
		TimeLastBoot:     st.BootedAt,
		TimeLastCheckin:  time.Now().UTC(),
	})
	if err != nil {
		return fmt.Errorf("OS Management Hub record of %s: %w", n.Info.Hostname, err)
	}
	n.Info.ManagedInstanceID = mi.ID
	advisories := n.Machine.Advisories()
	if err := store.SetErrata(mi.ID, errataOf(advisories)); err != nil {
		return err
	}
	return store.SetUpdatablePackages(mi.ID, updatablePackagesOf(advisories))
}

// updatablePackagesOf lists each package the advisories fix once, as OS
// Management Hub does, with every advisory that names it and the highest
// of their severities: the per-instance errata listing carries no
// severity, and this listing is where clients find it.
func updatablePackagesOf(advisories []node.Advisory) []ociapi.UpdatablePackage {
	rank := map[string]int{"LOW": 1, "MODERATE": 2, "IMPORTANT": 3, "CRITICAL": 4}
	var out []ociapi.UpdatablePackage
	index := map[string]int{}
	for _, adv := range advisories {
		severity := strings.ToUpper(adv.Severity)
		for _, full := range adv.Packages {
			i, ok := index[full]
			if !ok {
				name, version := splitPackage(full)
				i = len(out)
				index[full] = i
				out = append(out, ociapi.UpdatablePackage{Name: name, DisplayName: full, Version: version, UpdateType: strings.ToUpper(adv.Type)})
			}
			p := &out[i]
			if adv.Type == "security" {
				p.UpdateType = "SECURITY"
			}
			p.Errata = append(p.Errata, adv.ID)
			p.RelatedCVEs = append(p.RelatedCVEs, adv.CVEs...)
			if rank[severity] > rank[p.AdvisorySeverity] {
				p.AdvisorySeverity = severity
			}
		}
	}
	return out
}

// splitPackage splits name-[epoch:]version-release.arch at the hyphen
// before the version (the first one followed by a digit).
func splitPackage(full string) (name, version string) {
	for i := 0; i+1 < len(full); i++ {
		if full[i] == '-' && full[i+1] >= '0' && full[i+1] <= '9' {
			return full[:i], full[i+1:]
		}
	}
	return full, ""
}

func errataOf(advisories []node.Advisory) []ociapi.Erratum {
	out := make([]ociapi.Erratum, 0, len(advisories))
	for _, adv := range advisories {
		out = append(out, ociapi.Erratum{
			Name:         adv.ID,
			AdvisoryType: strings.ToUpper(adv.Type),
			Synopsis:     fmt.Sprintf("%s: %s update", adv.Severity, strings.SplitN(adv.Packages[0], "-", 2)[0]),
			RelatedCVEs:  adv.CVEs,
			TimeIssued:   adv.Issued,
			Packages:     adv.Packages,
		})
	}
	return out
}

// start wires the API to the nodes and serves it.
func (a *apiServer) start(f *Fleet) error {
	a.srv.SetHooks(ociapi.Hooks{
		RefreshNode: func(n *ociapi.DBNode) {
			sim, ok := a.nodeOf[n.ID]
			if !ok {
				return
			}
			st := sim.Machine.State()
			n.OSPatchRebootRequired = &st.RebootRequired
			n.LifecycleState = "AVAILABLE"
			if !st.Up {
				n.LifecycleState = "UPDATING"
			}
		},
		NodeAction: func(_ context.Context, n ociapi.DBNode, action string) error {
			sim, ok := a.nodeOf[n.ID]
			if !ok {
				return fmt.Errorf("node %s is not simulated", n.ID)
			}
			switch action {
			case "SOFTRESET", "RESET":
				sim.Machine.Reboot()
			case "STOP", "SOFTSTOP":
				sim.Machine.PowerOff()
			case "START":
				sim.Machine.PowerOn()
			default:
				return fmt.Errorf("action %s is not simulated", action)
			}
			return nil
		},
	})
	admin := f.adminHandler()
	a.srv.HandleAdmin(ociapi.AdminPrefix+"/nodes", admin)
	a.srv.HandleAdmin(ociapi.AdminPrefix+"/nodes/", admin)

	ln, err := net.Listen("tcp", a.opts.APIAddr)
	if err != nil {
		return fmt.Errorf("the fake OCI API cannot listen on %s (choose another with --api-addr): %w", a.opts.APIAddr, err)
	}
	a.ln = ln
	ctx, cancel := context.WithCancel(context.Background())
	a.cancel = cancel
	a.done = make(chan error, 1)
	go func() { a.done <- a.srv.Serve(ctx, ln) }()
	return nil
}

func (a *apiServer) url() string { return "http://" + a.ln.Addr().String() }

func (a *apiServer) close() error {
	if a.cancel == nil {
		return nil
	}
	a.cancel()
	select {
	case err := <-a.done:
		return err
	case <-time.After(10 * time.Second):
		return errors.New("the fake OCI API did not stop within 10 s")
	}
}
