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

// prefetchWalk yields the first page's items, then those of pages 2..n in
// order, fetching ahead as the window allows (see window): one page at a
// time in the caller's goroutine while that is as fast, else up to w.n
// pages in flight. Links are made as pages are launched, so memory is
// O(window) whatever the total count claims. Breaking out cancels the
// fetches under way and starts no more. A page without a next link ends the
// walk (the collection was shorter than its count said); the guard ends it
// at a page of repeated items or at the page limit.
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
	// fetch gets one page. Fetches may run concurrently: each reports its
	// CallInfo to its own result, which the walk hands on with the page.
	fetch := func(u *url.URL) result {
		var r result
		pco := co
		if co.WantsInfo() {
			cp := *co
			cp.Info = &r.info
			pco = &cp
		}
		start := time.Now()
		r.page, r.err = fetchPage[T](ctx, c, pco, u)
		r.took = time.Since(start)
		return r
	}
	var inFlight []chan result
	next := 2 // the number of the next page to fetch
	launch := func() {
		ch := make(chan result, 1)
		u := pages.link(next)
		next++
		inFlight = append(inFlight, ch)
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- fetch(u)
		}()
	}
	for _, it := range first.Items {
		if !yield(it, nil) {
			return
		}
	}
	used := time.Now() // when the caller was done with the page before
	for {
		var r result
		if w.n == 0 {
			if next > pages.pages {
				return
			}
			if !guard.More() {
				yield(nil, guard.TooMany(apiID, "GET "+pages.next.Path))
				return
			}
			u := pages.link(next)
			next++
			start := time.Now()
			r = fetch(u)
			w.fetched(r.took, start.Sub(used))
		} else {
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
			r = <-inFlight[0]
			inFlight = inFlight[1:]
			w.arrived(r.took, time.Since(start))
		}
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
		used = time.Now()
		if r.page.Next == "" {
			return
		}
	}
}

// window is how many pages a prefetching walk keeps in flight; 0 means
// none: the walk fetches each page in the caller's goroutine, when the
// caller wants it, as a walk without prefetching does.
//
// Handing pages over from other goroutines costs more than it saves while
// pages come back fast and the caller uses them at once: so the walk
// starts at 0, and goes to 1 (the next page is fetched while the caller
// uses this one) when the caller takes long with a page compared with
// fetching one, or to 2 when pages take longer than slowPage (a moving
// average, so that one slow page is not enough: their time is then mostly
// spent waiting for the network or the server). It goes back to 0 from 1
// when a fast page fetched ahead was mostly waited for.
//
// From there, more pages in flight help only while the time a page takes
// is mostly waiting, not work that concurrent requests share (the CPU of
// this machine or of the server): then n pages take about as long as one
// and the walk goes n times faster. So the window doubles, up to its limit,
// while the caller waits for pages and a page fetched among others takes no
// more than half as long again as one fetched alone; it halves when pages
// take more than twice as long as alone, and then holds for a while (longer
// after each such retreat) before widening again.
type window struct {
	n, max int
	alone  time.Duration // how long a page takes when fetched alone
	hold   int           // pages to see before widening again
	pause  int           // the next hold
}

// slowPage is the fetch time beyond which pages are taken to be waiting
// for the network or the server rather than for this machine: a page of a
// server at hand takes a tenth of it.
const slowPage = time.Millisecond

// newWindow returns a window of at most max pages, the first page, fetched
// alone, having taken first.
func newWindow(max int, first time.Duration) *window {
	return &window{max: max, alone: first, pause: 4}
}

// fetched adapts the window (at 0) to a page fetched in the caller's
// goroutine in took, after the caller used the page before for used.
func (w *window) fetched(took, used time.Duration) {
	w.alone = (3*w.alone + took) / 4
	switch {
	case w.alone > slowPage:
		w.n = 2
	case used > took/2:
		w.n = 1
	}
}

// arrived adapts the window (at 1 or more) to a page fetched ahead in took,
// for which the caller waited waited.
func (w *window) arrived(took, waited time.Duration) {
	if w.n == 1 {
		w.alone = (3*w.alone + took) / 4 // fetched alone
	} else {
		// A page fetched among others takes no less than one fetched
		// alone: a faster one shows the reference was too high.
		w.alone = min(w.alone, took)
	}
	switch {
	case w.n == 1 && took <= slowPage && waited >= took/2:
		// A fast page the caller waited for most of: fetching it ahead
		// saves little now (the network or the caller sped up).
		w.n, w.alone = 0, took
	case w.n > 1 && took > 2*w.alone:
		w.n = max(w.n/2, 1)
		w.hold, w.pause = w.pause, min(2*w.pause, 256)
	case w.hold > 0:
		w.hold--
	case w.n < w.max && waited > took/8 && took <= w.alone*3/2:
		w.n = min(2*w.n, w.max)
	}
}
