package core

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"time"

	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/clientutil"
	"github.com/flexport-go/flexport/internal/transport"
)

// prefetchWalk yields the first page's items, then pages 2..n fetched ahead,
// up to w.n at a time, in order. The window adapts (see window): it starts
// at one page in flight and widens only while that makes the walk faster.
// Links are made as pages are launched, so memory is O(window) whatever the
// total count claims. Breaking out cancels the fetches under way and starts
// no more. A page without a next link ends the walk (the collection was
// shorter than its count said); the guard ends it at a page of repeated
// items or at the page limit.
func prefetchWalk[T any](ctx context.Context, c *Client, co *clientopt.Call, guard *clientutil.Walk[T], first *Page[T], pages *numberedPages, w *window, yield func(*T, error) bool) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()

	type result struct {
		page *Page[T]
		err  error
		info transport.CallInfo // of the page's request, when asked for
		took time.Duration      // from launch to decoded page
	}
	// The fetches run concurrently: each reports its CallInfo to its own
	// result, and the walk hands it on when it yields the page.
	fetchCo := co
	if co.WantsInfo() {
		cp := *co
		fetchCo = &cp
	}
	var inFlight []chan result
	next := 2 // the number of the next page to launch
	launch := func() {
		ch := make(chan result, 1)
		u := pages.link(next)
		next++
		inFlight = append(inFlight, ch)
		wg.Add(1)
		go func(u *url.URL) {
			defer wg.Done()
			var r result
			pco := fetchCo
			if co.WantsInfo() {
				cp := *fetchCo
				cp.Info = &r.info
				pco = &cp
			}
			start := time.Now()
			r.page, r.err = fetchPage[T](ctx, c, pco, u)
			r.took = time.Since(start)
			ch <- r
		}(u)
	}
	for _, it := range first.Items {
		if !yield(it, nil) {
			return
		}
	}
	for {
		for len(inFlight) < w.n && next <= pages.pages && guard.More() {
			launch()
		}
		if len(inFlight) == 0 {
			if next <= pages.pages { // the page limit stopped the launches
				yield(nil, guard.TooMany(apiID, "GET "+pages.next.Path))
			}
			return
		}
		start := time.Now()
		r := <-inFlight[0]
		w.observe(r.took, time.Since(start))
		inFlight = inFlight[1:]
		if co.WantsInfo() {
			*co.Info = r.info
		}
		if r.err != nil {
			if !yield(nil, r.err) || !errors.Is(r.err, ErrNotFound) {
				return
			}
			continue
		}
		if guard.Repeats(r.page.Items) {
			yield(nil, repeatError(r.page))
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

// window is how many pages a prefetching walk keeps in flight. More pages
// in flight help only while the time a page takes is mostly waiting (for
// the network or the server), not work that concurrent requests share (the
// CPU of this machine or of the server): then n pages take about as long as
// one and the walk goes n times faster. So the window starts at 1 and
// doubles, up to its limit, while the caller waits for pages and a page
// fetched among others takes no more than half as long again as one fetched
// alone. It halves when pages take more than twice as long as alone, and
// then holds for a while (longer after each such retreat) before widening
// again. With a server that answers at once it stays small, and the walk
// costs about what a sequential one does; with a slow network it opens
// fully.
type window struct {
	n, max int
	alone  time.Duration // how long a page takes when fetched alone
	hold   int           // pages to see before widening again
	pause  int           // the next hold
}

// newWindow returns a window of at most max pages, one page (the first,
// fetched alone) having taken first.
func newWindow(max int, first time.Duration) *window {
	return &window{n: 1, max: max, alone: first, pause: 4}
}

// observe adapts the window to a page that took took to fetch, and for
// which the caller waited waited.
func (w *window) observe(took, waited time.Duration) {
	if w.n == 1 {
		// Fetched alone: the reference the other pages are measured by, as
		// a moving average.
		w.alone = (3*w.alone + took) / 4
	}
	switch {
	case w.n > 1 && took > 2*w.alone:
		w.n = max(w.n/2, 1)
		w.hold, w.pause = w.pause, min(2*w.pause, 256)
	case w.hold > 0:
		w.hold--
	case w.n < w.max && waited > took/8 && took <= w.alone*3/2:
		w.n = min(2*w.n, w.max)
	}
}
