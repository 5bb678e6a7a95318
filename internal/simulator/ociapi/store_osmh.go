package ociapi

import (
	"fmt"
	"slices"

	"github.com/oracle/oci-go-sdk/v65/osmanagementhub"
)

// managedInstance is a managed instance and the content it lacks.
type managedInstance struct {
	rec      ManagedInstance
	errata   []Erratum
	packages []UpdatablePackage
}

// PutManagedInstance adds or replaces a managed instance and returns it as
// stored. Replacing keeps its errata and packages.
func (s *Store) PutManagedInstance(mi ManagedInstance) (ManagedInstance, error) {
	var err error
	if mi.Status, err = checkEnum("managed instance status", mi.Status, string(osmanagementhub.ManagedInstanceStatusNormal), osmanagementhub.GetMappingManagedInstanceStatusEnum); err != nil {
		return ManagedInstance{}, err
	}
	if mi.OSFamily, err = checkEnum("OS family", mi.OSFamily, string(osmanagementhub.OsFamilyOracleLinux8), osmanagementhub.GetMappingOsFamilyEnum); err != nil {
		return ManagedInstance{}, err
	}
	if mi.Architecture, err = checkEnum("architecture", mi.Architecture, string(osmanagementhub.ArchTypeX8664), osmanagementhub.GetMappingArchTypeEnum); err != nil {
		return ManagedInstance{}, err
	}
	if mi.ID == "" {
		mi.ID = NewOCID("instance", s.region)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if mi.CompartmentID, err = s.compartmentOrTenancyLocked(mi.CompartmentID); err != nil {
		return ManagedInstance{}, fmt.Errorf("managed instance %s: %w", mi.DisplayName, err)
	}
	entry := managedInstance{rec: mi}
	if old, ok := s.instances.get(mi.ID); ok {
		entry.errata, entry.packages = old.errata, old.packages
	}
	s.instances.put(mi.ID, entry)
	return mi, nil
}

// SetErrata replaces the errata a managed instance lacks.
func (s *Store) SetErrata(instanceID string, errata []Erratum) error {
	for _, e := range errata {
		if _, err := checkEnum("advisory type of "+e.Name, e.AdvisoryType, "", osmanagementhub.GetMappingClassificationTypesEnum); err != nil {
			return err
		}
	}
	return s.updateInstance(instanceID, func(mi *managedInstance) { mi.errata = slices.Clone(errata) })
}

// SetUpdatablePackages replaces the packages a managed instance can update.
func (s *Store) SetUpdatablePackages(instanceID string, packages []UpdatablePackage) error {
	for _, p := range packages {
		if _, err := checkEnum("update type of "+p.Name, p.UpdateType, "", osmanagementhub.GetMappingClassificationTypesEnum); err != nil {
			return err
		}
		if _, err := checkEnum("advisory severity of "+p.Name, p.AdvisorySeverity, "", osmanagementhub.GetMappingAdvisorySeverityEnum); err != nil {
			return err
		}
	}
	return s.updateInstance(instanceID, func(mi *managedInstance) { mi.packages = slices.Clone(packages) })
}

func (s *Store) updateInstance(id string, change func(*managedInstance)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	mi, ok := s.instances.get(id)
	if !ok {
		return fmt.Errorf("managed instance %s: %w", id, ErrNotFound)
	}
	change(mi)
	return nil
}

// managedInstance returns a copy of a managed instance and its content.
func (s *Store) managedInstance(id string) (managedInstance, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	mi, ok := s.instances.get(id)
	if !ok {
		return managedInstance{}, false
	}
	return *mi, true
}

// listManagedInstances returns the managed instances keep passes; when
// compartments is not nil, only those in one of them.
func (s *Store) listManagedInstances(compartments map[string]bool, keep func(*managedInstance) bool) []managedInstance {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []managedInstance
	for _, mi := range s.instances.order {
		if compartments != nil && !compartments[mi.rec.CompartmentID] {
			continue
		}
		if keep(mi) {
			out = append(out, *mi)
		}
	}
	return out
}
