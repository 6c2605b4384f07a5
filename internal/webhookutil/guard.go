package webhookutil

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"time"
)

// errTooSlow is ReadBody's error for a body not read within ReadTimeout.
var errTooSlow = errors.New("request timeout")

// readWithin runs read, which reads r's body, within timeout (no bound for
// zero). It sets a read deadline on the connection through
// http.ResponseController, and clears it afterwards for the rest of the
// exchange; a ResponseWriter that cannot set one gets read in a goroutine
// that is abandoned at the timeout (the server closes the body when the
// handler returns, which ends it).
func readWithin(w http.ResponseWriter, r *http.Request, timeout time.Duration, read func() ([]byte, error)) ([]byte, error) {
	if timeout <= 0 || r.Body == nil {
		return read()
	}
	rc := http.NewResponseController(w)
	if err := rc.SetReadDeadline(time.Now().Add(timeout)); err == nil {
		body, err := read()
		_ = rc.SetReadDeadline(time.Time{})
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil, errTooSlow
		}
		return body, err
	}
	type result struct {
		body []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		body, err := read()
		done <- result{body, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case res := <-done:
		return res.body, res.err
	case <-timer.C:
		return nil, errTooSlow
	}
}

// panicked describes a panic of the user's function.
type panicked struct {
	value any
	stack []byte
}

// run calls fn, turning a panic into p; http.ErrAbortHandler, the panic
// that asks the server to abort the response, is re-raised.
func run(ctx context.Context, fn func(context.Context) error) (p *panicked, err error) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			p, err = &panicked{value: v, stack: debug.Stack()}, nil
		}
	}()
	return nil, fn(ctx)
}

// describe names the panic value without quoting it (it may hold the
// payload): its type, and the text of a runtime error, which never holds
// data.
func (p *panicked) describe() string {
	if re, ok := p.value.(runtime.Error); ok {
		return re.Error()
	}
	return fmt.Sprintf("%T", p.value)
}
