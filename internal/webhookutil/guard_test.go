package webhookutil

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// stalledBody blocks every Read until release is closed.
type stalledBody struct{ release chan struct{} }

func (b stalledBody) Read([]byte) (int, error) {
	<-b.release
	return 0, io.EOF
}

func (stalledBody) Close() error { return nil }

// TestReadWithinWithoutDeadlines reads through a ResponseWriter that cannot
// set a read deadline (httptest's recorder): the timeout still holds.
func TestReadWithinWithoutDeadlines(t *testing.T) {
	body := stalledBody{make(chan struct{})}
	defer close(body.release)
	r := httptest.NewRequest(http.MethodPost, "/hook", nil)
	r.Body = body
	start := time.Now()
	_, err := readWithin(httptest.NewRecorder(), r, 50*time.Millisecond, func() ([]byte, error) { return io.ReadAll(r.Body) })
	if !errors.Is(err, errTooSlow) || time.Since(start) > time.Second {
		t.Errorf("readWithin = %v after %v, want errTooSlow after 50ms", err, time.Since(start))
	}
	got, err := readWithin(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/", strings.NewReader("ok")), time.Second,
		func() ([]byte, error) { return []byte("ok"), nil })
	if err != nil || string(got) != "ok" {
		t.Errorf("readWithin of a prompt body = %q, %v", got, err)
	}
}

func TestRunRecovers(t *testing.T) {
	p, err := run(context.Background(), func(context.Context) error { panic("secret payload") })
	if p == nil || err != nil || p.describe() != "string" || len(p.stack) == 0 {
		t.Errorf("run(panic) = %+v, %v; want the panic described by its type only", p, err)
	}
	p, _ = run(context.Background(), func(context.Context) error {
		items := []string{"secret payload"}
		_ = items[len(items)+1]
		return nil
	})
	if p == nil || !strings.Contains(p.describe(), "index out of range") {
		t.Errorf("a runtime error is described as %q", p.describe())
	}
	if p, err := run(context.Background(), func(context.Context) error { return io.EOF }); p != nil || err != io.EOF {
		t.Errorf("run(error) = %v, %v", p, err)
	}
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler re-raised", v)
		}
	}()
	run(context.Background(), func(context.Context) error { panic(http.ErrAbortHandler) })
	t.Error("http.ErrAbortHandler was swallowed")
}
