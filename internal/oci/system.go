package oci

import (
	"net"
	"strconv"
	"strings"
)

// Storage is how a DB system stores its data, which decides how the patch
// workflow stops and checks the database stack.
type Storage string

// Storage values. The first two are the API's own spelling.
const (
	// StorageASM means Grid Infrastructure with Automatic Storage
	// Management: the stack is stopped with crsctl.
	StorageASM Storage = "ASM"
	// StorageLVM means Logical Volume Manager: the database alone is
	// stopped.
	StorageLVM Storage = "LVM"
	// StorageUnknown means the API did not say (or the system was given
	// directly); the workflow detects it on the node over SSH. Guessing
	// here would risk stopping the wrong stack.
	StorageUnknown Storage = "UNKNOWN"
)

// ParseStorage accepts asm, lvm and unknown in any case; empty is unknown.
func ParseStorage(s string) (Storage, bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "ASM":
		return StorageASM, true
	case "LVM":
		return StorageLVM, true
	case "", "UNKNOWN":
		return StorageUnknown, true
	default:
		return "", false
	}
}

// System is a DB system and its nodes, in the order the rolling patch visits
// them.
type System struct {
	// ID is the DB system OCID; empty for a system given directly.
	ID             string
	DisplayName    string
	CompartmentID  string
	Storage        Storage
	LifecycleState string
	Shape          string
	// Version is the database software version the API reports.
	Version string
	// NodeCount is what the API reports, which may differ from len(Nodes)
	// while a node is being added or removed.
	NodeCount int
	Domain    string
	Nodes     []Node
}

// Node is one DB node, with what is needed to reach it over SSH.
type Node struct {
	// ID is the DB node OCID; empty for a node given directly.
	ID       string
	Hostname string
	// PrivateIP is the address to connect to: the primary VNIC's private
	// IP, or the host part of an address given directly.
	PrivateIP string
	// Port is the SSH port given with a direct address; zero means the
	// caller's default.
	Port           int
	VnicID         string
	LifecycleState string
	// RebootRequired is the API's IsOsPatchRebootRequired: an OS update
	// was applied and waits for a reboot.
	RebootRequired bool
	FaultDomain    string
}

// Address is host:port for dialing, with defaultPort when the node carries
// no port of its own.
func (n Node) Address(defaultPort int) string {
	port := n.Port
	if port == 0 {
		port = defaultPort
	}
	if port == 0 {
		// No port anywhere: the transport's own default applies.
		return n.PrivateIP
	}
	return net.JoinHostPort(n.PrivateIP, strconv.Itoa(port))
}

// Name is how messages name the system: its display name, or its OCID
// when it has none.
func (s System) Name() string {
	if s.DisplayName != "" {
		return s.DisplayName
	}
	return s.ID
}
