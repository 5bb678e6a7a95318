package oci

import (
	"errors"
	"fmt"
	"strings"
)

// Selector names the DB system to patch: either ID, or DisplayName searched
// in CompartmentID and every compartment below it. The error messages name
// the fields as the Terraform resource does.
type Selector struct {
	ID            string
	CompartmentID string
	DisplayName   string
}

// Validate checks the selector's shape before any call is made.
func (s Selector) Validate() error {
	byID := strings.TrimSpace(s.ID) != ""
	byName := strings.TrimSpace(s.DisplayName) != "" || strings.TrimSpace(s.CompartmentID) != ""
	switch {
	case byID && byName:
		return errors.New("set either db_system_id, or display_name with compartment_id, not both")
	case byID:
		return checkOCID("db_system_id", s.ID, prefixDBSystem)
	case !byName:
		return errors.New("no DB system selected: set db_system_id, or display_name with compartment_id")
	}
	var problems []error
	if strings.TrimSpace(s.DisplayName) == "" {
		problems = append(problems, errors.New("display_name is empty; it is needed to search compartment_id for the DB system"))
	}
	if err := checkOCID("compartment_id", s.CompartmentID, prefixCompartment, prefixTenancy); err != nil {
		problems = append(problems, err)
	}
	return errors.Join(problems...)
}

// String describes the selector for messages.
func (s Selector) String() string {
	if s.ID != "" {
		return s.ID
	}
	return fmt.Sprintf("%q in %s and its sub-compartments", s.DisplayName, s.CompartmentID)
}
