package ociapi

import (
	"fmt"

	"github.com/oracle/oci-go-sdk/v65/database"
)

// PutDBSystem adds or replaces a DB system and returns it as stored. Its
// compartment must exist.
func (s *Store) PutDBSystem(sys DBSystem) (DBSystem, error) {
	var err error
	if sys.LifecycleState, err = checkEnum("DB system lifecycle state", sys.LifecycleState, string(database.DbSystemSummaryLifecycleStateAvailable), database.GetMappingDbSystemSummaryLifecycleStateEnum); err != nil {
		return DBSystem{}, err
	}
	if sys.StorageManagement, err = checkEnum("storage management", sys.StorageManagement, string(database.DbSystemOptionsStorageManagementAsm), database.GetMappingDbSystemOptionsStorageManagementEnum); err != nil {
		return DBSystem{}, err
	}
	if sys.DatabaseEdition, err = checkEnum("database edition", sys.DatabaseEdition, string(database.DbSystemSummaryDatabaseEditionEnterpriseEdition), database.GetMappingDbSystemSummaryDatabaseEditionEnum); err != nil {
		return DBSystem{}, err
	}
	if sys.ID == "" {
		sys.ID = NewOCID("dbsystem", s.region)
	}
	sys.TimeCreated = orNow(sys.TimeCreated)
	s.mu.Lock()
	defer s.mu.Unlock()
	if sys.CompartmentID, err = s.compartmentOrTenancyLocked(sys.CompartmentID); err != nil {
		return DBSystem{}, fmt.Errorf("DB system %s: %w", sys.DisplayName, err)
	}
	s.systems.put(sys.ID, sys)
	return sys, nil
}

// DBSystem returns a stored DB system.
func (s *Store) DBSystem(id string) (DBSystem, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.systems.get(id)
	if !ok {
		return DBSystem{}, false
	}
	return *p, true
}

// PutDBNode adds or replaces a DB node and returns it as stored. Its DB
// system must exist.
func (s *Store) PutDBNode(n DBNode) (DBNode, error) {
	var err error
	if n.LifecycleState, err = checkEnum("DB node lifecycle state", n.LifecycleState, string(database.DbNodeSummaryLifecycleStateAvailable), database.GetMappingDbNodeSummaryLifecycleStateEnum); err != nil {
		return DBNode{}, err
	}
	if n.ID == "" {
		n.ID = NewOCID("dbnode", s.region)
	}
	n.TimeCreated = orNow(n.TimeCreated)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.systems.get(n.DBSystemID); !ok {
		return DBNode{}, fmt.Errorf("DB node %s: DB system %s: %w", n.Hostname, n.DBSystemID, ErrNotFound)
	}
	s.nodes.put(n.ID, n)
	return n, nil
}

// DBNode returns a stored DB node, without live fields.
func (s *Store) DBNode(id string) (DBNode, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.nodes.get(id)
	if !ok {
		return DBNode{}, false
	}
	return *p, true
}

// UpdateDBNode changes a stored DB node in place. change must not call the
// Store.
func (s *Store) UpdateDBNode(id string, change func(*DBNode)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.nodes.get(id)
	if !ok {
		return fmt.Errorf("DB node %s: %w", id, ErrNotFound)
	}
	n := *p
	change(&n)
	n.ID = p.ID // the key cannot change
	var err error
	if n.LifecycleState, err = checkEnum("DB node lifecycle state", n.LifecycleState, string(database.DbNodeSummaryLifecycleStateAvailable), database.GetMappingDbNodeSummaryLifecycleStateEnum); err != nil {
		return err
	}
	*p = n
	return nil
}

// DBNodes returns the nodes of a DB system in the order they were added.
func (s *Store) DBNodes(systemID string) []DBNode {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []DBNode
	for _, n := range s.nodes.order {
		if n.DBSystemID == systemID {
			out = append(out, *n)
		}
	}
	return out
}

// listDBSystems returns the systems of one compartment that keep passes.
func (s *Store) listDBSystems(compartmentID string, keep func(*DBSystem) bool) ([]DBSystem, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !s.compartmentExistsLocked(compartmentID) {
		return nil, fmt.Errorf("compartment %s: %w", compartmentID, ErrNotFound)
	}
	var out []DBSystem
	for _, sys := range s.systems.order {
		if sys.CompartmentID == compartmentID && keep(sys) {
			out = append(out, *sys)
		}
	}
	return out, nil
}

// listDBNodes returns the nodes of the systems in one compartment that
// keep passes.
func (s *Store) listDBNodes(compartmentID string, keep func(*DBNode) bool) ([]DBNode, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !s.compartmentExistsLocked(compartmentID) {
		return nil, fmt.Errorf("compartment %s: %w", compartmentID, ErrNotFound)
	}
	var out []DBNode
	for _, n := range s.nodes.order {
		sys, ok := s.systems.get(n.DBSystemID)
		if ok && sys.CompartmentID == compartmentID && keep(n) {
			out = append(out, *n)
		}
	}
	return out, nil
}

// nodeCounts returns the number of stored nodes of each DB system.
func (s *Store) nodeCounts() map[string]int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	counts := make(map[string]int, len(s.systems.order))
	for _, n := range s.nodes.order {
		counts[n.DBSystemID]++
	}
	return counts
}

// PutVNIC adds or replaces a VNIC and returns it as stored.
func (s *Store) PutVNIC(v VNIC) (VNIC, error) {
	if v.ID == "" {
		v.ID = NewOCID("vnic", s.region)
	}
	v.TimeCreated = orNow(v.TimeCreated)
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if v.CompartmentID, err = s.compartmentOrTenancyLocked(v.CompartmentID); err != nil {
		return VNIC{}, fmt.Errorf("VNIC %s: %w", v.ID, err)
	}
	s.vnics.put(v.ID, v)
	return v, nil
}

// VNIC returns a stored VNIC.
func (s *Store) VNIC(id string) (VNIC, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.vnics.get(id)
	if !ok {
		return VNIC{}, false
	}
	return *p, true
}
