// Package provider adapts the patch engine to Terraform: schemas, plan and
// state mapping. It never speaks SSH itself.
package provider

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/fleetpatch/terraform-provider-fams/internal/access"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
)

var _ provider.Provider = (*famsProvider)(nil)

type famsProvider struct {
	version string
}

// New returns a constructor for the provider, as providerserver expects.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &famsProvider{version: version}
	}
}

type providerModel struct {
	Auth              types.String `tfsdk:"auth"`
	Region            types.String `tfsdk:"region"`
	ConfigFilePath    types.String `tfsdk:"config_file_path"`
	ConfigFileProfile types.String `tfsdk:"config_file_profile"`
	Endpoint          types.String `tfsdk:"endpoint"`
	SSH               *sshModel    `tfsdk:"ssh"`
}

// providerData is what Configure hands to resources and data sources.
type providerData struct {
	oci *oci.Client
	// ssh are the SSH defaults: the environment, then the provider's ssh.
	ssh access.SSH

	// keys caches SSH keys read from Vault, by secret OCID, for the life
	// of the provider process: a plan of a hundred DB systems reads the
	// secret once, not a hundred times. Keys live in memory only.
	keysMu sync.Mutex
	keys   map[string]oci.PrivateKey
}

// resolveKey replaces a Vault secret reference in s by the key it holds,
// read once per provider process.
func (d *providerData) resolveKey(ctx context.Context, s access.SSH) (access.SSH, error) {
	id := s.PrivateKeySecretID
	if id == "" || s.Validate() != nil {
		return s, nil // nothing to read, or Dial reports the problem
	}
	d.keysMu.Lock()
	defer d.keysMu.Unlock()
	key, ok := d.keys[id]
	if !ok {
		var err error
		if key, err = d.oci.SSHKeyFromSecret(ctx, id); err != nil {
			return s, fmt.Errorf("ssh: load the private key: %w", err)
		}
		if d.keys == nil {
			d.keys = map[string]oci.PrivateKey{}
		}
		d.keys[id] = key
	}
	s.PrivateKey, s.PrivateKeySecretID = key, ""
	return s, nil
}

func (p *famsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "fams"
	resp.Version = p.version
}

func (p *famsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	methods := make([]string, 0, len(oci.AuthMethods()))
	for _, m := range oci.AuthMethods() {
		methods = append(methods, string(m))
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Patches the operating system of Oracle Base Database Service DB nodes declaratively, over SSH. " +
			"OCI settings follow the names of the OCI provider; every one of them can also come from an environment variable.",
		Attributes: map[string]schema.Attribute{
			"auth": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How OCI requests are signed: `" + strings.Join(methods, "`, `") + "`. " +
					"Use `ResourcePrincipal` in OCI Resource Manager and `InstancePrincipal` on a FAMS self-hosted instance. " +
					"Default `ApiKey`; environment `" + oci.EnvAuth + "`.",
				Validators: []validator.String{stringvalidator.OneOfCaseInsensitive(methods...)},
			},
			"region": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "OCI region, such as `eu-frankfurt-1`. Default: the config file's or the instance's region; environment `" + oci.EnvRegion + "`.",
			},
			"config_file_path": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "OCI config file for `ApiKey` and `SecurityToken`. Default `~/.oci/config`; environment `" + oci.EnvConfigFilePath + "`.",
			},
			"config_file_profile": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Profile in the config file. Default `DEFAULT`; environment `" + oci.EnvConfigFileProfile + "`.",
			},
			"endpoint": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "One URL that replaces the host of every OCI service, for a proxy, a private endpoint or the simulator. " +
					"Environment `" + oci.EnvEndpoint + "`.",
				Validators: []validator.String{stringvalidator.RegexMatches(httpURL, "must be an http:// or https:// URL")},
			},
			"ssh": providerSSHSchema(),
		},
	}
}

func (p *famsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg := oci.ConfigFromEnv()
	for _, s := range []struct {
		attr  string
		value types.String
		dst   *string
	}{
		{"region", m.Region, &cfg.Region},
		{"config_file_path", m.ConfigFilePath, &cfg.ConfigFilePath},
		{"config_file_profile", m.ConfigFileProfile, &cfg.ConfigFileProfile},
		{"endpoint", m.Endpoint, &cfg.Endpoint},
	} {
		if s.value.IsUnknown() {
			resp.Diagnostics.AddAttributeError(path.Root(s.attr), "Provider setting not known yet",
				fmt.Sprintf("%s depends on a value known only after apply; set it from a variable or a value known at plan time.", s.attr))
			continue
		}
		if !s.value.IsNull() {
			*s.dst = s.value.ValueString()
		}
	}
	if !m.Auth.IsNull() && !m.Auth.IsUnknown() {
		cfg.Auth = oci.AuthMethod(m.Auth.ValueString())
	}
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := oci.NewClient(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Invalid OCI settings", err.Error())
		return
	}
	env, err := access.SSHFromEnv()
	if err != nil {
		resp.Diagnostics.AddError("Invalid SSH environment", err.Error())
		return
	}
	data := &providerData{oci: client, ssh: m.SSH.apply(env, path.Root("ssh"), &resp.Diagnostics)}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.DataSourceData = data
	resp.ResourceData = data
}

func (p *famsProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{newOSPatchResource}
}

func (p *famsProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{newDBSystemDataSource, newDBNodesDataSource, newPatchStateDataSource, newPatchComplianceDataSource}
}
