package provider

import (
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// withSelector adds the attributes that name a DB system, as the
// fams_dbnode_os_patch resource names them, to a data source's attributes.
func withSelector(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	maps.Copy(attrs, map[string]schema.Attribute{
		"db_system_id": schema.StringAttribute{Optional: true,
			MarkdownDescription: "OCID of the DB system. Conflicts with `compartment_id` and `db_system_display_name`.",
			Validators:          []validator.String{stringvalidator.RegexMatches(ocidPattern, "must be a DB system OCID (ocid1.dbsystem...)")}},
		"compartment_id": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Compartment (or tenancy) searched, with all its sub-compartments, for `db_system_display_name`.",
			Validators:          []validator.String{stringvalidator.RegexMatches(ocidPattern, "must be a compartment or tenancy OCID")}},
		"db_system_display_name": schema.StringAttribute{Optional: true,
			MarkdownDescription: "Display name of the DB system. Several live DB systems with this name in the compartment tree is an error that lists them.",
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)}},
	})
	return attrs
}

// selectorValidators require a DB system by OCID, or by name in a
// compartment, and not both.
func selectorValidators() []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("db_system_id"), path.MatchRoot("db_system_display_name")),
		datasourcevalidator.RequiredTogether(path.MatchRoot("db_system_display_name"), path.MatchRoot("compartment_id")),
		datasourcevalidator.Conflicting(path.MatchRoot("db_system_id"), path.MatchRoot("compartment_id")),
	}
}
