package ociapi

import "time"

// The Store's records hold only what the simulator models; the handlers
// turn them into the SDK's model structs. Enumerated fields take the API's
// own values ("AVAILABLE", "ASM", "SECURITY", ...); an empty value means
// the default named on the field.

// Tenancy is the root of the compartment tree.
type Tenancy struct {
	ID            string
	Name          string
	HomeRegionKey string // IAD when empty
}

// Compartment is a compartment somewhere below the tenancy.
type Compartment struct {
	ID             string // generated when empty
	ParentID       string // the tenancy when empty
	Name           string
	Description    string
	LifecycleState string // ACTIVE when empty
	TimeCreated    time.Time
}

// DBSystem is a Base Database Service DB system.
type DBSystem struct {
	ID                 string // generated when empty
	CompartmentID      string // the tenancy when empty
	DisplayName        string
	AvailabilityDomain string
	Shape              string
	LifecycleState     string // AVAILABLE when empty
	StorageManagement  string // ASM or LVM; ASM when empty
	// NodeCount is reported as is; zero reports the number of nodes added.
	NodeCount       int
	Hostname        string
	Domain          string
	Version         string
	OSVersion       string
	DatabaseEdition string // ENTERPRISE_EDITION when empty
	CPUCoreCount    int
	TimeCreated     time.Time
}

// DBNode is a DB node (a VM) of a DB system.
type DBNode struct {
	ID             string // generated when empty
	DBSystemID     string
	Hostname       string
	VnicID         string
	FaultDomain    string
	LifecycleState string // AVAILABLE when empty
	// OSPatchRebootRequired is reported as is; nil leaves it out.
	OSPatchRebootRequired *bool
	TimeCreated           time.Time
}

// VNIC is a node's virtual network interface.
type VNIC struct {
	ID            string // generated when empty
	CompartmentID string
	DisplayName   string
	HostnameLabel string
	PrivateIP     string
	SubnetID      string
	IsPrimary     bool
	TimeCreated   time.Time
}

// ManagedInstance is an instance registered with OS Management Hub.
type ManagedInstance struct {
	ID               string // generated when empty
	CompartmentID    string // the tenancy when empty
	DisplayName      string
	GroupID          string
	GroupName        string
	Status           string // ACTIVE when empty
	OSFamily         string // ORACLE_LINUX_8 when empty
	OSName           string
	OSVersion        string
	OSKernelVersion  string
	Architecture     string // X86_64 when empty
	IsRebootRequired bool
	TimeLastBoot     time.Time
	TimeLastCheckin  time.Time
}

// Erratum is an advisory that applies to a managed instance and is not
// installed yet.
type Erratum struct {
	Name         string
	AdvisoryType string // SECURITY, BUGFIX, ENHANCEMENT or OTHER
	Synopsis     string
	RelatedCVEs  []string
	TimeIssued   time.Time
	// Packages are the full names of the packages that fix it.
	Packages []string
}

// UpdatablePackage is an installed package with a newer version available.
type UpdatablePackage struct {
	Name             string
	DisplayName      string // Name when empty
	Version          string
	InstalledVersion string
	Architecture     string // X86_64 when empty
	UpdateType       string // SECURITY, BUGFIX, ENHANCEMENT or OTHER
	AdvisorySeverity string // LOW, MODERATE, IMPORTANT, CRITICAL or empty
	Errata           []string
	RelatedCVEs      []string
}

// WorkStatus is the progress of a work request, as a progress function
// reports it.
type WorkStatus struct {
	State           string // ACCEPTED, IN_PROGRESS, SUCCEEDED or FAILED
	PercentComplete float32
	// Details explain the state; the OS patch history shows them.
	Details      string
	TimeStarted  time.Time
	TimeFinished time.Time
	// Nodes are an OS patch's results per node, when known.
	Nodes []OSPatchNodeResult
}

// OSPatchNodeResult is what an OS patch found or did on one node.
type OSPatchNodeResult struct {
	DBNodeID       string
	RebootRequired bool
	RPMs           []string
}

// Finished reports whether the work request reached a final state.
func (w WorkStatus) Finished() bool {
	return w.State == workSucceeded || w.State == workFailed
}

// WorkRequest is an asynchronous operation the simulated service runs.
type WorkRequest struct {
	ID            string
	CompartmentID string
	OperationType string
	// ResourceID and ResourceType name the resource the work acts on.
	ResourceID   string
	ResourceType string
	TimeAccepted time.Time
	Status       WorkStatus
}

// OSPatchHistoryEntry records one native OS patch of a DB system.
type OSPatchHistoryEntry struct {
	ID            string
	DBSystemID    string
	DBNodeID      string
	Action        string // PRECHECK or APPLY
	WorkRequestID string
	TimeStarted   time.Time
	Status        WorkStatus
}

// Work request states, as the Work Requests service names them.
const (
	workAccepted   = "ACCEPTED"
	workInProgress = "IN_PROGRESS"
	workSucceeded  = "SUCCEEDED"
	workFailed     = "FAILED"
)
