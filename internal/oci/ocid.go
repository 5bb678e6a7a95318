package oci

import (
	"fmt"
	"strings"
)

// OCID prefixes this package checks before calling OCI, so that a value
// pasted into the wrong field fails at once and names the field.
const (
	prefixDBSystem    = "ocid1.dbsystem."
	prefixCompartment = "ocid1.compartment."
	prefixTenancy     = "ocid1.tenancy."
	prefixSecret      = "ocid1.vaultsecret."
	prefixAnyOCID     = "ocid1."
)

// checkOCID returns an error naming field when value does not start with
// one of the prefixes.
func checkOCID(field, value string, prefixes ...string) error {
	if strings.TrimSpace(value) == "" {
		return fmt.Errorf("%s is empty; it must be an OCID starting with %s", field, strings.Join(prefixes, " or "))
	}
	for _, p := range prefixes {
		if strings.HasPrefix(value, p) {
			return nil
		}
	}
	return fmt.Errorf("%s %q is not the right kind of OCID; it must start with %s", field, value, strings.Join(prefixes, " or "))
}

func isTenancy(id string) bool { return strings.HasPrefix(id, prefixTenancy) }

// CheckSecretID checks that field holds a Vault secret OCID.
func CheckSecretID(field, value string) error { return checkOCID(field, value, prefixSecret) }
