package core

import (
	"context"
	"errors"
	"iter"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/flexport-go/flexport/gen/coreapi"
	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/clientutil"
)

// Page is one page of a collection, with its metadata.
type Page[T any] struct {
	// Items are the page's items, in the order Flexport sent them.
	Items []*T
	// TotalCount is the number of items in the whole collection, when
	// Flexport says.
	TotalCount *int
	// Next and Prev are the links to the next and previous pages as Flexport
	// sent them ("" when there is none). Follow them with ListPageAt, which
	// rebases them onto the client's base URL.
	Next, Prev string

	// resp is what the page came in (request line, status, request id),
	// for the errors of a walk.
	resp apierr.DecodeError
}

// Get fetches the object a reference links to (an object ref's link, such
// as shipment.Booking.Link) and returns the data of the response envelope.
// When the object's _object is not T's (a link to a leg fetched as a
// Booking), it returns an *ObjectMismatchError naming both.
// The link is rebased onto the client's base URL, so credentials never go to
// another host; a link that is neither an absolute http(s) URL nor a path
// fails at once with a *ValidationError, without a request.
func Get[T any](ctx context.Context, c *Client, link string, opts ...Option) (*T, error) {
	co, u, err := c.linkCall(link, opts)
	if err != nil {
		return nil, err
	}
	resp, err := c.getURL(ctx, co, u)
	if err != nil {
		return nil, err
	}
	return decodeData[T](c, co, resp)
}

// List walks the collection a reference links to (a collection ref's link,
// such as shipment.Legs.Link), page after page in order, following each
// page's next link rebased onto the client's base URL:
//
//	for leg, err := range core.List[core.ShipmentLeg](ctx, c, shipment.Legs.Link) { ... }
//
// It stops at the last page or when the caller stops ranging; a link it has
// already followed, a page of items it has already yielded or the page
// limit (WithMaxPages) ends it with an error, and so does an item whose
// _object is not T's (an *ObjectMismatchError naming both). A link that is
// neither an absolute http(s) URL nor a path is an error at once.
func List[T any](ctx context.Context, c *Client, link string, opts ...Option) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		co, u, err := c.linkCall(link, opts)
		if err != nil {
			yield(nil, err)
			return
		}
		walk[T](ctx, c, co, func(ctx context.Context) (*http.Response, error) {
			return c.getURL(ctx, co, u)
		})(yield)
	}
}

// ListPageAt fetches the one page of a collection at link (a collection
// ref's link or a Page's Next), rebased onto the client's base URL.
func ListPageAt[T any](ctx context.Context, c *Client, link string, opts ...Option) (*Page[T], error) {
	co, u, err := c.linkCall(link, opts)
	if err != nil {
		return nil, err
	}
	resp, err := c.getURL(ctx, co, u)
	if err != nil {
		return nil, err
	}
	return decodePage[T](c, co, resp)
}

// pager is what the generated List methods hand to listCore and pageCore:
// the operation's parameters and how to send it.
type pager[P any, T any] struct {
	params *P
	send   func(ctx context.Context, p *P, edit coreapi.RequestEditorFn) (*http.Response, error)
}

func (p *pager[P, T]) first(c *Client, co *clientopt.Call) fetchFunc {
	return func(ctx context.Context) (*http.Response, error) {
		return c.send(ctx, co, func(ctx context.Context, edit coreapi.RequestEditorFn) (*http.Response, error) {
			return p.send(ctx, p.params, edit)
		})
	}
}

func listCore[P, T any](ctx context.Context, c *Client, opts []Option, p *pager[P, T]) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		co, err := callSettings(opts)
		if err != nil {
			yield(nil, err)
			return
		}
		walk[T](ctx, c, co, p.first(c, co))(yield)
	}
}

func pageCore[P, T any](ctx context.Context, c *Client, opts []Option, p *pager[P, T]) (*Page[T], error) {
	co, err := callSettings(opts)
	if err != nil {
		return nil, err
	}
	resp, err := p.first(c, co)(ctx)
	if err != nil {
		return nil, err
	}
	return decodePage[T](c, co, resp)
}

// collection is a paginated collection in the response envelope.
type collection[T any] struct {
	Data *struct {
		Prev       *string `json:"prev"`
		Next       *string `json:"next"`
		TotalCount *int    `json:"total_count"`
		Data       []*T    `json:"data"`
	} `json:"data"`
}

// errNoCollection is the cause of the DecodeError of a page whose envelope
// has no collection.
var errNoCollection = errors.New("the response envelope has no collection")

func decodePage[T any](c *Client, co *clientopt.Call, resp *http.Response) (*Page[T], error) {
	defer clientutil.DrainClose(resp)
	var env collection[T]
	if err := c.readJSON(co, resp, &env); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, apierr.NewDecodeError(apiID, resp, errNoCollection)
	}
	for _, it := range env.Data.Data {
		if err := checkObject(resp, it); err != nil {
			return nil, err
		}
	}
	return &Page[T]{Items: env.Data.Data, TotalCount: env.Data.TotalCount, Next: deref(env.Data.Next), Prev: deref(env.Data.Prev),
		resp: *apierr.NewDecodeError(apiID, resp, nil)}, nil
}

