package oci

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/oracle/oci-go-sdk/v65/common"
)

// serviceError explains a failed OCI call as a sentence: what was asked,
// what OCI answered, and, for the answers that usually mean a missing IAM
// policy, the statement that would grant access. policy is the verb and
// resource of that statement, e.g. "read database-family".
//
// OCI answers 404 NotAuthorizedOrNotFound both when a resource does not
// exist and when the caller may not see it, so 404 gets the policy hint too.
func serviceError(err error, action, policy string) error {
	var se common.ServiceError
	if !errors.As(err, &se) {
		return fmt.Errorf("%s: %w", action, err)
	}
	requestID := ""
	if id := se.GetOpcRequestID(); id != "" {
		requestID = fmt.Sprintf(" (opc-request-id %s)", id)
	}
	switch se.GetHTTPStatusCode() {
	case http.StatusUnauthorized:
		return fmt.Errorf("%s: OCI did not accept the request signature%s; check the API key, fingerprint and tenancy in the config profile, or that the session token has not expired: %w", action, requestID, err)
	case http.StatusForbidden, http.StatusNotFound:
		return fmt.Errorf("%s: OCI answered %d %s%s; either it does not exist or the caller lacks a policy such as `Allow dynamic-group <name> to %s in compartment <name>` (`group` for a user): %w",
			action, se.GetHTTPStatusCode(), se.GetCode(), requestID, policy, err)
	case http.StatusTooManyRequests:
		return fmt.Errorf("%s: OCI kept throttling the request (429)%s after every retry; run again later or lower the concurrency: %w", action, requestID, err)
	default:
		return fmt.Errorf("%s: OCI answered %d %s%s: %w", action, se.GetHTTPStatusCode(), se.GetCode(), requestID, err)
	}
}

// isNotFound reports whether OCI answered 404 (which includes "not
// authorized", see serviceError).
func isNotFound(err error) bool {
	var se common.ServiceError
	return errors.As(err, &se) && se.GetHTTPStatusCode() == http.StatusNotFound
}

// IAM policy verbs named in error messages.
const (
	policyDatabase     = "read database-family"
	policyVnic         = "read virtual-network-family"
	policyCompartments = "inspect compartments"
	policySecret       = "{SECRET_BUNDLE_READ}"
	policyOSMH         = "read osmh-family"
)

// IsNotFound reports an error that says the resource does not exist (or
// the caller may not see it, which OCI does not distinguish).
func IsNotFound(err error) bool { return isNotFound(err) }
