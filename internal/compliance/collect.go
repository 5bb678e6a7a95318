package compliance

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/fleetpatch/terraform-provider-fams/internal/access"
	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
)

// Runner runs a command on a host; *remote.Pool is one.
type Runner = access.Runner

// DefaultParallel bounds how many nodes are queried over SSH at once.
const DefaultParallel = 8

// Checker gathers the facts of a report. Only the fields a method needs
// must be set: OCI for OS Management Hub and DB system lookups, SSH for
// nodes checked over SSH.
type Checker struct {
	OCI *oci.Client
	// SSH opens the transport to the nodes checked over SSH. It is called
	// at most once, and only when a node needs it, so that a report from
	// OS Management Hub alone needs no SSH key (nor reads a Vault secret).
	SSH func(ctx context.Context) (Runner, error)
	// Commands are the node commands, with the user's overrides; nil
	// means the defaults.
	Commands *dbnode.Commands
	// Parallel bounds the nodes queried over SSH at once; zero means
	// DefaultParallel. OS Management Hub calls are bounded by the OCI
	// client's MaxConcurrency.
	Parallel int
	// PageSize is the page size asked of OS Management Hub; zero lets the
	// service choose.
	PageSize int

	sshOnce   sync.Once
	sshRunner Runner
	sshErr    error
}

// ManagedInstances reports on the OS Management Hub managed instances q
// selects (a compartment, its subtree, a managed instance group).
func (c *Checker) ManagedInstances(ctx context.Context, q oci.ManagedInstanceQuery) ([]Node, error) {
	if c.OCI == nil {
		return nil, errors.New("report on OS Management Hub: no OCI client configured")
	}
	q.PageSize = c.PageSize
	instances, err := c.OCI.ManagedInstances(ctx, q)
	if err != nil {
		return nil, err
	}
	return c.osmhNodes(ctx, instances, nil)
}

// DBSystem reports on the nodes of the DB system sel names. With
// SourceAuto a node is read from OS Management Hub when a managed instance
// in the system's compartment has the node's hostname as display name (or
// as the first label of it), and over SSH otherwise.
func (c *Checker) DBSystem(ctx context.Context, sel oci.Selector, source Source) ([]Node, error) {
	if c.OCI == nil {
		return nil, errors.New("report on a DB system: no OCI client configured")
	}
	sys, err := c.OCI.DBSystem(ctx, sel)
	if err != nil {
		return nil, err
	}
	byHost := map[string]oci.ManagedInstance{}
	if source != SourceNode {
		instances, err := c.OCI.ManagedInstances(ctx, oci.ManagedInstanceQuery{CompartmentID: sys.CompartmentID, PageSize: c.PageSize})
		if err != nil {
			return nil, fmt.Errorf("find the OS Management Hub managed instances of DB system %s (use source node to check the nodes over SSH instead): %w", sys.DisplayName, err)
		}
		for _, mi := range instances {
			host, _, _ := strings.Cut(mi.DisplayName, ".")
			byHost[strings.ToLower(host)] = mi
		}
	}
	var (
		managed   []oci.ManagedInstance
		dbNodes   []oci.Node
		viaSSH    []target
		unmanaged []Node
	)
	for _, n := range sys.Nodes {
		mi, ok := byHost[strings.ToLower(n.Hostname)]
		switch {
		case ok:
			managed = append(managed, mi)
			dbNodes = append(dbNodes, n)
		case source == SourceOSMH:
			unmanaged = append(unmanaged, Node{
				Hostname: n.Hostname, PrivateIP: n.PrivateIP, DBNodeID: n.ID, Source: SourceOSMH,
				Error: fmt.Sprintf("no OS Management Hub managed instance named %s in compartment %s; register the node with OS Management Hub, or use source auto or node", n.Hostname, sys.CompartmentID),
			})
		default:
			viaSSH = append(viaSSH, target{host: n.PrivateIP, hostname: n.Hostname, privateIP: n.PrivateIP, dbNodeID: n.ID})
		}
	}
	out, err := c.osmhNodes(ctx, managed, dbNodes)
	if err != nil {
		return nil, err
	}
	fromSSH, err := c.sshNodes(ctx, viaSSH)
	if err != nil {
		return nil, err
	}
	return slices.Concat(out, fromSSH, unmanaged), nil
}

// Hosts reports on nodes given by address (host or host:port) over SSH.
func (c *Checker) Hosts(ctx context.Context, addrs []string) ([]Node, error) {
	targets := make([]target, 0, len(addrs))
	for _, a := range addrs {
		a = strings.TrimSpace(a)
		if a == "" {
			return nil, errors.New("a host address is empty; give an IP address or host name, optionally with :port")
		}
		ip := a
		if h, _, err := net.SplitHostPort(a); err == nil {
			ip = h
		}
		targets = append(targets, target{host: a, privateIP: ip})
	}
	return c.sshNodes(ctx, targets)
}

