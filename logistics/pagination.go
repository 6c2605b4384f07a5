package logistics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/flexport-go/flexport/gen/logisticsapi"
	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/clientutil"
)

// Page is one page of a list, with what is needed to ask for the next one.
// Each paginated list uses one of three styles (see the package
// documentation), and so fills in one of NextOffset, NextPageInfo and
// NextCursor; Webhooks.ListPage, whose operation returns the whole list,
// fills in none and sets More to false.
type Page[T any] struct {
	// Items are the page's items, in the order Flexport sent them.
	Items []*T
	// More reports whether a next page may exist by the list's rules: the
	// page is not empty; for page_info lists, the response linked a next
	// page. List stops where More is false.
	More bool
	// NextOffset is the Offset of the next page of a limit/offset list
	// (Products.List, Products.ListInventory): this page's offset plus its
	// length.
	NextOffset int64
	// NextPageInfo is the PageInfo of the next page of a page_info list
	// (Returns.List, Events.List), read from the page_info parameter of the
	// response's Link header with rel="next", where production code observes
	// it; "" when there is none.
	NextPageInfo string
	// NextCursor is the Cursor of the next page of a cursor list
	// (Freight.ListOrders, Freight.ListQuotes): the id of the page's last
	// item (UNCONFIRMED: Flexport does not say how its cursor works).
	NextCursor int64
}

// ErrPaginationLoop is yielded by List when the next page would be one
// already read: a repeated page_info or cursor, a page identical to the one
// before (a server ignoring the offset), or a page made only of items
// yielded before. The walk stops there.
var ErrPaginationLoop = clientutil.ErrPaginationLoop

// ErrTooManyPages is yielded by List when the walk reaches the client's
// page limit (DefaultMaxPages unless set with WithMaxPages). The walk stops
// there.
var ErrTooManyPages = clientutil.ErrTooManyPages

// DefaultMaxPages is the page limit of a List walk without WithMaxPages.
const DefaultMaxPages = clientopt.DefaultMaxPages

// pager is what the generated List methods hand to the list and page
// functions: the operation's parameters, how to send it, where the items
// are in its result R, and the parameter selecting the page (one of offset,
// pageInfo and cursor, by style).
type pager[P, R, T any] struct {
	params   *P
	send     func(ctx context.Context, p *P, edit logisticsapi.RequestEditorFn) (*http.Response, error)
	items    func(r *R) []T
	offset   numField[P]
	pageInfo func(p *P) **string
	cursor   numField[P]
}

// numField reads and writes a numeric parameter, whatever its generated
// type (the curated document makes every page position an int64).
type numField[P any] struct {
	get func(p *P) (int64, bool)
	set func(p *P, v int64)
}

type number interface {
	~float32 | ~float64 | ~int | ~int32 | ~int64
}

// numParam makes a numField of the parameter field returns the address of.
func numParam[P any, N number](field func(p *P) **N) numField[P] {
	return numField[P]{
		get: func(p *P) (int64, bool) {
			if v := *field(p); v != nil {
				return int64(*v), true
			}
			return 0, false
		},
		set: func(p *P, v int64) {
			n := N(v)
			*field(p) = &n
		},
	}
}

// style is a list's pagination style.
type style int

const (
	styleOffset   style = iota // limit/offset, ends on an empty page
	stylePageInfo              // page_info from the Link header
	styleCursor                // cursor = last item's id
)

func listOffset[P, R, T any](ctx context.Context, c *Client, opts []Option, pg *pager[P, R, T]) iter.Seq2[*T, error] {
	return pg.walk(ctx, c, opts, styleOffset)
}

func pageOffset[P, R, T any](ctx context.Context, c *Client, opts []Option, pg *pager[P, R, T]) (*Page[T], error) {
	return pg.page(ctx, c, opts, styleOffset)
}

func listPageInfo[P, R, T any](ctx context.Context, c *Client, opts []Option, pg *pager[P, R, T]) iter.Seq2[*T, error] {
	return pg.walk(ctx, c, opts, stylePageInfo)
}

