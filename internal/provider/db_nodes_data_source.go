package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*dbNodesDataSource)(nil)

func newDBNodesDataSource() datasource.DataSource { return &dbNodesDataSource{} }

// dbNodesDataSource is the fleet view: every DB node of every live DB
// system under a compartment, for for_each over a fleet.
type dbNodesDataSource struct {
	data *providerData
}

type dbNodesModel struct {
	CompartmentID types.String `tfsdk:"compartment_id"`
	ID            types.String `tfsdk:"id"`
	Nodes         types.List   `tfsdk:"nodes"`
}

var fleetNodeAttrTypes = func() map[string]attr.Type {
	t := map[string]attr.Type{
		"db_system_id":           types.StringType,
		"db_system_display_name": types.StringType,
		"storage_management":     types.StringType,
	}
	for k, v := range dbNodeAttrTypes {
		t[k] = v
	}
	return t
}()

func (d *dbNodesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_db_nodes"
}

func (d *dbNodesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every DB node of every live Base Database Service DB system in a compartment and its sub-compartments: " +
			"the fleet view to drive `for_each` over DB systems, or to see which nodes wait for a reboot.",
		Attributes: map[string]schema.Attribute{
			"compartment_id": schema.StringAttribute{Required: true,
				MarkdownDescription: "Compartment (or tenancy) OCID; its sub-compartments are searched too.",
				Validators:          []validator.String{stringvalidator.RegexMatches(ocidPattern, "must be a compartment or tenancy OCID")}},
			"id": computed("The compartment OCID."),
			"nodes": schema.ListNestedAttribute{Computed: true,
				MarkdownDescription: "DB nodes, grouped by DB system (sorted by display name), each system's nodes in rolling order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"db_system_id":           computed("OCID of the node's DB system."),
					"db_system_display_name": computed("Display name of the node's DB system."),
					"storage_management":     computed("`ASM` or `LVM`."),
					"id":                     computed("OCID of the DB node."),
					"hostname":               computed("Host name."),
					"private_ip":             computed("Private IP of the primary VNIC."),
					"vnic_id":                computed("OCID of the primary VNIC."),
					"lifecycle_state":        computed("Lifecycle state of the node."),
					"reboot_required":        schema.BoolAttribute{Computed: true, MarkdownDescription: "An OS update was applied and the node waits for a reboot."},
					"fault_domain":           computed("Fault domain."),
				}}},
		},
	}
}

func (d *dbNodesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *dbNodesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m dbNodesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireConfigured(d.data, &resp.Diagnostics) {
		return
	}
	systems, err := d.data.oci.DBSystems(ctx, m.CompartmentID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("DB systems not listed", err.Error())
		return
	}
	var nodes []attr.Value
	for _, sys := range systems {
		for _, n := range sys.Nodes {
			nodes = append(nodes, types.ObjectValueMust(fleetNodeAttrTypes, map[string]attr.Value{
				"db_system_id":           types.StringValue(sys.ID),
				"db_system_display_name": types.StringValue(sys.DisplayName),
				"storage_management":     types.StringValue(string(sys.Storage)),
				"id":                     types.StringValue(n.ID),
				"hostname":               types.StringValue(n.Hostname),
				"private_ip":             types.StringValue(n.PrivateIP),
				"vnic_id":                types.StringValue(n.VnicID),
				"lifecycle_state":        types.StringValue(n.LifecycleState),
				"reboot_required":        types.BoolValue(n.RebootRequired),
				"fault_domain":           types.StringValue(n.FaultDomain),
			}))
		}
	}
	m.ID = m.CompartmentID
	m.Nodes = types.ListValueMust(types.ObjectType{AttrTypes: fleetNodeAttrTypes}, nodes)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
