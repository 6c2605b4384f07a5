package core

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/flexport-go/flexport/gen/coreapi"
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
}

// Get fetches the object a reference links to (an object ref's link, such
// as shipment.Booking.Link) and returns the data of the response envelope.
// When the object's _object is not T's (a link to a leg fetched as a
// Booking), it returns an *ObjectMismatchError naming both.
// The link is rebased onto the client's base URL, so credentials never go to
// another host.
func Get[T any](ctx context.Context, c *Client, link string, opts ...CallOption) (*T, error) {
	resp, err := c.getLink(ctx, link, opts)
	if err != nil {
		return nil, err
	}
	return decodeData[T](c, resp)
}

// List walks the collection a reference links to (a collection ref's link,
// such as shipment.Legs.Link), page after page in order, following each
// page's next link rebased onto the client's base URL:
//
//	for leg, err := range core.List[core.ShipmentLeg](ctx, c, shipment.Legs.Link) { ... }
//
// It stops at the last page or when the caller stops ranging; a link it has
// already followed, a page of items it has already yielded or the client's
// page limit (WithMaxPages) ends it with an error, and so does an item whose
// _object is not T's (an *ObjectMismatchError naming both).
func List[T any](ctx context.Context, c *Client, link string, opts ...CallOption) iter.Seq2[*T, error] {
	return walk[T](ctx, c, opts, func(ctx context.Context) (*http.Response, error) {
		return c.getLink(ctx, link, opts)
	})
}

// ListPageAt fetches the one page of a collection at link (a collection
// ref's link or a Page's Next), rebased onto the client's base URL.
func ListPageAt[T any](ctx context.Context, c *Client, link string, opts ...CallOption) (*Page[T], error) {
	resp, err := c.getLink(ctx, link, opts)
	if err != nil {
		return nil, err
	}
	return decodePage[T](c, resp)
}

// pager is what the generated List methods hand to listCore and pageCore:
// the operation's parameters and how to send it.
type pager[P any, T any] struct {
	params *P
	send   func(ctx context.Context, p *P, edit coreapi.RequestEditorFn) (*http.Response, error)
}

func (p *pager[P, T]) first(c *Client, opts []CallOption) func(ctx context.Context) (*http.Response, error) {
	return func(ctx context.Context) (*http.Response, error) {
		return c.send(ctx, opts, func(ctx context.Context, edit coreapi.RequestEditorFn) (*http.Response, error) {
			return p.send(ctx, p.params, edit)
		})
	}
}

func listCore[P, T any](ctx context.Context, c *Client, opts []CallOption, p *pager[P, T]) iter.Seq2[*T, error] {
	return walk[T](ctx, c, opts, p.first(c, opts))
}

func pageCore[P, T any](ctx context.Context, c *Client, opts []CallOption, p *pager[P, T]) (*Page[T], error) {
	resp, err := p.first(c, opts)(ctx)
	if err != nil {
		return nil, err
	}
	return decodePage[T](c, resp)
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

func decodePage[T any](c *Client, resp *http.Response) (*Page[T], error) {
	defer clientutil.DrainClose(resp)
	var env collection[T]
	if err := c.readJSON(resp, &env); err != nil {
		return nil, err
	}
	if env.Data == nil {
		return nil, fmt.Errorf("core: %s %s: the response envelope has no collection", resp.Request.Method, resp.Request.URL.Path)
	}
	for _, it := range env.Data.Data {
		if err := checkObject(resp, it); err != nil {
			return nil, err
		}
	}
	return &Page[T]{Items: env.Data.Data, TotalCount: env.Data.TotalCount, Next: deref(env.Data.Next), Prev: deref(env.Data.Prev)}, nil
}

// fetchFunc sends one page request and returns its 2xx response.
type fetchFunc func(ctx context.Context) (*http.Response, error)

// walk yields the items of the first page and of every page its next links
// lead to, in order. A page that answers 404 is reported as an error; if the
// caller keeps ranging, a page-numbered collection with a total count goes on
// with the following page (recorded and live collections both have gaps).
//
// A walk that would not end is an error, never a silent end: a next link
// already followed or a page of items all yielded before ends it with
// ErrPaginationLoop, and the client's page limit with ErrTooManyPages.
func walk[T any](ctx context.Context, c *Client, opts []CallOption, first fetchFunc) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		guard := clientutil.NewWalk[T](c.maxPages)
		guard.More() // the first page
		resp, err := first(ctx)
		if err != nil {
			yield(nil, err)
			return
		}
		seen := map[string]bool{}
		path := ""
		if resp.Request != nil {
			seen[resp.Request.URL.String()] = true
			path = resp.Request.Method + " " + resp.Request.URL.Path
		}
		page, err := decodePage[T](c, resp)
		if err != nil {
			yield(nil, err)
			return
		}
		guard.Repeats(page.Items)
		numbered := pageLinks(c, page)
		if c.prefetch > 1 && numbered != nil {
			prefetchWalk(ctx, c, opts, guard, page, numbered, yield)
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
				if seen[u.String()] {
					yield(nil, fmt.Errorf("%w: %s links back to a page already read", ErrPaginationLoop, path))
					return
				}
				seen[u.String()] = true
				if !guard.More() {
					yield(nil, guard.TooMany(pkg, path))
					return
				}
				page, err = fetchPage[T](ctx, c, u, opts)
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
				yield(nil, repeatError(path))
				return
			}
		}
	}
}

// repeatError ends a walk whose page at path held only items yielded
// before.
func repeatError(path string) error {
	return fmt.Errorf("%w: %s returned a page of items already listed", ErrPaginationLoop, path)
}

func fetchPage[T any](ctx context.Context, c *Client, u *url.URL, opts []CallOption) (*Page[T], error) {
	resp, err := c.getURL(ctx, u, opts)
	if err != nil {
		return nil, err
	}
	return decodePage[T](c, resp)
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

// getLink sends a GET for a link Flexport gave, rebased onto the base URL.
func (c *Client) getLink(ctx context.Context, link string, opts []CallOption) (*http.Response, error) {
	u, err := c.rebase(link)
	if err != nil {
		return nil, err
	}
	return c.getURL(ctx, u, opts)
}

func (c *Client) getURL(ctx context.Context, u *url.URL, opts []CallOption) (*http.Response, error) {
	return c.send(ctx, opts, func(ctx context.Context, edit coreapi.RequestEditorFn) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, err
		}
		if err := edit(ctx, req); err != nil {
			return nil, err
		}
		return c.http.Do(req)
	})
}

// rebase keeps the path and query of a link and puts it on the client's base
// URL: recorded links name other hosts (api.flexport.com, a sandbox), and a
// credential must never be sent anywhere but the configured host. A link on
// the base host that already has the base path is kept as it is.
func (c *Client) rebase(link string) (*url.URL, error) {
	if strings.TrimSpace(link) == "" {
		return nil, errors.New("core: empty link")
	}
	u, err := url.Parse(link)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text quotes the whole link, query included
		}
		return nil, fmt.Errorf("core: malformed link: %w", err)
	}
	out := *c.base
	p := u.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !(u.Host == c.base.Host && c.base.Path != "" && strings.HasPrefix(p, c.base.Path+"/")) {
		p = c.base.Path + p
	}
	out.Path, out.RawPath = p, ""
	out.RawQuery = u.RawQuery
	out.Fragment = ""
	return &out, nil
}
