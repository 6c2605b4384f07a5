package core

import (
	"context"
	"errors"
	"net/url"
	"sync"

	"github.com/flexport-go/flexport/internal/clientutil"
)

// prefetchWalk yields the first page's items, then pages 2..n fetched up to
// c.prefetch at a time, in order. Links are made as pages are launched, so
// memory is O(c.prefetch) whatever the total count claims. Breaking out
// cancels the fetches under way and starts no more. A page without a next
// link ends the walk (the collection was shorter than its count said); the
// guard ends it at a page of repeated items or at the page limit.
func prefetchWalk[T any](ctx context.Context, c *Client, opts []CallOption, guard *clientutil.Walk[T], first *Page[T], pages *numberedPages, yield func(*T, error) bool) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	type result struct {
		page *Page[T]
		path string
		err  error
	}
	var window []chan result
	next := 2 // the number of the next page to launch
	launch := func() {
		ch := make(chan result, 1)
		u := pages.link(next)
		next++
		window = append(window, ch)
		wg.Add(1)
		go func(u *url.URL) {
			defer wg.Done()
			p, err := fetchPage[T](ctx, c, u, opts)
			ch <- result{p, "GET " + u.Path, err}
		}(u)
	}
	for _, it := range first.Items {
		if !yield(it, nil) {
			return
		}
	}
	for {
		for len(window) < c.prefetch && next <= pages.pages && guard.More() {
			launch()
		}
		if len(window) == 0 {
			if next <= pages.pages { // the page limit stopped the launches
				yield(nil, guard.TooMany(pkg, "GET "+pages.next.Path))
			}
			return
		}
		r := <-window[0]
		window = window[1:]
		if r.err != nil {
			if !yield(nil, r.err) || !errors.Is(r.err, ErrNotFound) {
				return
			}
			continue
		}
		if guard.Repeats(r.page.Items) {
			yield(nil, repeatError(r.path))
			return
		}
		for _, it := range r.page.Items {
			if !yield(it, nil) {
				return
			}
		}
		if r.page.Next == "" {
			return
		}
	}
}
