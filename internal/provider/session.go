package provider

import (
	"context"
	"io"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/fleetpatch/terraform-provider-fams/internal/access"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/patch"
)

// session is one DB system, discovered, with a transport to its nodes.
type session struct {
	sys    oci.System
	engine *patch.Engine
	pool   io.Closer
}

func (s *session) Close() {
	if s != nil && s.pool != nil {
		_ = s.pool.Close()
	}
}

// open discovers the DB system sel names and prepares the engine for it.
// A nil d (the provider not configured) is an error diagnostic.
func (d *providerData) open(ctx context.Context, sel oci.Selector, override *sshModel, known []nodeModel, cfg patch.Config, diags *diag.Diagnostics) *session {
	if !requireConfigured(d, diags) {
		return nil
	}
	sys, err := d.oci.DBSystem(ctx, sel)
	if err != nil {
		diags.AddError("DB system not found", err.Error())
		return nil
	}
	return d.connect(ctx, sys, override, known, cfg, diags)
}

// connect prepares the engine for sys: the provider's SSH defaults with
// override laid over them. Host keys seen before (known) are enforced
// unless the user chose a host key policy.
func (d *providerData) connect(ctx context.Context, sys oci.System, override *sshModel, known []nodeModel, cfg patch.Config, diags *diag.Diagnostics) *session {
	ssh := override.apply(d.ssh, path.Root("ssh"), diags)
	if len(ssh.HostKeyFingerprints) == 0 && len(ssh.KnownHostsFiles) == 0 {
		for _, n := range known {
			if n.HostKeyFingerprint != "" {
				ssh.HostKeyFingerprints = append(ssh.HostKeyFingerprints, n.HostKeyFingerprint)
			}
		}
		ssh.TrustOnFirstUse = len(ssh.HostKeyFingerprints) == 0
	}
	if diags.HasError() {
		return nil
	}
	ssh, err := d.resolveKey(ctx, ssh)
	if err != nil {
		diags.AddAttributeError(path.Root("ssh"), "SSH key not read", err.Error())
		return nil
	}
	pool, err := access.Dial(ctx, ssh, d.oci, nil)
	if err != nil {
		diags.AddAttributeError(path.Root("ssh"), "SSH settings not usable", err.Error())
		return nil
	}
	cfg.RunID = "terraform"
	cfg.OnEvent = func(ev patch.Event) { logEvent(ctx, ev) }
	engine, err := patch.New(cfg, pool, ssh.Port)
	if err != nil {
		_ = pool.Close()
		diags.AddError("Invalid patch settings", err.Error())
		return nil
	}
	return &session{sys: sys, engine: engine, pool: pool}
}
