package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/fleetpatch/terraform-provider-fams/internal/patch"
)

// ModifyPlan makes the plan a patch preview, and turns drift seen by the
// last refresh into an in-place update.
func (r *osPatchResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.AddWarning("Destroying forgets the OS patch",
			"Terraform will forget this resource; the DB nodes keep the OS updates applied (a patch cannot be undone) and nothing is run on them.")
		return
	}
	var plan, state osPatchModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	creating := req.State.Raw.IsNull()
	if !creating {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var prior []nodeModel
	if !creating {
		prior = state.nodes(ctx, &resp.Diagnostics)
		why := drift(prior)
		if plan.Option.ValueString() != string(patch.OptionUpdate) {
			why = nil
		}
		if len(why) > 0 {
			resp.Diagnostics.AddWarning("DB nodes drifted: they will be patched again",
				strings.Join(why, "\n")+"\n\nThe apply patches them one at a time; each one patched is rebooted.")
		}
		// Only a new cadence key, a new option or drift runs the
		// workflow; other settings (timeouts, SSH, hooks) are recorded
		// for the next run without touching a node.
		replacing := len(resp.RequiresReplace) > 0
		if !replacing && len(why) == 0 && plan.Triggers.Equal(state.Triggers) && plan.Option.Equal(state.Option) {
			if !req.Plan.Raw.Equal(req.State.Raw) {
				plan.Nodes, plan.Preview = state.Nodes, state.Preview
				resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
			}
			return
		}
		plan.Nodes = types.ListUnknown(nodeObjectType)
	}
	if !selectorKnown(&plan) || r.data == nil {
		plan.Preview = types.ListUnknown(types.StringType)
	} else {
		lines := r.preview(ctx, &plan, prior)
		v, d := types.ListValueFrom(ctx, types.StringType, lines)
		resp.Diagnostics.Append(d...)
		plan.Preview = v
		resp.Diagnostics.AddWarning("Patch preview", strings.Join(lines, "\n"))
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// selectorKnown reports whether the plan names its DB system with values
// known now, so that a preview can find it.
func selectorKnown(m *osPatchModel) bool {
	known := func(v types.String) bool { return !v.IsNull() && !v.IsUnknown() }
	return known(m.DBSystemID) || known(m.DisplayName) && known(m.CompartmentID)
}

// preview reads the nodes now, as the apply will visit them. It only
// reads: a node it cannot reach is listed as such, and the plan goes on.
func (r *osPatchResource) preview(ctx context.Context, m *osPatchModel, prior []nodeModel) []string {
	var diags diag.Diagnostics
	s := r.data.open(ctx, m.selector(), m.SSH, prior, patch.Config{}, &diags)
	if s == nil {
		var why []string
		for _, d := range diags.Errors() {
			why = append(why, d.Summary()+": "+d.Detail())
		}
		return []string{"preview unavailable: " + strings.Join(why, "; ")}
	}
	defer s.Close()
	states := s.engine.Inspect(ctx, s.sys, 0)
	precheck := m.Option.ValueString() == string(patch.OptionPrecheck)
	out := make([]string, 0, len(states))
	for i, st := range states {
		var line string
		switch {
		case st.Err != nil:
			line = fmt.Sprintf("%d. %s: unreachable now (%v)", i+1, st.Hostname, st.Err)
		case precheck:
			line = fmt.Sprintf("%d. %s: kernel %s; precheck only, no change, no reboot", i+1, st.Hostname, st.Kernel)
		case st.RebootRequired:
			line = fmt.Sprintf("%d. %s: kernel %s; an update is installed: will reboot to finish it", i+1, st.Hostname, st.Kernel)
		case st.UpdateAvailable:
			line = fmt.Sprintf("%d. %s: kernel %s; OS updates available: will update and reboot", i+1, st.Hostname, st.Kernel)
		default:
			line = fmt.Sprintf("%d. %s: kernel %s; up to date: nothing to install, no reboot", i+1, st.Hostname, st.Kernel)
		}
		out = append(out, line)
	}
	return out
}
