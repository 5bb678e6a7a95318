package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	datasourceschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	resourceschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/fleetpatch/terraform-provider-fams/internal/access"
	"github.com/fleetpatch/terraform-provider-fams/internal/oci"
)

// sshModel is the `ssh` attribute of the provider (defaults) and of the
// resource (overrides). The key is never stored: private_key is
// sensitive, and the secret OCID is only a reference.
type sshModel struct {
	User                types.String   `tfsdk:"user"`
	Port                types.Int64    `tfsdk:"port"`
	PrivateKey          types.String   `tfsdk:"private_key"`
	PrivateKeySecretID  types.String   `tfsdk:"private_key_secret_id"`
	KnownHostsFile      types.String   `tfsdk:"known_hosts_file"`
	HostKeyFingerprints []types.String `tfsdk:"host_key_fingerprints"`
	BastionHost         types.String   `tfsdk:"bastion_host"`
	BastionUser         types.String   `tfsdk:"bastion_user"`
	BastionPort         types.Int64    `tfsdk:"bastion_port"`
	ConnectTimeout      types.String   `tfsdk:"connect_timeout"`
}

type sshAttr struct {
	kind      string // string, int, list
	desc      string
	sensitive bool
	str       []validator.String
	num       []validator.Int64
}

func sshAttrs() map[string]sshAttr {
	port := []validator.Int64{int64validator.Between(1, 65535)}
	return map[string]sshAttr{
		"user": {kind: "string", desc: "Login user on the DB nodes. Default `opc`; environment `FAMS_SSH_USER`."},
		"port": {kind: "int", desc: "SSH port of the DB nodes. Default 22; environment `FAMS_SSH_PORT`.", num: port},
		"private_key": {kind: "string", sensitive: true, desc: "PEM private key. Prefer `private_key_secret_id`: a key given here is kept out of plans and logs, " +
			"but Terraform still writes configuration values to state, so use a variable marked sensitive and protect the state."},
		"private_key_secret_id": {kind: "string", desc: "OCID of the OCI Vault secret whose content is the PEM private key (what the FAMS runbook uses). " +
			"Only the OCID is stored. Environment `FAMS_SSH_PRIVATE_KEY_SECRET_ID`.",
			str: []validator.String{stringvalidator.RegexMatches(ocidPattern, "must be a Vault secret OCID (ocid1.vaultsecret...)")}},
		"known_hosts_file": {kind: "string", desc: "known_hosts file to check host keys against. Environment `FAMS_SSH_KNOWN_HOSTS`. " +
			"Without it or `host_key_fingerprints`, the key each node shows first is recorded in `nodes` and enforced afterwards (trust on first use)."},
		"host_key_fingerprints": {kind: "list", desc: "Accepted host key fingerprints (`SHA256:...`, as `ssh-keygen -lf` prints them); pins the keys."},
		"bastion_host":          {kind: "string", desc: "Jump host (`host` or `host:port`), e.g. an OCI Bastion session endpoint. Environment `FAMS_SSH_BASTION_HOST`."},
		"bastion_user":          {kind: "string", desc: "User on the jump host (for OCI Bastion, the session OCID). Default: `user`."},
		"bastion_port":          {kind: "int", desc: "SSH port of the jump host. Default 22.", num: port},
		"connect_timeout":       {kind: "string", desc: "Bound on TCP connect plus SSH handshake, e.g. `30s`.", str: []validator.String{durationValidator{}}},
	}
}

func providerSSHSchema() providerschema.SingleNestedAttribute {
	attrs := map[string]providerschema.Attribute{}
	for name, a := range sshAttrs() {
		switch a.kind {
		case "int":
			attrs[name] = providerschema.Int64Attribute{Optional: true, MarkdownDescription: a.desc, Validators: a.num}
		case "list":
			attrs[name] = providerschema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: a.desc}
		default:
			attrs[name] = providerschema.StringAttribute{Optional: true, Sensitive: a.sensitive, MarkdownDescription: a.desc, Validators: a.str}
		}
	}
	return providerschema.SingleNestedAttribute{Optional: true, Attributes: attrs,
		MarkdownDescription: "SSH defaults for every resource and data source; each can override them with its own `ssh`."}
}