func pagePageInfo[P, R, T any](ctx context.Context, c *Client, opts []Option, pg *pager[P, R, T]) (*Page[T], error) {
	return pg.page(ctx, c, opts, stylePageInfo)
}

func listCursor[P, R, T any](ctx context.Context, c *Client, opts []Option, pg *pager[P, R, T]) iter.Seq2[*T, error] {
	return pg.walk(ctx, c, opts, styleCursor)
}

func pageCursor[P, R, T any](ctx context.Context, c *Client, opts []Option, pg *pager[P, R, T]) (*Page[T], error) {
	return pg.page(ctx, c, opts, styleCursor)
}

// page fetches the page pg.params selects.
func (pg *pager[P, R, T]) page(ctx context.Context, c *Client, opts []Option, s style) (*Page[T], error) {
	co, err := callSettings(opts)
	if err != nil {
		return nil, err
	}
	f, err := pg.fetch(ctx, c, co, pg.params)
	if err != nil {
		return nil, err
	}
	return pg.next(s, pg.params, f, 0)
}

// walk yields the items of the page pg.params selects and of every page
// after it, in order, until the style's last page, an error, or the caller
// stops ranging. It writes only to pg.params, a copy of the caller's. A
// walk that would not end is an error: a position already requested, a
// page of items already yielded (ErrPaginationLoop), or the client's page
// limit (ErrTooManyPages).
func (pg *pager[P, R, T]) walk(ctx context.Context, c *Client, opts []Option, s style) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		co, err := callSettings(opts)
		if err != nil {
			yield(nil, err)
			return
		}
		p := pg.params
		guard := clientutil.NewWalk[T](co.PageLimit(c.maxPages))
		if pos, ok := pg.position(s, p); ok {
			guard.Revisits(pos)
		}
		size, path := 0, ""
		for {
			if !guard.More() {
				yield(nil, guard.TooMany(apiID, path))
				return
			}
			f, err := pg.fetch(ctx, c, co, p)
			if err != nil {
				yield(nil, err)
				return
			}
			path = f.path
			// A page identical to the one before (a server ignoring the
			// offset) is made of items already yielded too.
			if guard.Repeats(f.items) {
				yield(nil, f.decodeError(clientutil.ErrRepeatedPage))
				return
			}
			page, err := pg.next(s, p, f, size)
			for _, it := range f.items {
				if !yield(it, nil) {
					return
				}
			}
			if err != nil {
				yield(nil, err)
				return
			}
			if !page.More {
				return
			}
			size = max(size, len(page.Items))
			pg.advance(s, p, page)
			if pos, _ := pg.position(s, p); guard.Revisits(pos) {
				yield(nil, guard.Loop(apiID, f.path, fmt.Sprintf("next %s %s was already requested", s, pos)))
				return
			}
		}
	}
}

// next makes a Page of f, which params p selected, saying where the page
// after it is. size is the length of the longest page before f (0 for
// none): for cursor lists, a shorter page is the last. On error the Page is
// nil but f's items are still good.
func (pg *pager[P, R, T]) next(s style, p *P, f *fetched[T], size int) (*Page[T], error) {
	page := &Page[T]{Items: f.items, More: len(f.items) > 0}
	switch s {
	case styleOffset:
		start, _ := pg.offset.get(p)
		page.NextOffset = start + int64(len(f.items))
	case stylePageInfo:
		page.NextPageInfo = nextPageInfo(f.resp.Header)
		page.More = page.More && page.NextPageInfo != ""
	case styleCursor:
		if len(f.items) == 0 {
			break
		}
		id, err := itemID(f.items[len(f.items)-1])
		if err != nil {
			return nil, f.decodeError(fmt.Errorf("next cursor: %w", err))
		}
		page.NextCursor = id
		page.More = len(f.items) >= size
	}
	return page, nil
}

// advance sets p to select the page after page.
func (pg *pager[P, R, T]) advance(s style, p *P, page *Page[T]) {
	switch s {
	case styleOffset:
		pg.offset.set(p, page.NextOffset)
	case stylePageInfo:
		v := page.NextPageInfo
		*pg.pageInfo(p) = &v
	case styleCursor:
		pg.cursor.set(p, page.NextCursor)
	}
}

