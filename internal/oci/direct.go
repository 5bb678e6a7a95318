package oci

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// DirectSystem builds a System from node addresses without calling OCI: for
// hosts outside OCI, tests, or callers that already know their nodes. Each
// address is a host or host:port ([v6]:port for IPv6). The nodes keep the
// order given, which is the rolling order: the caller chose it. storage may
// be StorageUnknown, to be detected on the nodes.
func DirectSystem(name string, addresses []string, storage Storage) (System, error) {
	if len(addresses) == 0 {
		return System{}, errors.New("no node addresses given; list at least one host or host:port")
	}
	if _, ok := ParseStorage(string(storage)); !ok {
		return System{}, fmt.Errorf("storage %q is not one of ASM, LVM or UNKNOWN", storage)
	}
	seen := make(map[string]bool, len(addresses))
	nodes := make([]Node, 0, len(addresses))
	var problems []error
	for i, addr := range addresses {
		node, err := directNode(addr)
		if err != nil {
			problems = append(problems, fmt.Errorf("node address %d: %w", i+1, err))
			continue
		}
		key := node.Address(0)
		if seen[key] {
			problems = append(problems, fmt.Errorf("node address %d: %q is listed twice; patching a node twice in one run would reboot it twice", i+1, addr))
			continue
		}
		seen[key] = true
		nodes = append(nodes, node)
	}
	if err := errors.Join(problems...); err != nil {
		return System{}, err
	}
	if name == "" {
		name = nodes[0].Hostname
	}
	s, _ := ParseStorage(string(storage))
	return System{
		DisplayName:    name,
		Storage:        s,
		LifecycleState: "UNKNOWN",
		NodeCount:      len(nodes),
		Nodes:          nodes,
	}, nil
}

func directNode(addr string) (Node, error) {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return Node{}, errors.New("empty address")
	}
	host, port := addr, 0
	if h, p, err := net.SplitHostPort(addr); err == nil {
		n, convErr := strconv.Atoi(p)
		if convErr != nil || n < 1 || n > 65535 {
			return Node{}, fmt.Errorf("%q has port %q; a port is a number from 1 to 65535", addr, p)
		}
		host, port = h, n
	} else if strings.Count(addr, ":") == 1 || strings.HasPrefix(addr, "[") {
		// One colon means host:port was meant; more is a bare IPv6 address.
		return Node{}, fmt.Errorf("%q is not host or host:port: %w", addr, err)
	}
	if host == "" || strings.ContainsAny(host, " \t/") {
		return Node{}, fmt.Errorf("%q has no usable host name", addr)
	}
	return Node{Hostname: addr, PrivateIP: host, Port: port, LifecycleState: "UNKNOWN"}, nil
}
