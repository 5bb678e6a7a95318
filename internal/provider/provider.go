// Package provider adapts the patch engine to Terraform: schemas, plan and
// state mapping. It never speaks SSH or OCI itself.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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

func (p *famsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "fams"
	resp.Version = p.version
}

func (p *famsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Patches the operating system of Oracle Base Database Service DB nodes declaratively, over SSH.",
	}
}

func (p *famsProvider) Configure(_ context.Context, _ provider.ConfigureRequest, _ *provider.ConfigureResponse) {
}

func (p *famsProvider) Resources(_ context.Context) []func() resource.Resource {
	return nil
}

func (p *famsProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return nil
}
