package oci

import (
	"fmt"
	"strings"
)

// DBSystemNotFoundError says that no live DB system has the display name in
// the compartment subtree searched.
type DBSystemNotFoundError struct {
	DisplayName string
	// Root is the compartment the search started from.
	Root string
	// searched holds every compartment looked in, Root first.
	searched []compartment
}

// SearchedCompartments returns the OCIDs of every compartment looked in,
// root first.
func (e *DBSystemNotFoundError) SearchedCompartments() []string {
	ids := make([]string, len(e.searched))
	for i, c := range e.searched {
		ids[i] = c.ID
	}
	return ids
}

func (e *DBSystemNotFoundError) Error() string {
	var below []compartment
	if len(e.searched) > 1 {
		below = e.searched[1:]
	}
	return fmt.Sprintf("no DB system named %q (ignoring terminated ones) in compartment %s or its %d sub-compartments%s; check the name (it is case-sensitive), the compartment, and that the caller may `read database-family` there",
		e.DisplayName, e.Root, len(below), listNames(below))
}

// AmbiguousDBSystemError says that several live DB systems share the display
// name; the user must pick one by db_system_id.
type AmbiguousDBSystemError struct {
	DisplayName string
	Matches     []System
	names       map[string]string
}

func (e *AmbiguousDBSystemError) Error() string {
	parts := make([]string, len(e.Matches))
	for i, m := range e.Matches {
		where := m.CompartmentID
		if n := e.names[m.CompartmentID]; n != "" {
			where = fmt.Sprintf("%s (%s)", n, m.CompartmentID)
		}
		parts[i] = fmt.Sprintf("%s in compartment %s, %s", m.ID, where, m.LifecycleState)
	}
	return fmt.Sprintf("%d DB systems are named %q: %s; set db_system_id to the one to patch",
		len(e.Matches), e.DisplayName, strings.Join(parts, "; "))
}

// listNames names up to a handful of compartments; past that the count in
// the message says enough.
func listNames(cs []compartment) string {
	const most = 10
	if len(cs) == 0 || len(cs) > most {
		return ""
	}
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
		if names[i] == "" {
			names[i] = c.ID
		}
	}
	return " (" + strings.Join(names, ", ") + ")"
}

func compartmentNames(cs []compartment) map[string]string {
	m := make(map[string]string, len(cs))
	for _, c := range cs {
		m[c.ID] = c.Name
	}
	return m
}