// osmhNodes reads the errata of instances; dbNodes, when given, is
// parallel to instances and names the DB node each one is.
func (c *Checker) osmhNodes(ctx context.Context, instances []oci.ManagedInstance, dbNodes []oci.Node) ([]Node, error) {
	if len(instances) == 0 {
		return nil, nil
	}
	errata, err := c.OCI.SecurityErrataFor(ctx, instances, c.PageSize)
	if err != nil {
		return nil, err
	}
	out := make([]Node, len(errata))
	for i, ie := range errata {
		n := Node{Hostname: ie.Instance.DisplayName, ManagedInstanceID: ie.Instance.ID, Source: SourceOSMH}
		if dbNodes != nil {
			n.Hostname, n.PrivateIP, n.DBNodeID = dbNodes[i].Hostname, dbNodes[i].PrivateIP, dbNodes[i].ID
		}
		for _, e := range ie.Errata {
			packages := e.Packages
			if len(packages) == 0 {
				packages = []string{""}
			}
			for _, p := range packages {
				n.Updates = append(n.Updates, Update{
					Advisory:  e.Name,
					Severity:  dbnode.Severity(e.Severity),
					CVEs:      orEmpty(slices.Clone(e.CVEs)),
					Package:   p,
					Published: e.Issued.UTC(),
				})
			}
		}
		out[i] = summarize(n)
	}
	return out, nil
}

// target is a node to query over SSH.
type target struct {
	host                          string // what to dial
	hostname, privateIP, dbNodeID string
}

// sshNodes queries targets a few at a time. A node that cannot be queried
// is reported with its Error; only a transport that cannot be set up at
// all fails the call.
func (c *Checker) sshNodes(ctx context.Context, targets []target) ([]Node, error) {
	if len(targets) == 0 {
		return nil, nil
	}
	runner, err := c.runner(ctx)
	if err != nil {
		return nil, err
	}
	cmds := dbnode.DefaultCommands()
	if c.Commands != nil {
		cmds = *c.Commands
	}
	out := make([]Node, len(targets))
	var g errgroup.Group
	g.SetLimit(orDefault(c.Parallel, DefaultParallel))
	for i, t := range targets {
		g.Go(func() error {
			out[i] = queryNode(ctx, runner, cmds, t)
			return nil
		})
	}
	_ = g.Wait()
	return out, nil
}

func (c *Checker) runner(ctx context.Context) (Runner, error) {
	c.sshOnce.Do(func() {
		if c.SSH == nil {
			c.sshErr = errors.New("some nodes must be checked over SSH, but no SSH settings were given")
			return
		}
		c.sshRunner, c.sshErr = c.SSH(ctx)
	})
	return c.sshRunner, c.sshErr
}

// queryNode asks one node for its missing security updates: the advisory
// list gives severities and packages, the CVE list the CVEs per package.
func queryNode(ctx context.Context, r Runner, cmds dbnode.Commands, t target) Node {
	n := Node{Hostname: t.hostname, PrivateIP: t.privateIP, DBNodeID: t.dbNodeID, Source: SourceNode}
	run := func(step dbnode.Step) (string, error) {
		cmd, err := cmds.Build(step, dbnode.Values{})
		if err != nil {
			return "", err
		}
		res, err := r.Run(ctx, t.host, access.Command(cmd))
		if err != nil {
			return "", fmt.Errorf("%s (%s): %w", step, cmd, err)
		}
		return string(res.Stdout), nil
	}
	fail := func(err error) Node {
		n.Error = err.Error()
		if n.Hostname == "" {
			n.Hostname = t.host
		}
		return summarize(n)
	}
	if n.Hostname == "" {
		out, err := run(dbnode.StepHostname)
		if err != nil {
			return fail(err)
		}
		if f := strings.Fields(out); len(f) == 1 {
			n.Hostname = f[0]
		} else {
			n.Hostname = t.host
		}
	}
	out, err := run(dbnode.StepSecurityUpdates)
	if err != nil {
		return fail(err)
	}
	advisories, err := dbnode.ParseUpdateInfo(out)
	if err != nil {
		return fail(err)
	}
	out, err = run(dbnode.StepSecurityCVEs)
	if err != nil {
		return fail(err)
	}
	cves, err := dbnode.ParseUpdateInfo(out)
	if err != nil {
		return fail(err)
	}
	fixes := dbnode.MapCVEs(advisories, cves)
	for _, a := range advisories {
		if a.Type != "security" {
			continue
		}
		u := Update{Advisory: a.ID, Severity: a.Severity, Package: a.Package, CVEs: []string{}}
		for _, f := range fixes {
			if f.Advisory == a.ID && f.Package == a.Package && !slices.Contains(u.CVEs, f.CVE) {
				u.CVEs = append(u.CVEs, f.CVE)
			}
		}
		slices.Sort(u.CVEs)
		n.Updates = append(n.Updates, u)
	}
	return summarize(n)
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func orDefault(v, def int) int {
	if v > 0 {
		return v
	}
	return def
}
