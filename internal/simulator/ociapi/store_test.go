package ociapi

import (
	"errors"
	"testing"
)

func TestStoreRefusesBadRecords(t *testing.T) {
	t.Parallel()
	s := NewStore(Tenancy{}, testRegion)
	sys, err := s.PutDBSystem(DBSystem{DisplayName: "ok"})
	if err != nil {
		t.Fatal(err)
	}
	if sys.CompartmentID != s.Tenancy().ID || sys.StorageManagement != "ASM" || sys.LifecycleState != "AVAILABLE" {
		t.Errorf("defaults not applied: %+v", sys)
	}
	tests := []struct {
		name     string
		put      func(t *testing.T) error
		notFound bool
	}{
		{"compartment under an unknown parent", func(*testing.T) error {
			_, err := s.PutCompartment(Compartment{Name: "x", ParentID: "ocid1.compartment.oc1..nope"})
			return err
		}, true},
		{"DB system in an unknown compartment", func(*testing.T) error {
			_, err := s.PutDBSystem(DBSystem{CompartmentID: "ocid1.compartment.oc1..nope"})
			return err
		}, true},
		{"DB node of an unknown system", func(*testing.T) error {
			_, err := s.PutDBNode(DBNode{DBSystemID: "ocid1.dbsystem.oc1.iad.nope"})
			return err
		}, true},
		{"unknown storage management", func(*testing.T) error {
			_, err := s.PutDBSystem(DBSystem{StorageManagement: "ZFS"})
			return err
		}, false},
		{"unknown node state", func(*testing.T) error {
			_, err := s.PutDBNode(DBNode{DBSystemID: sys.ID, LifecycleState: "NAPPING"})
			return err
		}, false},
		{"unknown advisory type", func(t *testing.T) error {
			mi, err := s.PutManagedInstance(ManagedInstance{DisplayName: "m"})
			if err != nil {
				t.Fatal(err)
			}
			return s.SetErrata(mi.ID, []Erratum{{Name: "E", AdvisoryType: "URGENT"}})
		}, false},
		{"errata of an unknown instance", func(*testing.T) error {
			return s.SetErrata("ocid1.instance.oc1.iad.nope", nil)
		}, true},
		{"secret without an OCID", func(*testing.T) error {
			_, err := s.PutSecret("", []byte("x"))
			return err
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.put(t)
			if err == nil {
				t.Fatal("accepted")
			}
			if errors.Is(err, ErrNotFound) != tt.notFound {
				t.Errorf("error %q: wraps ErrNotFound = %v, want %v", err, !tt.notFound, tt.notFound)
			}
		})
	}
}
