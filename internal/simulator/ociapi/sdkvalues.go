package ociapi

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/oracle/oci-go-sdk/v65/common"
)

// optString is nil for "", so that an unset field is null as OCI sends it.
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// sdkTime is nil for the zero time.
func sdkTime(t time.Time) *common.SDKTime {
	if t.IsZero() {
		return nil
	}
	return &common.SDKTime{Time: t}
}

// orEmpty keeps a JSON array an array when there is nothing in it.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// sortKeys are the sortBy values a list accepts: how each compares, and
// its default order (true for descending), as OCI documents them.
type sortKeys[T any] map[string]struct {
	compare func(a, b T) int
	desc    bool
}

// sortItems orders items by the request's sortBy and sortOrder; without
// sortBy they keep the store's order.
func sortItems[T any](c *call, items []T, keys sortKeys[T]) error {
	by := c.param("sortBy")
	order := c.param("sortOrder")
	if order != "" && !strings.EqualFold(order, "ASC") && !strings.EqualFold(order, "DESC") {
		return errInvalidParameter("Invalid sortOrder: " + order + ".")
	}
	if by == "" {
		return nil
	}
	key, ok := keys[strings.ToUpper(by)]
	if !ok {
		key, ok = keys[by]
	}
	if !ok {
		return errInvalidParameter("Invalid sortBy: " + by + ".")
	}
	desc := key.desc
	if order != "" {
		desc = strings.EqualFold(order, "DESC")
	}
	slices.SortStableFunc(items, func(a, b T) int {
		if desc {
			return key.compare(b, a)
		}
		return key.compare(a, b)
	})
	return nil
}

func byTime(a, b time.Time) int { return a.Compare(b) }

func byName(a, b string) int { return cmp.Compare(a, b) }
