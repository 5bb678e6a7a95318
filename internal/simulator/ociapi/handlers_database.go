package ociapi

import (
	"strings"

	"github.com/oracle/oci-go-sdk/v65/common"
	"github.com/oracle/oci-go-sdk/v65/database"
)

func (s *Server) listDbSystems(c *call) error {
	compartmentID, err := c.requiredParam("compartmentId")
	if err != nil {
		return err
	}
	state, err := enumParam(c, "lifecycleState", database.GetMappingDbSystemSummaryLifecycleStateEnum)
	if err != nil {
		return err
	}
	name, ad := c.param("displayName"), c.param("availabilityDomain")
	systems, err := s.store.listDBSystems(compartmentID, func(sys *DBSystem) bool {
		// OCI matches the display name whole but ignoring case.
		return (name == "" || strings.EqualFold(sys.DisplayName, name)) &&
			(state == "" || sys.LifecycleState == state) &&
			(ad == "" || sys.AvailabilityDomain == ad)
	})
	if err != nil {
		return err
	}
	err = sortItems(c, systems, sortKeys[DBSystem]{
		"TIMECREATED": {func(a, b DBSystem) int { return byTime(a.TimeCreated, b.TimeCreated) }, true},
		"DISPLAYNAME": {func(a, b DBSystem) int { return byName(a.DisplayName, b.DisplayName) }, false},
	})
	if err != nil {
		return err
	}
	page, err := paginate(c, systems)
	if err != nil {
		return err
	}
	counts := s.store.nodeCounts()
	out := make([]database.DbSystemSummary, len(page))
	for i, sys := range page {
		out[i] = dbSystemSummary(sys, counts)
	}
	return c.reply(out)
}

func (s *Server) getDbSystem(c *call) error {
	sys, ok := s.store.DBSystem(c.r.PathValue("dbSystemId"))
	if !ok {
		return errNotFound()
	}
	return c.reply(dbSystemDetails(sys, s.store.nodeCounts()))
}

func (s *Server) listDbNodes(c *call) error {
	compartmentID, err := c.requiredParam("compartmentId")
	if err != nil {
		return err
	}
	state, err := enumParam(c, "lifecycleState", database.GetMappingDbNodeSummaryLifecycleStateEnum)
	if err != nil {
		return err
	}
	systemID := c.param("dbSystemId")
	nodes, err := s.store.listDBNodes(compartmentID, func(n *DBNode) bool {
		return systemID == "" || n.DBSystemID == systemID
	})
	if err != nil {
		return err
	}
	// Live fields come from the simulated nodes, so the state filter runs
	// after they are refreshed.
	refresh := s.currentHooks().RefreshNode
	kept := nodes[:0]
	for _, n := range nodes {
		if refresh != nil {
			refresh(&n)
		}
		if state == "" || n.LifecycleState == state {
			kept = append(kept, n)
		}
	}
	err = sortItems(c, kept, sortKeys[DBNode]{
		"TIMECREATED": {func(a, b DBNode) int { return byTime(a.TimeCreated, b.TimeCreated) }, true},
	})
	if err != nil {
		return err
	}
	page, err := paginate(c, kept)
	if err != nil {
		return err
	}
	out := make([]database.DbNodeSummary, len(page))
	for i, n := range page {
		out[i] = dbNodeSummary(n)
	}
	return c.reply(out)
}

func (s *Server) getDbNode(c *call) error {
	n, ok := s.liveNode(c.r.PathValue("dbNodeId"))
	if !ok {
		return errNotFound()
	}
	return c.reply(dbNodeDetails(n))
}

// liveNode returns a stored node with its live fields refreshed.
func (s *Server) liveNode(id string) (DBNode, bool) {
	n, ok := s.store.DBNode(id)
	if !ok {
		return DBNode{}, false
	}
	if refresh := s.currentHooks().RefreshNode; refresh != nil {
		refresh(&n)
	}
	return n, true
}

// nodeActionStates is the state a node is left in by each action.
// SOFTSTOP is in the API but not in every SDK's enum, so it is listed here
// rather than looked up.
var nodeActionStates = map[string]string{
	"STOP":       string(database.DbNodeLifecycleStateStopped),
	"SOFTSTOP":   string(database.DbNodeLifecycleStateStopped),
	"FORCESTOP":  string(database.DbNodeLifecycleStateStopped),
	"START":      string(database.DbNodeLifecycleStateAvailable),
	"SOFTRESET":  string(database.DbNodeLifecycleStateAvailable),
	"RESET":      string(database.DbNodeLifecycleStateAvailable),
	"FORCERESET": string(database.DbNodeLifecycleStateAvailable),
}

