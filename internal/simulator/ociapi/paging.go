package ociapi

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// maxPageSize is the largest limit the OCI list operations accept.
const maxPageSize = 1000

// paginate returns the page of items the request asks for (limit, page)
// and sets opc-next-page when more remain.
func paginate[T any](c *call, items []T) ([]T, error) {
	limit := c.s.pageSize(c.op)
	if v := c.param("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			return nil, errInvalidParameter("Invalid limit: " + strconv.Quote(v) + " must be between 1 and " + strconv.Itoa(maxPageSize) + ".")
		}
		limit = n
	}
	offset := 0
	if token := c.param("page"); token != "" {
		n, ok := decodePageToken(c.op, token)
		if !ok {
			return nil, errInvalidParameter("Invalid page: " + strconv.Quote(token) + " is not a page token this list returned.")
		}
		offset = min(n, len(items))
	}
	end := min(offset+limit, len(items))
	if end < len(items) {
		c.w.Header().Set("opc-next-page", encodePageToken(c.op, end))
	}
	return items[offset:end], nil
}

// Page tokens are opaque to clients; they name the operation so that a
// token from one listing is refused by another.
func encodePageToken(op string, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(op + ":" + strconv.Itoa(offset)))
}

func decodePageToken(op, token string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		return 0, false
	}
	name, offset, ok := strings.Cut(string(raw), ":")
	if !ok || name != op {
		return 0, false
	}
	n, err := strconv.Atoi(offset)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
