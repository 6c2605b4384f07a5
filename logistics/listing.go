package logistics

import (
	"context"
	"iter"
)

// MaxLimit is the largest page size (the Limit parameter of a list) the
// client sends. Flexport answers 400 to larger pages: a production
// connector reported it in 2024-06 for limits above about 100, and the
// products endpoints document "capped at 100". A larger Limit is sent as
// MaxLimit, so List still walks every item, in more pages, and a ListPage
// returns at most MaxLimit items (its Next fields say where the rest is).
const MaxLimit = 100

// clampLimit lowers the page size of params p (the field that field
// returns the address of) to MaxLimit, in place, and returns p. The
// generated List and ListPage methods apply it to their copy of the
// caller's parameters.
func clampLimit[P any, N number](p *P, field func(p *P) **N) *P {
	if v := *field(p); v != nil && *v > MaxLimit {
		limit := N(MaxLimit)
		*field(p) = &limit
	}
	return p
}

// pageSingle sends a list operation that returns the whole list in one
// response, a bare array (Webhooks.List), and makes it one Page, the last.
func pageSingle[T any](ctx context.Context, c *Client, opts []Option, send sendFunc) (*Page[T], error) {
	items, err := decodeValue[[]T](ctx, c, opts, send)
	if err != nil {
		return nil, err
	}
	return &Page[T]{Items: pointers(items)}, nil
}

// listSingle yields the items of pageSingle's page, sending the request
// when ranging starts; an error is yielded once.
func listSingle[T any](ctx context.Context, c *Client, opts []Option, send sendFunc) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		page, err := pageSingle[T](ctx, c, opts, send)
		if err != nil {
			yield(nil, err)
			return
		}
		for _, it := range page.Items {
			if !yield(it, nil) {
				return
			}
		}
	}
}
