package oci

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// fakeServiceError satisfies common.ServiceError, as SDK errors do.
type fakeServiceError struct {
	status int
	code   string
}

func (e fakeServiceError) Error() string {
	return fmt.Sprintf("Error returned by service: %d %s", e.status, e.code)
}
func (e fakeServiceError) GetHTTPStatusCode() int  { return e.status }
func (e fakeServiceError) GetMessage() string      { return e.code }
func (e fakeServiceError) GetCode() string         { return e.code }
func (e fakeServiceError) GetOpcRequestID() string { return "req-1" }

func TestServiceError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want []string
	}{
		{name: "404 hints at IAM", err: fakeServiceError{404, "NotAuthorizedOrNotFound"}, want: []string{"list things", "404 NotAuthorizedOrNotFound", "req-1", "Allow dynamic-group <name> to read database-family"}},
		{name: "403 hints at IAM", err: fakeServiceError{403, "Forbidden"}, want: []string{"read database-family"}},
		{name: "401 blames the signature", err: fakeServiceError{401, "NotAuthenticated"}, want: []string{"signature", "fingerprint"}},
		{name: "429 after retries", err: fakeServiceError{429, "TooManyRequests"}, want: []string{"throttling", "after every retry"}},
		{name: "500 as is", err: fakeServiceError{500, "InternalServerError"}, want: []string{"500 InternalServerError"}},
		{name: "not a service error", err: errors.New("dial tcp: refused"), want: []string{"list things: dial tcp: refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := serviceError(tt.err, "list things", policyDatabase)
			mustContain(t, got, tt.want...)
			if !errors.Is(got, tt.err) {
				t.Errorf("serviceError() does not wrap the SDK error")
			}
		})
	}
}

func TestDBSystemErrorsReadAsSentences(t *testing.T) {
	t.Parallel()
	notFound := &DBSystemNotFoundError{
		DisplayName: "sales",
		Root:        "ocid1.compartment.oc1..root",
		searched:    []compartment{{ID: "ocid1.compartment.oc1..root"}, {ID: "ocid1.compartment.oc1..a", Name: "apps"}, {ID: "ocid1.compartment.oc1..b", Name: "db"}},
	}
	mustContain(t, notFound, `"sales"`, "ocid1.compartment.oc1..root", "its 2 sub-compartments (apps, db)")
	if got := notFound.SearchedCompartments(); len(got) != 3 || got[0] != "ocid1.compartment.oc1..root" {
		t.Errorf("SearchedCompartments() = %v, want root first then both children", got)
	}

	ambiguous := &AmbiguousDBSystemError{
		DisplayName: "sales",
		Matches: []System{
			{ID: "ocid1.dbsystem.oc1..one", CompartmentID: "ocid1.compartment.oc1..a", LifecycleState: "AVAILABLE"},
			{ID: "ocid1.dbsystem.oc1..two", CompartmentID: "ocid1.compartment.oc1..b", LifecycleState: "UPDATING"},
		},
		names: map[string]string{"ocid1.compartment.oc1..a": "apps"},
	}
	mustContain(t, ambiguous, "2 DB systems", "ocid1.dbsystem.oc1..one in compartment apps (ocid1.compartment.oc1..a)", "ocid1.dbsystem.oc1..two in compartment ocid1.compartment.oc1..b", "db_system_id")
	if strings.Contains(ambiguous.Error(), "\n") {
		t.Error("the ambiguous-name error spans several lines; Terraform diagnostics read better on one")
	}
}
