// Package simulator runs a fleet of simulated Base Database Service DB
// systems on one machine: each DB node is an emulated Oracle Linux host
// (package node) behind a real SSH server on its own loopback address
// (package sshd), and a fake OCI API (package ociapi) describes the fleet
// to the real OCI SDK. Tests, benchmarks, the demo and `famsctl sim` run
// against it.
package simulator

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"golang.org/x/crypto/ssh"

	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/node"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/ociapi"
	"github.com/fleetpatch/terraform-provider-fams/internal/simulator/sshd"
)

// Node is one simulated DB node: the emulated host and its SSH server.
type Node struct {
	Info    NodeInfo
	System  *SystemInfo
	Machine *node.Node
	SSH     *sshd.Server
}

// Fleet is a running simulated fleet.
type Fleet struct {
	opts  Options
	info  Info
	nodes []*Node
	byKey map[string]*Node // hostname and private IP
	api   *apiServer

	closeOnce sync.Once
	closeErr  error
}

// machine adapts an emulated host to the SSH server.
type machine struct{ n *node.Node }

func (m machine) Exec(ctx context.Context, req sshd.ExecRequest) (int, error) {
	return m.n.Exec(ctx, req.Command, req.PTY, req.Stdin, req.Stdout, req.Stderr)
}

// Start builds the fleet, starts every node's SSH server and the fake OCI
// API, and writes the state directory. The env file is written last, so
// its presence means the fleet is ready.
func Start(opts Options) (*Fleet, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	opts = opts.withDefaults()
	if err := os.MkdirAll(filepath.Join(opts.StateDir, dirHostKeys), 0o700); err != nil {
		return nil, fmt.Errorf("create the state directory: %w", err)
	}
	// A stale env file would tell clients the fleet is ready before it is.
	if err := os.Remove(filepath.Join(opts.StateDir, FileEnv)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("remove the previous env file: %w", err)
	}
	f := &Fleet{opts: opts, byKey: map[string]*Node{}}
	if err := f.start(); err != nil {
		_ = f.Close()
		return nil, err
	}
	return f, nil
}

func (f *Fleet) start() error {
	userKey, err := sshd.LoadOrCreateHostKey(filepath.Join(f.opts.StateDir, FileSSHKey), sshd.KeyTypeEd25519)
	if err != nil {
		return fmt.Errorf("fleet SSH key: %w", err)
	}
	userKeyPEM, err := os.ReadFile(filepath.Join(f.opts.StateDir, FileSSHKey))
	if err != nil {
		return fmt.Errorf("fleet SSH key: %w", err)
	}
	if err := os.WriteFile(filepath.Join(f.opts.StateDir, FileSSHKey+".pub"), ssh.MarshalAuthorizedKey(userKey.PublicKey()), 0o600); err != nil {
		return fmt.Errorf("fleet SSH public key: %w", err)
	}
	key, err := loadOrCreateAPIKey(filepath.Join(f.opts.StateDir, FileAPIKey))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(f.opts.StateDir, FileAPIPubKey), key.publicPEM(), 0o600); err != nil {
		return fmt.Errorf("write the API public key: %w", err)
	}

	f.api, err = newAPIServer(f.opts, key, userKeyPEM)
	if err != nil {
		return err
	}
	f.info = f.api.identity()
	f.info.SSHUser = sshd.DefaultUser

	if err := f.startNodes(userKey.PublicKey()); err != nil {
		return err
	}
	if err := f.api.start(f); err != nil {
		return err
	}
	f.info.Endpoint = f.api.url()
	f.info.AdminURL = f.api.url() + ociapi.AdminPrefix
	return f.writeStateDir(key)
}

func (f *Fleet) startNodes(userKey ssh.PublicKey) error {
	specs := f.systemSpecs()
	first := net.ParseIP(f.opts.FirstNodeIP)
	port := f.opts.SSHPort
	index := 0
	for si, spec := range specs {
		sys, err := f.api.newSystem(spec, si)
		if err != nil {
			return err
		}
		for ni := 1; ni <= spec.Nodes; ni++ {
			ip, err := nodeIP(first, index)
			if err != nil {
				return err
			}
			index++
			n, err := f.startNode(sys, spec, ni, ip.String(), port, userKey)
			if err != nil {
				return err
			}
			if port == 0 {
				// The first node picked a free port; the rest share it, as
				// discovery only learns IP addresses and the SSH port is global.
				_, p, _ := net.SplitHostPort(n.SSH.Addr())
				port, _ = strconv.Atoi(p)
			}
		}
		f.info.Systems = append(f.info.Systems, *sys)
	}
	f.info.SSHPort = port
	// Systems were copied into info after their nodes were added; point
	// every node at its entry in info.
	for i := range f.info.Systems {
		for _, ni := range f.info.Systems[i].Nodes {
			f.byKey[ni.Hostname].System = &f.info.Systems[i]
		}
	}
	return nil
}