func resourceSSHSchema() resourceschema.SingleNestedAttribute {
	attrs := map[string]resourceschema.Attribute{}
	for name, a := range sshAttrs() {
		switch a.kind {
		case "int":
			attrs[name] = resourceschema.Int64Attribute{Optional: true, MarkdownDescription: a.desc, Validators: a.num}
		case "list":
			attrs[name] = resourceschema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: a.desc}
		default:
			attrs[name] = resourceschema.StringAttribute{Optional: true, Sensitive: a.sensitive, MarkdownDescription: a.desc, Validators: a.str}
		}
	}
	return resourceschema.SingleNestedAttribute{Optional: true, Attributes: attrs,
		MarkdownDescription: "SSH settings for this DB system's nodes; unset ones come from the provider's `ssh`, then from the environment."}
}

func dataSourceSSHSchema(desc string) datasourceschema.SingleNestedAttribute {
	attrs := map[string]datasourceschema.Attribute{}
	for name, a := range sshAttrs() {
		switch a.kind {
		case "int":
			attrs[name] = datasourceschema.Int64Attribute{Optional: true, MarkdownDescription: a.desc, Validators: a.num}
		case "list":
			attrs[name] = datasourceschema.ListAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: a.desc}
		default:
			attrs[name] = datasourceschema.StringAttribute{Optional: true, Sensitive: a.sensitive, MarkdownDescription: a.desc, Validators: a.str}
		}
	}
	return datasourceschema.SingleNestedAttribute{Optional: true, Attributes: attrs, MarkdownDescription: desc}
}

// apply lays the set fields of m over base.
func (m *sshModel) apply(base access.SSH, at path.Path, diags *diag.Diagnostics) access.SSH {
	if m == nil {
		return base
	}
	str := func(v types.String, dst *string) {
		if !v.IsNull() && !v.IsUnknown() {
			*dst = v.ValueString()
		}
	}
	num := func(v types.Int64, dst *int) {
		if !v.IsNull() && !v.IsUnknown() {
			*dst = int(v.ValueInt64())
		}
	}
	str(m.User, &base.User)
	num(m.Port, &base.Port)
	num(m.BastionPort, &base.BastionPort)
	str(m.BastionHost, &base.BastionHost)
	str(m.BastionUser, &base.BastionUser)
	// A key given here replaces whatever key the defaults name.
	if !m.PrivateKey.IsNull() && !m.PrivateKey.IsUnknown() {
		key, err := oci.NewPrivateKey([]byte(m.PrivateKey.ValueString()))
		if err != nil {
			diags.AddAttributeError(at.AtName("private_key"), "Invalid SSH private key", at.AtName("private_key").String()+": "+err.Error())
		}
		base.PrivateKey, base.PrivateKeyFile, base.PrivateKeySecretID = key, "", ""
	}
	if !m.PrivateKeySecretID.IsNull() && !m.PrivateKeySecretID.IsUnknown() {
		base.PrivateKey, base.PrivateKeyFile, base.PrivateKeySecretID = oci.PrivateKey{}, "", m.PrivateKeySecretID.ValueString()
	}
	if !m.KnownHostsFile.IsNull() {
		base.KnownHostsFiles = []string{m.KnownHostsFile.ValueString()}
	}
	if m.HostKeyFingerprints != nil {
		base.HostKeyFingerprints = nil
		for _, fp := range m.HostKeyFingerprints {
			base.HostKeyFingerprints = append(base.HostKeyFingerprints, fp.ValueString())
		}
	}
	if !m.ConnectTimeout.IsNull() {
		d, _ := time.ParseDuration(m.ConnectTimeout.ValueString())
		base.ConnectTimeout = d
	}
	return base
}

// durationValidator accepts a positive Go duration such as "90s" or "3h".
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "must be a positive duration such as 30s, 20m or 3h"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is not a positive duration: write a number and a unit, such as 30s, 20m or 3h", req.ConfigValue.ValueString()))
	}
}

func parseDuration(v types.String) time.Duration {
	d, _ := time.ParseDuration(v.ValueString()) // validated by the schema
	return d
}