// fetchFunc sends one page request and returns its 2xx response.
type fetchFunc func(ctx context.Context) (*http.Response, error)

// walk yields the items of the first page and of every page its next links
// lead to, in order. A page that answers 404 is reported as an error; if the
// caller keeps ranging, a page-numbered collection with a total count goes on
// with the following page (recorded and live collections both have gaps).
// With prefetching (WithPrefetch) and a page-numbered collection, pages are
// fetched ahead (prefetchWalk).
//
// A walk that would not end is an error, never a silent end: a next link
// already followed or a page of items all yielded before ends it with
// ErrPaginationLoop, and the page limit with ErrTooManyPages.
func walk[T any](ctx context.Context, c *Client, co *clientopt.Call, first fetchFunc) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		guard := clientutil.NewWalk[T](co.PageLimit(c.maxPages))
		guard.More() // the first page
		start := time.Now()
		resp, err := first(ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		path := ""
		if resp.Request != nil {
			guard.Revisits(resp.Request.URL.String())
			path = resp.Request.Method + " " + resp.Request.URL.Path
		}
		page, err := decodePage[T](c, co, resp)
		if err != nil {
			yield(nil, err)
			return
		}
		guard.Repeats(page.Items)
		numbered := pageLinks(c, page)
		if n := co.PrefetchLimit(c.prefetch); n > 1 && numbered != nil {
			prefetchWalk(ctx, c, co, guard, page, numbered, newWindow(n, time.Since(start)), yield)
			return
		}
		for {
			for _, it := range page.Items {
				if !yield(it, nil) {
					return
				}
			}
			if page.Next == "" {
				return
			}
			u, err := c.rebase(page.Next)
			if err != nil {
				yield(nil, err)
				return
			}
			for {
				if guard.Revisits(u.String()) {
					yield(nil, guard.Loop(apiID, path, "the next link leads back to a page already read"))
					return
				}
				if !guard.More() {
					yield(nil, guard.TooMany(apiID, path))
					return
				}
				page, err = fetchPage[T](ctx, c, co, u)
				if err == nil {
					break
				}
				if !yield(nil, err) || !errors.Is(err, ErrNotFound) {
					return
				}
				if u = numbered.after(u); u == nil {
					return
				}
			}
			if guard.Repeats(page.Items) {
				yield(nil, repeatError(page))
				return
			}
		}
	}
}

// repeatError ends a walk at page, which held only items yielded before.
func repeatError[T any](page *Page[T]) error {
	e := page.resp
	e.Err = clientutil.ErrRepeatedPage
	return &e
}

func fetchPage[T any](ctx context.Context, c *Client, co *clientopt.Call, u *url.URL) (*Page[T], error) {
	resp, err := c.getURL(ctx, co, u)
	if err != nil {
		return nil, err
	}
	return decodePage[T](c, co, resp)
}

// numberedPages makes the links of pages 2..pages of a page-numbered
// collection from its page-2 link, one at a time: a total count that lies
// costs nothing until its pages are fetched.
type numberedPages struct {
	next  *url.URL   // the link of page 2
	query url.Values // its query
	pages int        // the number of pages the total count makes
}

// pageLinks returns the numbered pages of a page-numbered collection whose
// first page reports its total count, built from the first page's next
// link; nil when the collection does not say enough.
func pageLinks[T any](c *Client, first *Page[T]) *numberedPages {
	if first.TotalCount == nil || first.Next == "" || len(first.Items) == 0 {
		return nil
	}
	next, err := c.rebase(first.Next)
	if err != nil {
		return nil
	}
	q := next.Query()
	if p, err := strconv.Atoi(q.Get("page")); err != nil || p != 2 {
		return nil
	}
	per := len(first.Items)
	if v := q.Get("per"); v != "" {
		if per, err = strconv.Atoi(v); err != nil || per < 1 {
			return nil
		}
	}
	pages := *first.TotalCount/per + min(*first.TotalCount%per, 1)
	if pages < 2 {
		return nil
	}
	return &numberedPages{next: next, query: q, pages: pages}
}

// link returns the link of page k.
func (n *numberedPages) link(k int) *url.URL {
	q := maps.Clone(n.query)
	q.Set("page", strconv.Itoa(k))
	u := *n.next
	u.RawQuery = q.Encode()
	return &u
}

// after returns the link of the page after the one u links to, or nil when
// u is the last, or not a numbered page (or n is nil).
func (n *numberedPages) after(u *url.URL) *url.URL {
	if n == nil {
		return nil
	}
	k, err := strconv.Atoi(u.Query().Get("page"))
	if err != nil || k < 1 || k >= n.pages {
		return nil
	}
	return n.link(k + 1)
}
