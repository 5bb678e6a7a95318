package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/fleetpatch/terraform-provider-fams/internal/access"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/remote"
)

// target is what a command works on: the DB systems, found before any
// node is touched, and the SSH transport to reach them.
type target struct {
	systems []oci.System
	pool    *remote.Pool
	port    int
}

func (t *target) Close() error {
	if t.pool == nil {
		return nil
	}
	return t.pool.Close()
}

// resolve checks the selection and SSH settings, discovers every DB
// system and prepares the transport. All problems of the input are
// usageErrors; OCI and Vault failures are not.
func resolve(ctx context.Context, sel *selectFlags, of *ociFlags, sf *sshFlags) (*target, error) {
	var problems []error
	if err := sel.validate(); err != nil {
		problems = append(problems, err)
	}
	sshSettings, err := sf.settings()
	if err != nil {
		problems = append(problems, err)
	}
	needAPI := !sel.direct() || sshSettings.PrivateKeySecretID != ""
	var ociCfg oci.Config
	if needAPI {
		if ociCfg, err = of.config(); err != nil {
			problems = append(problems, err)
		}
	}
	if err := errors.Join(problems...); err != nil {
		return nil, usageError{err}
	}
	var api *oci.Client
	if needAPI {
		if api, err = oci.NewClient(ociCfg); err != nil {
			return nil, usageError{err}
		}
	}
	systems, err := discover(ctx, sel, api)
	if err != nil {
		return nil, err
	}
	pool, err := access.Dial(ctx, sshSettings, api, nil)
	if err != nil {
		return nil, err
	}
	return &target{systems: systems, pool: pool, port: sshSettings.Port}, nil
}

// discover finds every selected DB system, reporting every failure
// together so that one run shows all the names to fix. A system selected
// twice (by name and by OCID) is kept once: patching it twice at once
// would race two runs on the same nodes.
func discover(ctx context.Context, sel *selectFlags, api *oci.Client) ([]oci.System, error) {
	if sel.direct() {
		storage, _ := directStorage(sel.storage)
		sys, err := oci.DirectSystem("", sel.hosts, storage)
		if err != nil {
			return nil, usageError{fmt.Errorf("--host: %w", err)}
		}
		return []oci.System{sys}, nil
	}
	var (
		systems  []oci.System
		problems []error
		bad      = true
	)
	seen := map[string]bool{}
	add := func(s oci.System) {
		if !seen[s.ID] {
			seen[s.ID] = true
			systems = append(systems, s)
		}
	}
	note := func(err error) {
		problems = append(problems, err)
		var nf *oci.DBSystemNotFoundError
		var amb *oci.AmbiguousDBSystemError
		if !errors.As(err, &nf) && !errors.As(err, &amb) {
			bad = false
		}
	}
	for _, id := range sel.ids {
		s, err := api.DBSystem(ctx, oci.Selector{ID: id})
		if err != nil {
			note(fmt.Errorf("--db-system-id %s: %w", id, err))
			continue
		}
		add(s)
	}
	for _, name := range sel.displayNames {
		s, err := api.DBSystem(ctx, oci.Selector{CompartmentID: sel.compartmentID, DisplayName: name})
		if err != nil {
			note(fmt.Errorf("--display-name %q: %w", name, err))
			continue
		}
		add(s)
	}
	if sel.all {
		all, err := api.DBSystems(ctx, sel.compartmentID)
		if err != nil {
			note(fmt.Errorf("--all: %w", err))
		}
		for _, s := range all {
			add(s)
		}
	}
	if err := errors.Join(problems...); err != nil {
		// A name that matches no system, or several, is the caller's to
		// fix; an API failure is not.
		if bad {
			return nil, usageError{err}
		}
		return nil, err
	}
	return systems, nil
}