func (f *Fleet) startNode(sys *SystemInfo, spec SystemSpec, index int, ip string, port int, userKey ssh.PublicKey) (*Node, error) {
	hostname := nodeHostname(spec.DisplayName, index)
	faults, err := f.opts.Scenario.faultsFor(hostname)
	if err != nil {
		return nil, err
	}
	storage := node.StorageLVM
	if spec.Storage == StorageASM {
		storage = node.StorageASM
	}
	dbName := dbUniqueName(spec.DisplayName)
	m, err := node.New(node.Config{
		Hostname:          hostname,
		Index:             index,
		Storage:           storage,
		SID:               fmt.Sprintf("%s%d", dbSID(spec.DisplayName), index),
		DBUniqueName:      dbName,
		JobDuration:       f.opts.Timing.Job,
		PrecheckDuration:  f.opts.Timing.Precheck,
		RebootDuration:    f.opts.Timing.Reboot,
		StackStopDuration: f.opts.Timing.StackStop,
		Faults:            faults,
		Clock:             f.opts.Clock,
	})
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", hostname, err)
	}
	hostKey, err := sshd.LoadOrCreateHostKey(filepath.Join(f.opts.StateDir, dirHostKeys, hostname+".key"), sshd.KeyTypeEd25519)
	if err != nil {
		return nil, fmt.Errorf("node %s host key: %w", hostname, err)
	}
	srv, err := sshd.New(sshd.Config{
		Addr:               net.JoinHostPort(ip, strconv.Itoa(port)),
		HostKey:            hostKey,
		AuthorizedKeys:     []ssh.PublicKey{userKey},
		AllowTCPForwarding: true,
		Machine:            machine{m},
		Logger:             f.opts.Logger.With("node", hostname),
		Clock:              f.opts.Clock,
	})
	if err != nil {
		return nil, fmt.Errorf("node %s: %w", hostname, err)
	}
	if err := srv.Start(); err != nil {
		return nil, fmt.Errorf("node %s: start SSH on %s (is the port in use? choose another with --ssh-port): %w", hostname, ip, err)
	}
	n := &Node{
		Info: NodeInfo{
			Hostname:           hostname,
			PrivateIP:          ip,
			HostKeyFingerprint: ssh.FingerprintSHA256(hostKey.PublicKey()),
		},
		Machine: m,
		SSH:     srv,
	}
	n.System = sys
	if err := f.api.addNode(sys, n); err != nil {
		return nil, fmt.Errorf("node %s: %w", hostname, err)
	}
	m.OnPower(func(up bool) {
		if !up {
			srv.PowerOff()
			return
		}
		if err := srv.PowerOn(); err != nil {
			f.opts.Logger.Error("node did not come back: its SSH server could not listen again", "node", hostname, "error", err)
		}
		if err := f.api.syncManagedInstance(n); err != nil {
			f.opts.Logger.Error("OS Management Hub record not updated after boot", "node", hostname, "error", err)
		}
	})
	sys.Nodes = append(sys.Nodes, n.Info)
	f.nodes = append(f.nodes, n)
	f.byKey[hostname] = n
	f.byKey[ip] = n
	return n, nil
}

func (f *Fleet) systemSpecs() []SystemSpec {
	if f.opts.Scenario != nil && len(f.opts.Scenario.Systems) > 0 {
		return f.opts.Scenario.Systems
	}
	specs := make([]SystemSpec, f.opts.Systems)
	for i := range specs {
		storage := f.opts.Storage
		if storage == StorageMixed {
			storage = []string{StorageASM, StorageLVM}[i%2]
		}
		specs[i] = SystemSpec{
			DisplayName: fmt.Sprintf("db-%s-%02d", storage, i+1),
			Storage:     storage,
			Nodes:       f.opts.NodesPerSystem,
		}
	}
	return specs
}

// Info describes the fleet, as fleet.json does.
func (f *Fleet) Info() Info { return f.info }

// StateDir is where the fleet wrote its keys, known_hosts, fleet.json and env.
func (f *Fleet) StateDir() string { return f.opts.StateDir }

// NodeCount is the number of DB nodes.
func (f *Fleet) NodeCount() int { return len(f.nodes) }

// Nodes returns every node in fleet order (system by system).
func (f *Fleet) Nodes() []*Node { return f.nodes }

// Node returns a node by hostname or private IP, or nil.
func (f *Fleet) Node(key string) *Node { return f.byKey[key] }

// Close stops the API and every node. It is safe to call more than once.
func (f *Fleet) Close() error {
	f.closeOnce.Do(func() {
		var errs []error
		if f.api != nil {
			errs = append(errs, f.api.close())
		}
		for _, n := range f.nodes {
			errs = append(errs, n.SSH.Close())
		}
		f.closeErr = errors.Join(errs...)
	})
	return f.closeErr
}
