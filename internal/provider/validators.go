package provider

import "regexp"

var (
	httpURL = regexp.MustCompile(`^https?://\S+$`)
	// ocidPattern is the shape of an OCI identifier: ocid1.<type>.<realm>.[region].<unique>.
	ocidPattern = regexp.MustCompile(`^ocid1\.[a-z0-9]+\.[a-z0-9-]+\.[a-z0-9-]*\.[a-z0-9]+$`)
)
