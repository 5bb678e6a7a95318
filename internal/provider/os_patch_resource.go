package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/fleetpatch/terraform-provider-fams/internal/dbnode"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/patch"
)

var (
	_ resource.ResourceWithConfigure        = (*osPatchResource)(nil)
	_ resource.ResourceWithConfigValidators = (*osPatchResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*osPatchResource)(nil)
	_ resource.ResourceWithImportState      = (*osPatchResource)(nil)
)

func newOSPatchResource() resource.Resource { return &osPatchResource{} }

type osPatchResource struct {
	data *providerData
}

// Defaults of the duration settings, as the schema shows them.
const (
	defaultJobTimeout      = "3h"
	defaultRebootTimeout   = "24m"
	defaultPollIntervalMax = "30s"
	defaultRunTimeout      = 12 * time.Hour
)

func (r *osPatchResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dbnode_os_patch"
}

func (r *osPatchResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	duration := func(def, desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(def),
			MarkdownDescription: desc + " Default `" + def + "`.", Validators: []validator.String{durationValidator{}}}
	}
	steps := make([]string, 0, len(dbnode.Steps()))
	for _, s := range dbnode.Steps() {
		steps = append(steps, "`"+string(s)+"`")
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Patches the operating system of every DB node of a Base Database Service DB system, one node at a time: " +
			"prechecks, `dbcli update-server -c os`, stack stop, reboot, stack start, post-checks. " +
			"Refresh reads each node's kernel and last OS job, so a node that drifts (an older kernel, a failed job, a pending reboot) " +
			"shows as an in-place update that patches it again. Destroying the resource only forgets it: a patch cannot be undone.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{Computed: true, MarkdownDescription: "OCID of the DB system.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}},
			"db_system_id": schema.StringAttribute{Optional: true, Computed: true,
				MarkdownDescription: "OCID of the DB system. Conflicts with `compartment_id` and `db_system_display_name`.",
				Validators:          []validator.String{stringvalidator.RegexMatches(ocidPattern, "must be a DB system OCID (ocid1.dbsystem...)")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown(), stringplanmodifier.RequiresReplaceIfConfigured()}},
			"compartment_id": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Compartment (or tenancy) searched with its sub-compartments for `db_system_display_name`.",
				Validators:          []validator.String{stringvalidator.RegexMatches(ocidPattern, "must be a compartment or tenancy OCID")},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"db_system_display_name": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Display name of the DB system; several live systems with this name is an error that lists them.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()}},
			"option": schema.StringAttribute{Optional: true, Computed: true, Default: stringdefault.StaticString(string(patch.OptionUpdate)),
				MarkdownDescription: "`update` patches and reboots; `precheck` runs every check, dbcli's OS precheck included, and changes nothing. Default `update`.",
				Validators:          []validator.String{stringvalidator.OneOf(string(patch.OptionPrecheck), string(patch.OptionUpdate))}},
			"triggers": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Any change re-runs the workflow, e.g. `{ window = \"2026-12\" }` for a monthly cadence. " +
					"Only `triggers`, `option` and drift run the workflow on an existing resource; a change to any other setting " +
					"(timeouts, `ssh`, hooks, commands) is recorded for the next run without touching a node."},
			"ssh":               resourceSSHSchema(),
			"job_timeout":       duration(defaultJobTimeout, "How long an OS update job may run on one node."),
			"reboot_timeout":    duration(defaultRebootTimeout, "How long a node may take to come back with a new boot id and a working SSH login."),
			"poll_interval_max": duration(defaultPollIntervalMax, "Cap of the interval between two polls of a job; polls start every 5s and back off to it."),
			"kernel_policy": schema.SingleNestedAttribute{Optional: true,
				MarkdownDescription: "What to do with nodes on an end-of-life kernel, for which dbcli has no updates.",
				Attributes: map[string]schema.Attribute{
					"end_of_life_series": schema.ListAttribute{Optional: true, ElementType: types.StringType,
						MarkdownDescription: "Kernel series (`major.minor`) that are end of life. Default `[\"4.1\", \"4.14\"]` (UEK4, UEK5)."},
					"action": schema.StringAttribute{Optional: true,
						MarkdownDescription: "`skip` (default) leaves such nodes alone and goes on; `fail` stops the run.",
						Validators:          []validator.String{stringvalidator.OneOf(string(patch.KernelSkip), string(patch.KernelFail))}},
				}},
			"commands": schema.MapAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Replaces the command of a step, by step name: " + strings.Join(steps, ", ") +
					". Placeholders such as `{grid_home}`, `{sid}`, `{db_unique_name}` and `{job_id}` are filled in per node."},
			"pre_update_commands": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Shell lines run on each node, as the login user, before its OS update starts; a failure stops the run."},
			"post_reboot_commands": schema.ListAttribute{Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Shell lines run on each node, as the login user, once it is back and its stack is up."},
			"break_stale_lock_after": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Break another run's node lock once it is older than this (e.g. `6h`). Unset: never.",
				Validators:          []validator.String{durationValidator{}}},
			"nodes": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "Each DB node, in rolling order: what the last run did and what the last refresh saw.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"hostname":             computed("Host name."),
					"private_ip":           computed("Private IP SSH connects to."),
					"kernel_version":       computed("Running kernel (`uname -r`) at the last refresh."),
					"boot_id":              computed("Boot id at the last refresh; it changes on every boot."),
					"last_job_id":          computed("Newest OS update job on the node."),
					"last_job_status":      computed("Status of that job."),
					"reboot_required":      schema.BoolAttribute{Computed: true, MarkdownDescription: "An update is installed and waits for a reboot."},
					"update_available":     schema.BoolAttribute{Computed: true, MarkdownDescription: "dbcli reports OS updates to install."},
					"host_key_fingerprint": computed("Host key the node proved itself with; recorded on first use and enforced afterwards unless keys are pinned or a known_hosts file is given."),
					"patched_kernel":       computed("Kernel recorded after the last successful patch; a node running another one drifts."),
					"phase":                computed("Last phase the last run reached on the node (the failed one if it failed)."),
					"outcome":              computed("`Patched`, `UpToDate`, `PrecheckPassed`, `Skipped`, `Failed` or `NotAttempted`."),
					"reachable":            schema.BoolAttribute{Computed: true, MarkdownDescription: "The node answered at the last refresh; if not, its other values are the last known."},
				}},
			},
			"preview": schema.ListAttribute{Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The patch preview computed at plan time: the nodes in the order they will be patched, their current kernels, pending updates and expected reboots."},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Update: true}),
		},
	}
}

