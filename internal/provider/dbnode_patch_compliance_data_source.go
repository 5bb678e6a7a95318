package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/fleetpatch/terraform-provider-fams/internal/compliance"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
)

var (
	_ datasource.DataSourceWithConfigure        = (*patchComplianceDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*patchComplianceDataSource)(nil)
)

func newPatchComplianceDataSource() datasource.DataSource { return &patchComplianceDataSource{} }

type patchComplianceDataSource struct {
	data *providerData
}

type patchComplianceModel struct {
	DBSystemID          types.String `tfsdk:"db_system_id"`
	CompartmentID       types.String `tfsdk:"compartment_id"`
	DBSystemDisplayName types.String `tfsdk:"db_system_display_name"`
	Source              types.String `tfsdk:"source"`
	MaxSeverity         types.String `tfsdk:"max_severity"`
	MaxAge              types.String `tfsdk:"max_age"`
	SSH                 *sshModel    `tfsdk:"ssh"`
	ID                  types.String `tfsdk:"id"`
	Compliant           types.Bool   `tfsdk:"compliant"`
	Nodes               types.List   `tfsdk:"nodes"`
}

var (
	updateAttrTypes = map[string]attr.Type{
		"advisory":  types.StringType,
		"severity":  types.StringType,
		"cves":      types.ListType{ElemType: types.StringType},
		"package":   types.StringType,
		"published": types.StringType,
	}
	complianceNodeAttrTypes = map[string]attr.Type{
		"hostname":                 types.StringType,
		"private_ip":               types.StringType,
		"managed_instance_id":      types.StringType,
		"source":                   types.StringType,
		"compliant":                types.BoolType,
		"reasons":                  types.ListType{ElemType: types.StringType},
		"max_severity":             types.StringType,
		"missing_security_updates": types.Int64Type,
		"updates":                  types.ListType{ElemType: types.ObjectType{AttrTypes: updateAttrTypes}},
	}
)

func (d *patchComplianceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_dbnode_patch_compliance"
}

func (d *patchComplianceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	levels := compliance.SeverityLevels()
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reports, per DB node of a DB system, the security advisories the node lacks and whether that complies with a policy. " +
			"Facts come from OS Management Hub when the node is a managed instance there, otherwise from the node itself over SSH " +
			"(`dnf updateinfo list --security`). Use it as a patch preview, or with a `check` block or `precondition` to gate a pipeline.",
		Attributes: withSelector(map[string]schema.Attribute{
			"source": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Where facts come from: `auto` (default; OS Management Hub when a managed instance in the DB system's compartment " +
					"has the node's hostname as display name, otherwise SSH), `osmh` or `node` (SSH).",
				Validators: []validator.String{stringvalidator.OneOf(string(compliance.SourceAuto), string(compliance.SourceOSMH), string(compliance.SourceNode))},
			},
			"max_severity": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Most severe missing security advisory a compliant node may have: `" + strings.Join(levels, "`, `") +
					"` (any case). Default `none`: a compliant node lacks no security update at all.",
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(levels...)},
			},
			"max_age": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Longest the oldest missing advisory may have been out, such as `30d` or `720h`. Default: no limit. " +
					"Over SSH dnf gives no issue dates, so a node read that way that lacks updates is then not compliant.",
			},
			"ssh":       dataSourceSSHSchema("How to log in to nodes read over SSH; unset settings come from the provider's `ssh`. Only used, and the key only read, when some node is read over SSH."),
			"id":        computed("`db_system_id`, or `compartment_id/db_system_display_name`."),
			"compliant": schema.BoolAttribute{Computed: true, MarkdownDescription: "Every node is compliant."},
			"nodes": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "One entry per DB node, by hostname.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"hostname":            computed("Host name of the DB node."),
					"private_ip":          computed("Private IP address of the node."),
					"managed_instance_id": computed("OCID of the node's OS Management Hub managed instance; empty when read over SSH."),
					"source":              computed("Where the facts came from: `osmh` or `node`."),
					"compliant":           schema.BoolAttribute{Computed: true, MarkdownDescription: "The node meets the policy. A node that could not be read is not compliant."},
					"reasons": schema.ListAttribute{
						Computed: true, ElementType: types.StringType,
						MarkdownDescription: "Why the node is not compliant; empty when it is.",
					},
					"max_severity": computed("Highest severity among the missing advisories; empty when none is missing."),
					"missing_security_updates": schema.Int64Attribute{
						Computed: true, MarkdownDescription: "Number of missing security advisories (not packages).",
					},
					"updates": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "Missing security updates, one per advisory and package as dnf lists them, most severe first.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"advisory": computed("Advisory, such as `ELSA-2026-12345`."),
							"severity": computed("`Critical`, `Important`, `Moderate`, `Low`, or empty when unrated."),
							"cves": schema.ListAttribute{
								Computed: true, ElementType: types.StringType, MarkdownDescription: "CVEs the update fixes.",
							},
							"package":   computed("Package the advisory updates, name-version-release.arch."),
							"published": computed("When the advisory was issued (RFC 3339); empty when read over SSH."),
						}},
					},
				}},
			},
		}),
	}
}

