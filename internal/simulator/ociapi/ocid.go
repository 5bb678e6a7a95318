package ociapi

import (
	"crypto/rand"
	"strings"
)

// ocidAlphabet is the character set of the unique part of real OCIDs.
const ocidAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

// ocidUniqueLen is the length of the unique part of real OCIDs.
const ocidUniqueLen = 60

// NewOCID returns a fresh OCID of the given resource type, such as
// "dbsystem" or "vnic", in OCI's format: ocid1.<type>.oc1.<region>.<unique>.
// Global resources (tenancy, compartment, user) have no region: pass ""
// to get ocid1.<type>.oc1..<unique>.
func NewOCID(resourceType, region string) string {
	unique := make([]byte, ocidUniqueLen)
	// rand.Read never fails on the platforms Go supports.
	_, _ = rand.Read(unique)
	for i, b := range unique {
		unique[i] = ocidAlphabet[int(b)%len(ocidAlphabet)]
	}
	var sb strings.Builder
	sb.Grow(len("ocid1..oc1..") + len(resourceType) + len(region) + ocidUniqueLen)
	sb.WriteString("ocid1.")
	sb.WriteString(resourceType)
	sb.WriteString(".oc1.")
	sb.WriteString(region)
	sb.WriteByte('.')
	sb.Write(unique)
	return sb.String()
}
