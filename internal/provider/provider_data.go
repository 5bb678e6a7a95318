package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// configuredData unpacks what the provider's Configure produced. It is nil
// before Configure ran (validation) or when Configure failed.
func configuredData(v any, diags *diag.Diagnostics) *providerData {
	if v == nil {
		return nil
	}
	data, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T; please report this issue to the provider developers", v))
		return nil
	}
	return data
}

// requireConfigured reports false, with a diagnostic, when the provider has
// no usable configuration.
func requireConfigured(data *providerData, diags *diag.Diagnostics) bool {
	if data != nil {
		return true
	}
	diags.AddError("Provider not configured", "the fams provider has no usable configuration; see the errors reported for the provider block")
	return false
}
