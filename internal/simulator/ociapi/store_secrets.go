package ociapi

import (
	"errors"
	"slices"
	"time"
)

// secret keeps every version of a Vault secret, oldest first.
type secret struct {
	versions []secretVersion
}

type secretVersion struct {
	number  int64
	content []byte
	created time.Time
}

// PutSecret stores content as the new current version of a secret and
// returns its version number (1 for a new secret).
func (s *Store) PutSecret(id string, content []byte) (int64, error) {
	if id == "" {
		return 0, errors.New("a secret needs an OCID: use NewOCID(\"vaultsecret\", region)")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sec, ok := s.secrets[id]
	if !ok {
		sec = &secret{}
		s.secrets[id] = sec
	}
	v := secretVersion{number: int64(len(sec.versions) + 1), content: slices.Clone(content), created: orNow(time.Time{})}
	sec.versions = append(sec.versions, v)
	return v.number, nil
}

// secretVersion returns one version of a secret: number 0 is the current
// one, -1 the previous one.
func (s *Store) secretVersion(id string, number int64) (secretVersion, int64, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	sec, ok := s.secrets[id]
	if !ok || len(sec.versions) == 0 {
		return secretVersion{}, 0, false
	}
	current := int64(len(sec.versions))
	switch {
	case number == 0:
		number = current
	case number < 0:
		number = current + number
	}
	if number < 1 || number > current {
		return secretVersion{}, current, false
	}
	return sec.versions[number-1], current, true
}
