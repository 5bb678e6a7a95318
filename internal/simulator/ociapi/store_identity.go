package ociapi

import "fmt"

// Compartment returns a stored compartment. The tenancy's OCID returns the
// root compartment, as the Identity service does.
func (s *Store) Compartment(id string) (Compartment, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if id == s.tenancy.ID {
		return Compartment{ID: id, ParentID: id, Name: s.tenancy.Name, Description: "root compartment", LifecycleState: "ACTIVE"}, true
	}
	p, ok := s.compartments.get(id)
	if !ok {
		return Compartment{}, false
	}
	return *p, true
}

// compartmentsUnder returns the compartments directly below parentID, or
// with subtree every compartment below it.
func (s *Store) compartmentsUnder(parentID string, subtree bool) ([]Compartment, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !s.compartmentExistsLocked(parentID) {
		return nil, fmt.Errorf("compartment %s: %w", parentID, ErrNotFound)
	}
	var out []Compartment
	if subtree {
		for _, c := range s.descendantsLocked(parentID) {
			out = append(out, *c)
		}
		return out, nil
	}
	for _, c := range s.compartments.order {
		if c.ParentID == parentID {
			out = append(out, *c)
		}
	}
	return out, nil
}

// subtree returns root and every compartment below it.
func (s *Store) subtree(root string) (map[string]bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if !s.compartmentExistsLocked(root) {
		return nil, fmt.Errorf("compartment %s: %w", root, ErrNotFound)
	}
	return s.subtreeLocked(root), nil
}