func (d *patchComplianceDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return selectorValidators()
}

func (d *patchComplianceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (d *patchComplianceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m patchComplianceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !requireConfigured(d.data, &resp.Diagnostics) {
		return
	}
	policy, err := compliance.ParsePolicy(m.MaxSeverity.ValueString(), "")
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("max_severity"), "Invalid max_severity", err.Error())
	}
	if age := m.MaxAge.ValueString(); age != "" {
		if policy.MaxAge, err = compliance.ParseMaxAge(age); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("max_age"), "Invalid max_age", "max_age: "+err.Error())
		}
	}
	source, _ := compliance.ParseSource(m.Source.ValueString())
	ssh := m.SSH.apply(d.data.ssh, path.Root("ssh"), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	checker := &compliance.Checker{OCI: d.data.oci, SSH: compliance.SSHOpener(ssh, d.data.oci)}
	defer func() { _ = checker.Close() }()
	nodes, err := checker.DBSystem(ctx, oci.Selector{
		ID:            m.DBSystemID.ValueString(),
		CompartmentID: m.CompartmentID.ValueString(),
		DisplayName:   m.DBSystemDisplayName.ValueString(),
	}, source)
	if err != nil {
		resp.Diagnostics.AddError("Patch compliance not read", err.Error())
		return
	}
	report := compliance.NewReport(nodes, policy, time.Now())
	values := make([]attr.Value, len(report.Nodes))
	for i, n := range report.Nodes {
		if n.Error != "" {
			// A plan often runs where only some nodes are reachable; the
			// node is reported as not compliant rather than failing.
			resp.Diagnostics.AddWarning("DB node not checked", fmt.Sprintf("%s (%s): %s", n.Hostname, n.PrivateIP, n.Error))
		}
		values[i] = complianceNodeValue(n)
	}
	id := m.DBSystemID.ValueString()
	if id == "" {
		id = m.CompartmentID.ValueString() + "/" + m.DBSystemDisplayName.ValueString()
	}
	m.ID = types.StringValue(id)
	m.Compliant = types.BoolValue(report.Compliant)
	m.Nodes = types.ListValueMust(types.ObjectType{AttrTypes: complianceNodeAttrTypes}, values)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func complianceNodeValue(n compliance.Node) attr.Value {
	updates := make([]attr.Value, len(n.Updates))
	for i, u := range n.Updates {
		published := ""
		if !u.Published.IsZero() {
			published = u.Published.UTC().Format(time.RFC3339)
		}
		updates[i] = types.ObjectValueMust(updateAttrTypes, map[string]attr.Value{
			"advisory":  types.StringValue(u.Advisory),
			"severity":  types.StringValue(string(u.Severity)),
			"cves":      stringList(u.CVEs),
			"package":   types.StringValue(u.Package),
			"published": types.StringValue(published),
		})
	}
	return types.ObjectValueMust(complianceNodeAttrTypes, map[string]attr.Value{
		"hostname":                 types.StringValue(n.Hostname),
		"private_ip":               types.StringValue(n.PrivateIP),
		"managed_instance_id":      types.StringValue(n.ManagedInstanceID),
		"source":                   types.StringValue(string(n.Source)),
		"compliant":                types.BoolValue(n.Compliant),
		"reasons":                  stringList(n.Reasons),
		"max_severity":             types.StringValue(string(n.MaxSeverity)),
		"missing_security_updates": types.Int64Value(int64(n.MissingSecurityUpdates)),
		"updates":                  types.ListValueMust(types.ObjectType{AttrTypes: updateAttrTypes}, updates),
	})
}

func stringList(s []string) attr.Value {
	values := make([]attr.Value, len(s))
	for i, v := range s {
		values[i] = types.StringValue(v)
	}
	return types.ListValueMust(types.StringType, values)
}