func (r *osPatchResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("db_system_id"), path.MatchRoot("db_system_display_name")),
		resourcevalidator.RequiredTogether(path.MatchRoot("db_system_display_name"), path.MatchRoot("compartment_id")),
		resourcevalidator.Conflicting(path.MatchRoot("db_system_id"), path.MatchRoot("compartment_id")),
	}
}

func (r *osPatchResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func logEvent(ctx context.Context, ev patch.Event) {
	fields := map[string]any{"system": ev.System, "node": ev.Node, "phase": string(ev.Phase), "event": string(ev.Kind)}
	if ev.JobID != "" {
		fields["job_id"] = ev.JobID
	}
	if ev.Kind == patch.JobProgress {
		fields["percent"] = ev.Percent
	}
	msg := ev.Message
	if msg == "" {
		msg = fmt.Sprintf("%s %s", ev.Phase, strings.ReplaceAll(string(ev.Kind), "_", " "))
	}
	switch ev.Kind {
	case patch.Warning, patch.PhaseFailed:
		tflog.Warn(ctx, msg, fields)
	default:
		tflog.Info(ctx, msg, fields)
	}
}

func (r *osPatchResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan osPatchModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, d := plan.Timeouts.Create(ctx, defaultRunTimeout)
	resp.Diagnostics.Append(d...)
	r.run(ctx, timeout, &plan, nil, &resp.Diagnostics)
	if plan.ID.IsUnknown() {
		return // discovery failed: nothing to record
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *osPatchResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state osPatchModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.Nodes.IsUnknown() {
		// The plan kept the nodes: only settings changed, nothing runs.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	timeout, d := plan.Timeouts.Update(ctx, defaultRunTimeout)
	resp.Diagnostics.Append(d...)
	r.run(ctx, timeout, &plan, state.nodes(ctx, &resp.Diagnostics), &resp.Diagnostics)
	if plan.ID.IsUnknown() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// run patches the DB system and records in m what happened on each node,
// failures included: a failed run leaves state that says where it
// stopped, and the next apply resumes there.
func (r *osPatchResource) run(ctx context.Context, timeout time.Duration, m *osPatchModel, prior []nodeModel, diags *diag.Diagnostics) {
	cfg := m.engineConfig(diags)
	if diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	s := r.data.open(ctx, m.selector(), m.SSH, prior, cfg, diags)
	if s == nil {
		return
	}
	defer s.Close()
	res := s.engine.Patch(ctx, s.sys)
	// The refresh after the run must happen even when the run used up
	// its time: it is what state records.
	readCtx, cancelRead := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancelRead()
	states := s.engine.Inspect(readCtx, s.sys, 0)
	nodes := make([]nodeModel, len(s.sys.Nodes))
	for i, n := range s.sys.Nodes {
		nm := priorNode(prior, n.Hostname)
		nm.Hostname, nm.PrivateIP = n.Hostname, n.PrivateIP
		nm.Phase, nm.Outcome = string(res.Nodes[i].Phase), string(res.Nodes[i].Outcome)
		refresh(&nm, states[i])
		if o := res.Nodes[i].Outcome; o == patch.Patched || o == patch.UpToDate {
			nm.PatchedKernel = nm.KernelVersion
		}
		nodes[i] = nm
		for _, w := range res.Nodes[i].Warnings {
			diags.AddWarning("Warning on "+n.Hostname, w)
		}
	}
	m.ID, m.DBSystemID = types.StringValue(s.sys.ID), types.StringValue(s.sys.ID)
	m.setNodes(ctx, nodes, diags)
	if m.Preview.IsUnknown() {
		m.Preview = types.ListValueMust(types.StringType, nil)
	}
	if res.Err != nil {
		summary := "OS patch failed"
		if p, ok := patch.PhaseOf(res.Err); ok {
			summary = fmt.Sprintf("OS patch failed in phase %s", p)
		}
		diags.AddError(summary, res.Err.Error()+"\n\nThe state records each node's phase and job; the next apply resumes (it adopts a running job and never starts a second one).")
	}
}

func priorNode(prior []nodeModel, hostname string) nodeModel {
	for _, n := range prior {
		if n.Hostname == hostname {
			return n
		}
	}
	return nodeModel{}
}

// refresh copies what a node says into its state; an unreachable node
// keeps its last known values.
func refresh(nm *nodeModel, st patch.NodeState) {
	nm.Reachable = st.Err == nil
	if st.Err != nil {
		return
	}
	nm.KernelVersion, nm.BootID = st.Kernel, st.BootID
	nm.LastJobID, nm.LastJobStatus = st.LastUpdate.ID, string(st.LastUpdate.Status)
	nm.RebootRequired, nm.UpdateAvailable = st.RebootRequired, st.UpdateAvailable
	if nm.HostKeyFingerprint == "" {
		nm.HostKeyFingerprint = st.HostKeyFingerprint
	}
}

func (r *osPatchResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m osPatchModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	prior := m.nodes(ctx, &resp.Diagnostics)
	imported := prior == nil
	if !requireConfigured(r.data, &resp.Diagnostics) {
		return
	}
	sys, err := r.data.oci.DBSystem(ctx, m.selector())
	switch {
	case oci.IsNotFound(err):
		resp.State.RemoveResource(ctx)
		resp.Diagnostics.AddWarning("DB system gone", fmt.Sprintf("DB system %s no longer exists (or may no longer be read); it is removed from state.", m.ID.ValueString()))
		return
	case err != nil:
		resp.Diagnostics.AddError("DB system not read", err.Error())
		return
	}
	s := r.data.connect(ctx, sys, m.SSH, prior, patch.Config{}, &resp.Diagnostics)
	if s == nil {
		return
	}
	defer s.Close()
	states := s.engine.Inspect(ctx, s.sys, 0)
	nodes := make([]nodeModel, len(s.sys.Nodes))
	for i, n := range s.sys.Nodes {
		nm := priorNode(prior, n.Hostname)
		nm.Hostname, nm.PrivateIP = n.Hostname, n.PrivateIP
		refresh(&nm, states[i])
		if !nm.Reachable {
			resp.Diagnostics.AddWarning("DB node unreachable during refresh",
				fmt.Sprintf("%s: %v\nIts last known values are kept; an apply will need it reachable.", n.Hostname, states[i].Err))
		}
		// An imported system is taken as patched to what it runs, unless
		// it shows it is not done.
		if imported && nm.Reachable && !nm.RebootRequired && !strings.HasPrefix(nm.LastJobStatus, "Fail") {
			nm.PatchedKernel = nm.KernelVersion
		}
		nodes[i] = nm
	}
	m.ID, m.DBSystemID = types.StringValue(s.sys.ID), types.StringValue(s.sys.ID)
	m.setNodes(ctx, nodes, &resp.Diagnostics)
	for _, f := range []struct {
		v   *types.String
		def string
	}{{&m.Option, string(patch.OptionUpdate)}, {&m.JobTimeout, defaultJobTimeout}, {&m.RebootTimeout, defaultRebootTimeout}, {&m.PollIntervalMax, defaultPollIntervalMax}} {
		if f.v.IsNull() {
			*f.v = types.StringValue(f.def)
		}
	}
	if m.Preview.IsNull() {
		m.Preview = types.ListValueMust(types.StringType, nil)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *osPatchResource) Delete(_ context.Context, _ resource.DeleteRequest, resp *resource.DeleteResponse) {
	resp.Diagnostics.AddWarning("OS patch forgotten, not undone",
		"The resource is removed from state. The DB nodes keep the OS updates already applied: a patch cannot be undone.")
}

func (r *osPatchResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !ocidPattern.MatchString(req.ID) || !strings.HasPrefix(req.ID, "ocid1.dbsystem.") {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("%q is not a DB system OCID: import with `terraform import <address> ocid1.dbsystem.oc1...`", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("db_system_id"), req.ID)...)
}
