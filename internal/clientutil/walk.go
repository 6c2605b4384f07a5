package clientutil

import (
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"reflect"
	"strings"

	"github.com/flexport-go/flexport/internal/apierr"
)

// ErrTooManyPages is wrapped by the error that ends a List walk at its page
// limit (see clientopt.MaxPages).
var ErrTooManyPages = errors.New("too many pages")

// ErrPaginationLoop is wrapped by the error that ends a List walk going
// round in circles: a page requested again (see Walk.Revisits) or a page
// made only of items yielded before (ErrRepeatedPage).
var ErrPaginationLoop = errors.New("pagination does not advance")

// ErrRepeatedPage is the cause of the error that ends a walk at a page
// Walk.Repeats reported; callers wrap it with the page's response details.
var ErrRepeatedPage = fmt.Errorf("%w: a page of items already listed", ErrPaginationLoop)

// Walk guards one List walk of items of type T against pages that never
// end: it counts the pages against a limit, and remembers which items the
// walk has yielded, so that a page made only of items seen before (a cycle,
// or a server ignoring the page asked for) ends the walk with an error
// instead of going round for ever. Memory grows with the items yielded,
// which the page limit bounds. A Walk is used by one goroutine.
type Walk[T any] struct {
	max, pages int
	key        func(*T) string
	seed       maphash.Seed
	seen       map[uint64]struct{}
	requested  map[string]bool
}

// NewWalk returns a Walk allowing maxPages pages.
func NewWalk[T any](maxPages int) *Walk[T] {
	return &Walk[T]{max: maxPages, key: itemKey[T](), seed: maphash.MakeSeed(), seen: map[uint64]struct{}{},
		requested: map[string]bool{}}
}

// More reports whether one more page may be fetched, and counts it.
func (w *Walk[T]) More() bool {
	if w.pages >= w.max {
		return false
	}
	w.pages++
	return true
}

// TooMany is the error that ends the walk of api's list at path ("GET
// /shipments") when More says no: an *apierr.ValidationError, since the
// walk refuses to send the request of one more page.
func (w *Walk[T]) TooMany(api apierr.API, path string) error {
	return &apierr.ValidationError{API: api, Op: path,
		Err: fmt.Errorf("%w: the walk reached its limit of %d pages (see WithMaxPages)", ErrTooManyPages, w.max)}
}

// Revisits records pos, the link or position of a page about to be
// requested, and reports whether the walk requested it before.
func (w *Walk[T]) Revisits(pos string) bool {
	if w.requested[pos] {
		return true
	}
	w.requested[pos] = true
	return false
}

// Loop is the error that ends the walk of api's list at path when Revisits
// says yes: an *apierr.ValidationError wrapping ErrPaginationLoop, since
// the walk refuses to send the request again; detail says which position
// came back.
func (w *Walk[T]) Loop(api apierr.API, path, detail string) error {
	return &apierr.ValidationError{API: api, Op: path, Err: fmt.Errorf("%w: %s", ErrPaginationLoop, detail)}
}

// Repeats records the items of a page and reports whether the page had
// items and every one of them was on an earlier page. A page that repeats
// only some (an item inserted while walking shifts the next page) is not a
// repeat.
func (w *Walk[T]) Repeats(items []*T) bool {
	all := len(items) > 0
	for _, it := range items {
		h := maphash.String(w.seed, w.key(it))
		if _, ok := w.seen[h]; !ok {
			all = false
			w.seen[h] = struct{}{}
		}
	}
	return all
}

// itemKey returns how to identify an item of type T: by its "id" member
// when T is a struct with one (the field whose JSON name is id, embedded
// structs included), else, or when that id is empty, by its JSON encoding.
func itemKey[T any]() func(*T) string {
	byJSON := func(it *T) string {
		b, err := json.Marshal(it)
		if err != nil {
			return fmt.Sprintf("%p", it) // unique: the item counts as new
		}
		return "json:" + string(b)
	}
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Struct {
		return byJSON
	}
	for _, f := range reflect.VisibleFields(t) {
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); f.Anonymous || !f.IsExported() || name != "id" {
			continue
		}
		index := f.Index
		return func(it *T) string {
			v, err := reflect.ValueOf(it).Elem().FieldByIndexErr(index)
			for err == nil && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && !v.IsNil() {
				v = v.Elem()
			}
			if err != nil || !v.IsValid() || v.IsZero() || v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
				return byJSON(it)
			}
			return "id:" + fmt.Sprint(v.Interface())
		}
	}
	return byJSON
}
