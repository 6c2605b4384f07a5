package main

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// requestLog writes the output of the server: one line per request.
type requestLog struct {
	mu  sync.Mutex
	out io.Writer
}

func (l *requestLog) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.out, format, args...)
}

// wrap logs each request h serves: time, method, path and query, status,
// bytes written and duration. Headers (credentials) are never logged.
func (l *requestLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start, uri := time.Now(), r.URL.RequestURI()
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			status := rec.status
			if !rec.wrote && status == http.StatusOK {
				status = 0 // the connection was closed without a response
			}
			l.printf("%s %s %s %d %dB %s\n", start.UTC().Format(time.RFC3339), r.Method, uri, status, rec.n, time.Since(start).Round(time.Microsecond))
		}()
		h.ServeHTTP(rec, r)
	})
}

// recorder notes the status and size of a response.
type recorder struct {
	http.ResponseWriter
	status int
	n      int
	wrote  bool
}

func (r *recorder) WriteHeader(status int) {
	r.status, r.wrote = status, true
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.n += n
	return n, err
}

// Unwrap gives http.ResponseController the connection, for flushing slow
// bodies and hijacking for connection resets.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
