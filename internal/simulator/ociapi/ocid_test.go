package ociapi

import (
	"regexp"
	"testing"
)

func TestNewOCID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind, region string
		want         *regexp.Regexp
	}{
		{"tenancy", "", regexp.MustCompile(`^ocid1\.tenancy\.oc1\.\.[a-z0-9]{60}$`)},
		{"dbsystem", "us-ashburn-1", regexp.MustCompile(`^ocid1\.dbsystem\.oc1\.us-ashburn-1\.[a-z0-9]{60}$`)},
	}
	for _, tt := range tests {
		a, b := NewOCID(tt.kind, tt.region), NewOCID(tt.kind, tt.region)
		if !tt.want.MatchString(a) {
			t.Errorf("NewOCID(%q, %q) = %q", tt.kind, tt.region, a)
		}
		if a == b {
			t.Errorf("two OCIDs are equal: %s", a)
		}
	}
}
