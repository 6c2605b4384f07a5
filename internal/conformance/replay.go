package conformance

import (
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
)

// Replay serves recorded responses: each request whose path and query match
// a fixture (query parameters in any order) gets that file with status 200,
// any other gets 404. It records every request it sees.
type Replay struct {
	byKey map[string]string // canonical request -> file

	mu       sync.Mutex
	served   map[string]int // file -> times served
	requests []*http.Request
	misses   []string
}

// NewReplay indexes fixtures.
func NewReplay(fixtures []Fixture) *Replay {
	r := &Replay{byKey: map[string]string{}, served: map[string]int{}}
	for _, f := range fixtures {
		r.byKey[canonical(f.Request)] = f.File
	}
	return r
}

func canonical(req string) string {
	path, rawQuery, _ := strings.Cut(req, "?")
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return req
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(strings.TrimSuffix(path, "/"))
	for i, k := range keys {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		vs := q[k]
		sort.Strings(vs)
		b.WriteString(k + "=" + strings.Join(vs, ","))
	}
	return b.String()
}

// ServeHTTP implements http.Handler.
func (r *Replay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	key := canonical(req.URL.RequestURI())
	r.mu.Lock()
	r.requests = append(r.requests, req.Clone(req.Context()))
	file, ok := r.byKey[key]
	if ok {
		r.served[file]++
	} else {
		r.misses = append(r.misses, key)
	}
	r.mu.Unlock()
	w.Header().Set("X-Correlation-Id", "replay")
	if !ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"_object":"/api/response","data":null,"error":{"_object":"/api/error","status":404,"code":"not_found","message":"no recorded response"}}`))
		return
	}
	b, err := os.ReadFile(file)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}

// Served returns the files served at least once.
func (r *Replay) Served() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.served))
	for k, v := range r.served {
		out[k] = v
	}
	return out
}

// Requests returns every request received so far.
func (r *Replay) Requests() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*http.Request(nil), r.requests...)
}

// Misses returns the requests answered 404.
func (r *Replay) Misses() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.misses...)
}
