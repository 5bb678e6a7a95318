package ociapi

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/oracle/oci-go-sdk/v65/identity"
)

// ErrNotFound is wrapped by Store errors about a missing record.
var ErrNotFound = errors.New("not found")

// Store is the in-memory model the fake API serves. The fleet fills it;
// the API reads it and records the work it starts. A Store is safe for
// concurrent use; every getter returns a copy.
type Store struct {
	region string

	mu           sync.RWMutex
	tenancy      Tenancy
	keys         map[string]*rsa.PublicKey
	compartments table[Compartment]
	systems      table[DBSystem]
	nodes        table[DBNode]
	vnics        table[VNIC]
	secrets      map[string]*secret
	instances    table[managedInstance]
	workRequests table[workRequest]
	// patchHistory holds each DB system's OS patch entries, oldest first.
	patchHistory map[string][]*OSPatchHistoryEntry
	// retryTokens maps an opc-retry-token to the work request it started.
	retryTokens map[string]string
}

// NewStore returns an empty store for the tenancy; generated OCIDs of
// regional resources name region. A tenancy without ID gets one.
func NewStore(t Tenancy, region string) *Store {
	if t.ID == "" {
		t.ID = NewOCID("tenancy", "")
	}
	if t.HomeRegionKey == "" {
		t.HomeRegionKey = "IAD"
	}
	return &Store{
		region:       region,
		tenancy:      t,
		keys:         map[string]*rsa.PublicKey{},
		compartments: newTable[Compartment](),
		systems:      newTable[DBSystem](),
		nodes:        newTable[DBNode](),
		vnics:        newTable[VNIC](),
		secrets:      map[string]*secret{},
		instances:    newTable[managedInstance](),
		workRequests: newTable[workRequest](),
		patchHistory: map[string][]*OSPatchHistoryEntry{},
		retryTokens:  map[string]string{},
	}
}

// Tenancy returns the tenancy.
func (s *Store) Tenancy() Tenancy {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tenancy
}

// Region returns the region that generated OCIDs name.
func (s *Store) Region() string { return s.region }

// AddAPIKey registers the public half of an API signing key. keyID is what
// the SDK sends: "<tenancy OCID>/<user OCID>/<fingerprint>" (see KeyID).
func (s *Store) AddAPIKey(keyID string, pub *rsa.PublicKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[keyID] = pub
}

// apiKey returns the public key registered under keyID.
func (s *Store) apiKey(keyID string) (*rsa.PublicKey, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	k, ok := s.keys[keyID]
	return k, ok
}

// PutCompartment adds or replaces a compartment and returns it as stored.
// Its parent must be the tenancy or a compartment already stored.
func (s *Store) PutCompartment(c Compartment) (Compartment, error) {
	state, err := checkEnum("compartment lifecycle state", c.LifecycleState, string(identity.CompartmentLifecycleStateActive), identity.GetMappingCompartmentLifecycleStateEnum)
	if err != nil {
		return Compartment{}, err
	}
	c.LifecycleState = state
	if c.ID == "" {
		c.ID = NewOCID("compartment", "")
	}
	c.TimeCreated = orNow(c.TimeCreated)
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.ParentID == "" {
		c.ParentID = s.tenancy.ID
	}
	if c.ID == s.tenancy.ID {
		return Compartment{}, fmt.Errorf("compartment %s is the tenancy: the root compartment is implied", c.ID)
	}
	if !s.compartmentExistsLocked(c.ParentID) {
		return Compartment{}, fmt.Errorf("compartment %s: parent %s: %w", c.ID, c.ParentID, ErrNotFound)
	}
	s.compartments.put(c.ID, c)
	return c, nil
}

// compartmentExistsLocked reports whether id is the tenancy or a stored
// compartment. The caller holds s.mu.
func (s *Store) compartmentExistsLocked(id string) bool {
	if id == s.tenancy.ID {
		return true
	}
	_, ok := s.compartments.get(id)
	return ok
}

// compartmentOrTenancyLocked fills the tenancy's compartmentID default.
// The caller holds s.mu.
func (s *Store) compartmentOrTenancyLocked(id string) (string, error) {
	if id == "" {
		return s.tenancy.ID, nil
	}
	if !s.compartmentExistsLocked(id) {
		return "", fmt.Errorf("compartment %s: %w", id, ErrNotFound)
	}
	return id, nil
}

// descendantsLocked returns the compartments below root, breadth first.
// The caller holds s.mu.
func (s *Store) descendantsLocked(root string) []*Compartment {
	children := map[string][]*Compartment{}
	for _, c := range s.compartments.order {
		children[c.ParentID] = append(children[c.ParentID], c)
	}
	var out []*Compartment
	seen := map[string]bool{root: true}
	queue := []string{root}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, c := range children[id] {
			if seen[c.ID] {
				continue // a compartment moved under its own subtree
			}
			seen[c.ID] = true
			out = append(out, c)
			queue = append(queue, c.ID)
		}
	}
	return out
}

// subtreeLocked returns root and the OCIDs of every compartment below it.
// The caller holds s.mu.
func (s *Store) subtreeLocked(root string) map[string]bool {
	ids := map[string]bool{root: true}
	for _, c := range s.descendantsLocked(root) {
		ids[c.ID] = true
	}
	return ids
}

// checkEnum returns value normalised to the API's spelling, def when value
// is empty, or an error when the SDK does not know the value.
func checkEnum[E ~string](field, value, def string, lookup func(string) (E, bool)) (string, error) {
	if value == "" {
		return def, nil
	}
	e, ok := lookup(value)
	if !ok {
		return "", fmt.Errorf("%s %q is not a value the OCI API uses", field, value)
	}
	return string(e), nil
}

func orNow(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now().UTC().Truncate(time.Millisecond)
	}
	return t
}

// table keeps records by OCID in insertion order, so that listings are
// stable and a replaced record keeps its place.
type table[T any] struct {
	byID  map[string]*T
	order []*T
}

func newTable[T any]() table[T] { return table[T]{byID: map[string]*T{}} }

func (t *table[T]) put(id string, v T) *T {
	if p, ok := t.byID[id]; ok {
		*p = v
		return p
	}
	p := &v
	t.byID[id] = p
	t.order = append(t.order, p)
	return p
}

func (t *table[T]) get(id string) (*T, bool) {
	p, ok := t.byID[id]
	return p, ok
}
