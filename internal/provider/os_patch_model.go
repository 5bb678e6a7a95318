package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/patch"
)

type osPatchModel struct {
	ID                  types.String       `tfsdk:"id"`
	DBSystemID          types.String       `tfsdk:"db_system_id"`
	CompartmentID       types.String       `tfsdk:"compartment_id"`
	DisplayName         types.String       `tfsdk:"db_system_display_name"`
	Option              types.String       `tfsdk:"option"`
	Triggers            types.Map          `tfsdk:"triggers"`
	SSH                 *sshModel          `tfsdk:"ssh"`
	JobTimeout          types.String       `tfsdk:"job_timeout"`
	RebootTimeout       types.String       `tfsdk:"reboot_timeout"`
	PollIntervalMax     types.String       `tfsdk:"poll_interval_max"`
	KernelPolicy        *kernelPolicyModel `tfsdk:"kernel_policy"`
	Commands            map[string]string  `tfsdk:"commands"`
	PreUpdateCommands   []string           `tfsdk:"pre_update_commands"`
	PostRebootCommands  []string           `tfsdk:"post_reboot_commands"`
	BreakStaleLockAfter types.String       `tfsdk:"break_stale_lock_after"`
	Timeouts            timeouts.Value     `tfsdk:"timeouts"`
	Nodes               types.List         `tfsdk:"nodes"`
	Preview             types.List         `tfsdk:"preview"`
}

type kernelPolicyModel struct {
	EndOfLifeSeries []string     `tfsdk:"end_of_life_series"`
	Action          types.String `tfsdk:"action"`
}

// nodeModel is one node in state: what the last run did and what the
// last refresh saw.
type nodeModel struct {
	Hostname           string `tfsdk:"hostname"`
	PrivateIP          string `tfsdk:"private_ip"`
	KernelVersion      string `tfsdk:"kernel_version"`
	BootID             string `tfsdk:"boot_id"`
	LastJobID          string `tfsdk:"last_job_id"`
	LastJobStatus      string `tfsdk:"last_job_status"`
	RebootRequired     bool   `tfsdk:"reboot_required"`
	UpdateAvailable    bool   `tfsdk:"update_available"`
	HostKeyFingerprint string `tfsdk:"host_key_fingerprint"`
	PatchedKernel      string `tfsdk:"patched_kernel"`
	Phase              string `tfsdk:"phase"`
	Outcome            string `tfsdk:"outcome"`
	Reachable          bool   `tfsdk:"reachable"`
}

var nodeAttrTypes = map[string]attr.Type{
	"hostname": types.StringType, "private_ip": types.StringType, "kernel_version": types.StringType,
	"boot_id": types.StringType, "last_job_id": types.StringType, "last_job_status": types.StringType,
	"reboot_required": types.BoolType, "update_available": types.BoolType, "host_key_fingerprint": types.StringType,
	"patched_kernel": types.StringType, "phase": types.StringType, "outcome": types.StringType, "reachable": types.BoolType,
}

var nodeObjectType = types.ObjectType{AttrTypes: nodeAttrTypes}

func (m *osPatchModel) nodes(ctx context.Context, diags *diag.Diagnostics) []nodeModel {
	var out []nodeModel
	if m.Nodes.IsNull() || m.Nodes.IsUnknown() {
		return nil
	}
	diags.Append(m.Nodes.ElementsAs(ctx, &out, false)...)
	return out
}

func (m *osPatchModel) setNodes(ctx context.Context, nodes []nodeModel, diags *diag.Diagnostics) {
	v, d := types.ListValueFrom(ctx, nodeObjectType, nodes)
	diags.Append(d...)
	m.Nodes = v
}

func (m *osPatchModel) selector() oci.Selector {
	id := m.DBSystemID.ValueString()
	if id == "" {
		id = m.ID.ValueString() // imported, or found by name before
	}
	if id != "" {
		return oci.Selector{ID: id}
	}
	return oci.Selector{CompartmentID: m.CompartmentID.ValueString(), DisplayName: m.DisplayName.ValueString()}
}

// engineConfig turns the resource's settings into the engine's.
func (m *osPatchModel) engineConfig(diags *diag.Diagnostics) patch.Config {
	cfg := patch.Config{
		Option:             patch.Option(m.Option.ValueString()),
		JobTimeout:         parseDuration(m.JobTimeout),
		RebootTimeout:      parseDuration(m.RebootTimeout),
		PollMax:            parseDuration(m.PollIntervalMax),
		BreakLockOlderThan: parseDuration(m.BreakStaleLockAfter),
		Owner:              "terraform fams_dbnode_os_patch",
	}
	if m.KernelPolicy != nil {
		cfg.Kernel = patch.KernelPolicy{EndOfLifeSeries: m.KernelPolicy.EndOfLifeSeries, Action: patch.KernelAction(m.KernelPolicy.Action.ValueString())}
	}
	overrides := map[dbnode.Step]dbnode.Override{}
	for step, line := range m.Commands {
		overrides[dbnode.Step(step)] = dbnode.Override{Line: line}
	}
	cmds, err := dbnode.NewCommands(overrides)
	if err != nil {
		diags.AddAttributeError(path.Root("commands"), "Invalid command override", err.Error()+
			fmt.Sprintf(". Known steps: %v.", dbnode.Steps()))
	}
	cfg.Commands = cmds
	for _, line := range m.PreUpdateCommands {
		cfg.Hooks.PreUpdate = append(cfg.Hooks.PreUpdate, dbnode.Command{Line: line})
	}
	for _, line := range m.PostRebootCommands {
		cfg.Hooks.PostReboot = append(cfg.Hooks.PostReboot, dbnode.Command{Line: line})
	}
	if err := cfg.Validate(); err != nil {
		diags.AddError("Invalid patch settings", err.Error())
	}
	return cfg
}

// drift says, per node, why the node needs patching again; empty when
// it does not. Only update resources drift: a precheck changes nothing.
func drift(nodes []nodeModel) []string {
	var why []string
	for _, n := range nodes {
		if !n.Reachable {
			continue // a refresh could not see it: no evidence either way
		}
		switch {
		case n.PatchedKernel != "" && n.KernelVersion != n.PatchedKernel:
			why = append(why, fmt.Sprintf("%s runs kernel %s, not %s it was patched to", n.Hostname, n.KernelVersion, n.PatchedKernel))
		case n.RebootRequired:
			why = append(why, fmt.Sprintf("%s has an OS update installed that waits for a reboot", n.Hostname))
		case n.LastJobStatus != "" && !slices.Contains([]string{string(dbnode.JobSuccess), string(dbnode.JobSuccessWithWarning)}, n.LastJobStatus):
			why = append(why, fmt.Sprintf("%s's last OS update job %s is %s", n.Hostname, n.LastJobID, n.LastJobStatus))
		case n.Outcome == string(patch.Failed) || n.Outcome == string(patch.NotAttempted):
			why = append(why, fmt.Sprintf("%s was left %s by the last run (phase %s)", n.Hostname, n.Outcome, n.Phase))
		}
	}
	return why
}