// position returns the value of p's page parameter, if set.
func (pg *pager[P, R, T]) position(s style, p *P) (string, bool) {
	switch s {
	case styleOffset:
		v, ok := pg.offset.get(p)
		return strconv.FormatInt(v, 10), ok
	case stylePageInfo:
		v := *pg.pageInfo(p)
		return deref(v), v != nil
	default:
		v, ok := pg.cursor.get(p)
		return strconv.FormatInt(v, 10), ok
	}
}

func (s style) String() string {
	return [...]string{"offset", "page_info", "cursor"}[s]
}

// fetched is one page as received.
type fetched[T any] struct {
	items []*T
	path  string         // method and path, for errors
	resp  *http.Response // its body closed: its header, and for errors
}

// decodeError is the *DecodeError of f caused by err.
func (f *fetched[T]) decodeError(err error) error { return apierr.NewDecodeError(apiID, f.resp, err) }

// fetch sends the request p selects and decodes the page.
func (pg *pager[P, R, T]) fetch(ctx context.Context, c *Client, co *clientopt.Call, p *P) (*fetched[T], error) {
	resp, err := c.send(ctx, co, func(ctx context.Context, edit logisticsapi.RequestEditorFn) (*http.Response, error) {
		return pg.send(ctx, p, edit)
	})
	if err != nil {
		return nil, err
	}
	defer clientutil.DrainClose(resp)
	f := &fetched[T]{path: resp.Request.Method + " " + resp.Request.URL.Path, resp: resp}
	body, err := clientutil.ReadBody(apiID, resp, co.ResponseLimit(c.maxResponse))
	if err != nil {
		return nil, err
	}
	var r R
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, clientutil.DecodeError(apiID, resp, err)
	}
	f.items = pointers(pg.items(&r))
	return f, nil
}

// pointers returns pointers to the items, the form a Page holds them in.
func pointers[T any](items []T) []*T {
	p := make([]*T, len(items))
	for i := range items {
		p[i] = &items[i]
	}
	return p
}

// nextPageInfo returns the page_info query parameter of the Link header's
// rel="next" target (RFC 8288, as Shopify sends it:
// `<https://...?limit=50&page_info=abc>; rel="next"`), or "". This is
// where production code observes Flexport's next page_info for /events and
// /returns.
func nextPageInfo(h http.Header) string {
	for _, v := range h.Values("Link") {
		for {
			start := strings.IndexByte(v, '<')
			end := strings.IndexByte(v, '>')
			if start < 0 || end < start {
				break
			}
			target, rest := v[start+1:end], v[end+1:]
			params := rest
			if i := strings.IndexByte(rest, '<'); i >= 0 {
				params = rest[:i]
			}
			v = rest[len(params):]
			if !hasRel(params, "next") {
				continue
			}
			if u, err := url.Parse(strings.TrimSpace(target)); err == nil {
				if pi := u.Query().Get("page_info"); pi != "" {
					return pi
				}
			}
		}
	}
	return ""
}

// hasRel reports whether a link-value's parameters (`; rel="next prev",`)
// include the relation rel.
func hasRel(params, rel string) bool {
	for _, p := range strings.Split(params, ";") {
		k, v, ok := strings.Cut(p, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
			continue
		}
		for _, r := range strings.Fields(strings.Trim(v, "\" \t,")) {
			if strings.EqualFold(r, rel) {
				return true
			}
		}
	}
	return false
}

// itemID returns the numeric id of a list item (for the union types of
// freight orders and quotes too), as its JSON "id" member: a number or a
// string of one.
func itemID[T any](item *T) (int64, error) {
	b, err := json.Marshal(item)
	if err != nil {
		return 0, err
	}
	var v struct {
		ID json.RawMessage `json:"id"`
	}
	if err := json.Unmarshal(b, &v); err != nil || len(v.ID) == 0 || string(v.ID) == "null" {
		return 0, errors.New("the last item has no id")
	}
	id, err := strconv.ParseInt(strings.Trim(string(v.ID), `"`), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("the last item's id %.40s is not an integer", v.ID)
	}
	return id, nil
}
