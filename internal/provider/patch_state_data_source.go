package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
	"github.com/fleetpatch/terraform-provider-fams/internal/patch"
)

var (
	_ datasource.DataSourceWithConfigure        = (*patchStateDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*patchStateDataSource)(nil)
)

func newPatchStateDataSource() datasource.DataSource { return &patchStateDataSource{} }

// patchStateDataSource reads each node's patch state over SSH, changing
// nothing: a patch preview usable anywhere in a configuration.
type patchStateDataSource struct {
	data *providerData
}

type patchStateModel struct {
	DBSystemID    types.String `tfsdk:"db_system_id"`
	CompartmentID types.String `tfsdk:"compartment_id"`
	DisplayName   types.String `tfsdk:"db_system_display_name"`
	SSH           *sshModel    `tfsdk:"ssh"`
	ID            types.String `tfsdk:"id"`
	Nodes         types.List   `tfsdk:"nodes"`
}

var patchStateNodeTypes = map[string]attr.Type{
	"hostname": types.StringType, "private_ip": types.StringType, "kernel_version": types.StringType, "boot_id": types.StringType,
	"last_job_id": types.StringType, "last_job_status": types.StringType, "last_job_updated": types.StringType,
	"reboot_required": types.BoolType, "update_available": types.BoolType, "lock_holder": types.StringType,
	"reachable": types.BoolType, "error": types.StringType,
}

func (d *patchStateDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dbnode_patch_state"
}

func (d *patchStateDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	flag := func(desc string) schema.BoolAttribute {
		return schema.BoolAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the OS patch state of every DB node of a DB system over SSH, changing nothing: kernel, boot id, " +
			"newest OS update job, pending reboot, available updates (`dbcli get-availableospatches`) and any patch lock.",
		Attributes: withSelector(map[string]schema.Attribute{
			"ssh": dataSourceSSHSchema("SSH settings; unset ones come from the provider's `ssh`."),
			"id":  computed("OCID of the DB system."),
			"nodes": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "Each node, in rolling order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"hostname": computed("Host name."), "private_ip": computed("Private IP."),
					"kernel_version": computed("Running kernel."), "boot_id": computed("Current boot id."),
					"last_job_id": computed("Newest OS update job."), "last_job_status": computed("Its status."),
					"last_job_updated": computed("When it last changed, as dbcli prints it."),
					"reboot_required":  flag("An update is installed and waits for a reboot."),
					"update_available": flag("dbcli reports OS updates to install."),
					"lock_holder":      computed("Who holds the node's patch lock, if anyone."),
					"reachable":        flag("The node answered."),
					"error":            computed("Why the node could not be read."),
				}}},
		}),
	}
}

func (d *patchStateDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return selectorValidators()
}

func (d *patchStateDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *patchStateDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m patchStateModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	sel := oci.Selector{ID: m.DBSystemID.ValueString(), CompartmentID: m.CompartmentID.ValueString(), DisplayName: m.DisplayName.ValueString()}
	s := d.data.open(ctx, sel, m.SSH, nil, patch.Config{}, &resp.Diagnostics)
	if s == nil {
		return
	}
	defer s.Close()
	states := s.engine.Inspect(ctx, s.sys, 0)
	nodes := make([]attr.Value, len(states))
	for i, st := range states {
		lock, errText := "", ""
		if st.Lock != nil {
			lock = fmt.Sprintf("%s (run %s, since %s)", st.Lock.Owner, st.Lock.RunID, st.Lock.Started.UTC().Format("2006-01-02T15:04:05Z"))
		}
		if st.Err != nil {
			errText = st.Err.Error()
		}
		nodes[i] = types.ObjectValueMust(patchStateNodeTypes, map[string]attr.Value{
			"hostname": types.StringValue(st.Hostname), "private_ip": types.StringValue(s.sys.Nodes[i].PrivateIP),
			"kernel_version": types.StringValue(st.Kernel), "boot_id": types.StringValue(st.BootID),
			"last_job_id": types.StringValue(st.LastUpdate.ID), "last_job_status": types.StringValue(string(st.LastUpdate.Status)),
			"last_job_updated": types.StringValue(st.LastUpdate.Updated.Raw),
			"reboot_required":  types.BoolValue(st.RebootRequired), "update_available": types.BoolValue(st.UpdateAvailable),
			"lock_holder": types.StringValue(lock), "reachable": types.BoolValue(st.Err == nil), "error": types.StringValue(errText),
		})
	}
	m.ID = types.StringValue(s.sys.ID)
	m.Nodes = types.ListValueMust(types.ObjectType{AttrTypes: patchStateNodeTypes}, nodes)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
