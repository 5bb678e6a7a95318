package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
)

var (
	_ datasource.DataSourceWithConfigure        = (*dbSystemDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*dbSystemDataSource)(nil)
)

func newDBSystemDataSource() datasource.DataSource { return &dbSystemDataSource{} }

type dbSystemDataSource struct {
	data *providerData
}

type dbSystemModel struct {
	DBSystemID        types.String `tfsdk:"db_system_id"`
	CompartmentID     types.String `tfsdk:"compartment_id"`
	DisplayName       types.String `tfsdk:"display_name"`
	ID                types.String `tfsdk:"id"`
	StorageManagement types.String `tfsdk:"storage_management"`
	LifecycleState    types.String `tfsdk:"lifecycle_state"`
	Shape             types.String `tfsdk:"shape"`
	Version           types.String `tfsdk:"version"`
	Domain            types.String `tfsdk:"domain"`
	NodeCount         types.Int64  `tfsdk:"node_count"`
	Nodes             types.List   `tfsdk:"nodes"`
}

var dbNodeAttrTypes = map[string]attr.Type{
	"id":              types.StringType,
	"hostname":        types.StringType,
	"private_ip":      types.StringType,
	"vnic_id":         types.StringType,
	"lifecycle_state": types.StringType,
	"reboot_required": types.BoolType,
	"fault_domain":    types.StringType,
}

func (d *dbSystemDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_db_system"
}

func (d *dbSystemDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds a Base Database Service DB system, by OCID or by display name in a compartment and its " +
			"sub-compartments, and lists its DB nodes in the order a rolling patch visits them.",
		Attributes: map[string]schema.Attribute{
			"db_system_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "OCID of the DB system. Conflicts with `display_name`.",
				Validators:          []validator.String{stringvalidator.RegexMatches(ocidPattern, "must be an OCID such as ocid1.dbsystem.oc1.<region>.<unique id>")},
			},
			"compartment_id": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Compartment (or tenancy) OCID searched, with all its sub-compartments, for `display_name`. Once read, the DB system's own compartment.",
				Validators:          []validator.String{stringvalidator.RegexMatches(ocidPattern, "must be a compartment or tenancy OCID")},
			},
			"display_name": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				MarkdownDescription: "Display name of the DB system. Several live DB systems with this name in the compartment tree is an error that lists them.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"id":                 computed("OCID of the DB system."),
			"storage_management": computed("`ASM` (Grid Infrastructure) or `LVM`: decides how the database stack is stopped before a reboot."),
			"lifecycle_state":    computed("Lifecycle state of the DB system."),
			"shape":              computed("Shape of the DB system."),
			"version":            computed("Database software version."),
			"domain":             computed("Domain name of the DB system's hosts."),
			"node_count":         schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of DB nodes the API reports."},
			"nodes": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "DB nodes in rolling order (by hostname).",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":              computed("OCID of the DB node."),
					"hostname":        computed("Host name of the DB node."),
					"private_ip":      computed("Private IP address of the node's primary VNIC: where SSH connects."),
					"vnic_id":         computed("OCID of the node's primary VNIC."),
					"lifecycle_state": computed("Lifecycle state of the DB node."),
					"reboot_required": schema.BoolAttribute{Computed: true, MarkdownDescription: "An OS update was applied and the node waits for a reboot (`IsOsPatchRebootRequired`)."},
					"fault_domain":    computed("Fault domain of the DB node."),
				}},
			},
		},
	}
}

func (d *dbSystemDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("db_system_id"), path.MatchRoot("display_name")),
		datasourcevalidator.RequiredTogether(path.MatchRoot("display_name"), path.MatchRoot("compartment_id")),
		datasourcevalidator.Conflicting(path.MatchRoot("db_system_id"), path.MatchRoot("compartment_id")),
	}
}

func (d *dbSystemDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *dbSystemDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m dbSystemModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireConfigured(d.data, &resp.Diagnostics) {
		return
	}
	sys, err := d.data.oci.DBSystem(ctx, oci.Selector{
		ID:            m.DBSystemID.ValueString(),
		CompartmentID: m.CompartmentID.ValueString(),
		DisplayName:   m.DisplayName.ValueString(),
	})
	if err != nil {
		resp.Diagnostics.AddError("DB system not read", err.Error())
		return
	}
	nodes := make([]attr.Value, len(sys.Nodes))
	for i, n := range sys.Nodes {
		nodes[i] = types.ObjectValueMust(dbNodeAttrTypes, map[string]attr.Value{
			"id":              types.StringValue(n.ID),
			"hostname":        types.StringValue(n.Hostname),
			"private_ip":      types.StringValue(n.PrivateIP),
			"vnic_id":         types.StringValue(n.VnicID),
			"lifecycle_state": types.StringValue(n.LifecycleState),
			"reboot_required": types.BoolValue(n.RebootRequired),
			"fault_domain":    types.StringValue(n.FaultDomain),
		})
	}
	m.ID = types.StringValue(sys.ID)
	m.CompartmentID = types.StringValue(sys.CompartmentID)
	m.DisplayName = types.StringValue(sys.DisplayName)
	m.StorageManagement = types.StringValue(string(sys.Storage))
	m.LifecycleState = types.StringValue(sys.LifecycleState)
	m.Shape = types.StringValue(sys.Shape)
	m.Version = types.StringValue(sys.Version)
	m.Domain = types.StringValue(sys.Domain)
	m.NodeCount = types.Int64Value(int64(sys.NodeCount))
	m.Nodes = types.ListValueMust(types.ObjectType{AttrTypes: dbNodeAttrTypes}, nodes)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
