package oci

import (
	"context"
	"errors"
	"reflect"
	"testing"
)

func TestListAll(t *testing.T) {
	t.Parallel()
	pages := map[string][]int{"": {1, 2}, "p2": {3}, "p3": {4, 5}}
	next := map[string]string{"": "p2", "p2": "p3"}
	var asked []string
	got, err := listAll(context.Background(), func(_ context.Context, page *string) ([]int, *string, error) {
		token := deref(page)
		asked = append(asked, token)
		return pages[token], optional(next[token]), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 2, 3, 4, 5}; !reflect.DeepEqual(got, want) {
		t.Errorf("listAll() = %v, want %v", got, want)
	}
	if want := []string{"", "p2", "p3"}; !reflect.DeepEqual(asked, want) {
		t.Errorf("pages asked = %q, want %q", asked, want)
	}
}

func TestListAllStops(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	t.Run("on an error", func(t *testing.T) {
		t.Parallel()
		_, err := listAll(context.Background(), func(context.Context, *string) ([]int, *string, error) {
			return nil, nil, boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("listAll() = %v, want %v", err, boom)
		}
	})
	t.Run("on a repeated token", func(t *testing.T) {
		t.Parallel()
		calls := 0
		_, err := listAll(context.Background(), func(context.Context, *string) ([]int, *string, error) {
			calls++
			return []int{1}, optional("same"), nil
		})
		if !errors.Is(err, errRepeatedPage) || calls != 2 {
			t.Errorf("listAll() = %v after %d calls, want errRepeatedPage after 2", err, calls)
		}
	})
	t.Run("on a cancelled context", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		calls := 0
		_, err := listAll(ctx, func(context.Context, *string) ([]int, *string, error) {
			calls++
			cancel()
			return []int{1}, optional("more"), nil
		})
		if !errors.Is(err, context.Canceled) || calls != 1 {
			t.Errorf("listAll() = %v after %d calls, want context.Canceled after 1", err, calls)
		}
	})
}