func (s *Server) dbNodeAction(c *call) error {
	id := c.r.PathValue("dbNodeId")
	n, ok := s.store.DBNode(id)
	if !ok {
		return errNotFound()
	}
	action, err := c.requiredParam("action")
	if err != nil {
		return err
	}
	action = strings.ToUpper(action)
	after, ok := nodeActionStates[action]
	if !ok {
		return errInvalidParameter("Invalid action: " + action + ".")
	}
	if hook := s.currentHooks().NodeAction; hook != nil {
		if err := hook(c.r.Context(), n, action); err != nil {
			return errConflict("DB node " + id + " cannot " + action + ": " + err.Error())
		}
	}
	if err := s.store.UpdateDBNode(id, func(n *DBNode) { n.LifecycleState = after }); err != nil {
		return err
	}
	n, ok = s.liveNode(id)
	if !ok {
		return errNotFound()
	}
	return c.reply(dbNodeDetails(n))
}

func dbSystemSummary(sys DBSystem, nodeCounts map[string]int) database.DbSystemSummary {
	return database.DbSystemSummary{
		Id:                 &sys.ID,
		CompartmentId:      &sys.CompartmentID,
		DisplayName:        &sys.DisplayName,
		AvailabilityDomain: &sys.AvailabilityDomain,
		Shape:              &sys.Shape,
		SshPublicKeys:      []string{},
		Hostname:           &sys.Hostname,
		Domain:             &sys.Domain,
		DatabaseEdition:    database.DbSystemSummaryDatabaseEditionEnum(sys.DatabaseEdition),
		LifecycleState:     database.DbSystemSummaryLifecycleStateEnum(sys.LifecycleState),
		DbSystemOptions:    &database.DbSystemOptions{StorageManagement: database.DbSystemOptionsStorageManagementEnum(sys.StorageManagement)},
		Version:            optString(sys.Version),
		OsVersion:          optString(sys.OSVersion),
		CpuCoreCount:       common.Int(sys.CPUCoreCount),
		NodeCount:          common.Int(nodeCount(sys, nodeCounts)),
		TimeCreated:        sdkTime(sys.TimeCreated),
	}
}

func dbSystemDetails(sys DBSystem, nodeCounts map[string]int) database.DbSystem {
	return database.DbSystem{
		Id:                 &sys.ID,
		CompartmentId:      &sys.CompartmentID,
		DisplayName:        &sys.DisplayName,
		AvailabilityDomain: &sys.AvailabilityDomain,
		Shape:              &sys.Shape,
		SshPublicKeys:      []string{},
		Hostname:           &sys.Hostname,
		Domain:             &sys.Domain,
		DatabaseEdition:    database.DbSystemDatabaseEditionEnum(sys.DatabaseEdition),
		LifecycleState:     database.DbSystemLifecycleStateEnum(sys.LifecycleState),
		DbSystemOptions:    &database.DbSystemOptions{StorageManagement: database.DbSystemOptionsStorageManagementEnum(sys.StorageManagement)},
		Version:            optString(sys.Version),
		OsVersion:          optString(sys.OSVersion),
		CpuCoreCount:       common.Int(sys.CPUCoreCount),
		NodeCount:          common.Int(nodeCount(sys, nodeCounts)),
		TimeCreated:        sdkTime(sys.TimeCreated),
	}
}

func nodeCount(sys DBSystem, counts map[string]int) int {
	if sys.NodeCount > 0 {
		return sys.NodeCount
	}
	return counts[sys.ID]
}

func dbNodeSummary(n DBNode) database.DbNodeSummary {
	return database.DbNodeSummary{
		Id:                      &n.ID,
		DbSystemId:              &n.DBSystemID,
		VnicId:                  &n.VnicID,
		LifecycleState:          database.DbNodeSummaryLifecycleStateEnum(n.LifecycleState),
		TimeCreated:             sdkTime(n.TimeCreated),
		Hostname:                optString(n.Hostname),
		FaultDomain:             optString(n.FaultDomain),
		IsOsPatchRebootRequired: n.OSPatchRebootRequired,
	}
}

func dbNodeDetails(n DBNode) database.DbNode {
	return database.DbNode{
		Id:                      &n.ID,
		DbSystemId:              &n.DBSystemID,
		VnicId:                  &n.VnicID,
		LifecycleState:          database.DbNodeLifecycleStateEnum(n.LifecycleState),
		TimeCreated:             sdkTime(n.TimeCreated),
		Hostname:                optString(n.Hostname),
		FaultDomain:             optString(n.FaultDomain),
		IsOsPatchRebootRequired: n.OSPatchRebootRequired,
	}
}
