package oci

import (
	"context"
	"errors"
)

// errRepeatedPage stops a listing whose service keeps answering with the
// page token it was given, which would otherwise loop forever.
var errRepeatedPage = errors.New("the service returned the same next-page token twice; stopping to avoid an endless listing")

// pageFunc fetches one page: page is nil for the first one. It returns the
// page's items and the token of the next page, nil after the last.
type pageFunc[T any] func(ctx context.Context, page *string) (items []T, next *string, err error)

// listAll follows opc-next-page until the service stops returning one. The
// Go SDK has no generic pager, and every list call here must read all pages:
// a DB system or node on page two is as real as one on page one.
func listAll[T any](ctx context.Context, fetch pageFunc[T]) ([]T, error) {
	var (
		all  []T
		page *string
	)
	for {
		if err := ctx.Err(); err != nil {
			return all, err
		}
		items, next, err := fetch(ctx, page)
		if err != nil {
			return all, err
		}
		all = append(all, items...)
		if next == nil || *next == "" {
			return all, nil
		}
		if page != nil && *next == *page {
			return all, errRepeatedPage
		}
		page = next
	}
}
