package clientutil

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/internal/apierr"
)

func TestCollect(t *testing.T) {
	type opts struct{ CallOptions }
	got := Collect([]func(*opts){
		func(o *opts) { o.Attempts = 2 },
		nil,
		func(o *opts) { o.Query = append(o.Query, [2]string{"a", "1"}) },
	})
	if got.Attempts != 2 || len(got.Query) != 1 {
		t.Errorf("Collect = %+v", got)
	}
}

func TestAddQuery(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "https://h.example/x?b=2", nil)
	co := CallOptions{Query: [][2]string{{"a", "1"}, {"a", "2"}, {"f.metadata.k", "v w"}}}
	co.AddQuery(req)
	if got, want := req.URL.RawQuery, "a=1&a=2&b=2&f.metadata.k=v+w"; got != want {
		t.Errorf("query = %q, want %q", got, want)
	}
	req = httptest.NewRequest(http.MethodGet, "https://h.example/x?b=2&a", nil)
	new(CallOptions).AddQuery(req)
	if got, want := req.URL.RawQuery, "b=2&a"; got != want {
		t.Errorf("query without options = %q, want it untouched (%q)", got, want)
	}
}

func TestContext(t *testing.T) {
	ctx := context.Background()
	if got := new(CallOptions).Context(ctx); got != ctx {
		t.Error("Context without attempts changed the context")
	}
	if got := (&CallOptions{Attempts: 1}).Context(ctx); got == ctx {
		t.Error("Context with attempts kept the context")
	}
}

func TestDecodeError(t *testing.T) {
	resp := &http.Response{StatusCode: 200, Request: httptest.NewRequest(http.MethodGet, "https://h.example/shipments?x=1", nil)}
	cause := errors.New("unexpected EOF")
	err := DecodeError("core", resp, cause)
	if got, want := err.Error(), "core: GET /shipments: decode 200 response: unexpected EOF"; got != want || !errors.Is(err, cause) {
		t.Errorf("DecodeError = %q (wraps the cause: %t), want %q", got, errors.Is(err, cause), want)
	}
	te := &apierr.TransportError{Err: cause}
	if err := DecodeError("core", resp, te); err != error(te) {
		t.Errorf("DecodeError(TransportError) = %v, want it unchanged", err)
	}
}

type body struct {
	io.Reader
	closed bool
}

func (b *body) Close() error { b.closed = true; return nil }

func TestDrainClose(t *testing.T) {
	b := &body{Reader: strings.NewReader(strings.Repeat("x", 10<<10))}
	if err := DrainClose(&http.Response{Body: b}); err != nil || !b.closed {
		t.Fatalf("DrainClose: %v, closed %t", err, b.closed)
	}
	rest, _ := io.ReadAll(b)
	if len(rest) != 6<<10 {
		t.Errorf("%d bytes left, want 6 KiB (4 KiB drained)", len(rest))
	}
}

func TestDerefCopyParams(t *testing.T) {
	five := 5
	if Deref[int](nil) != 0 || Deref(&five) != 5 {
		t.Error("Deref")
	}
	type params struct{ Page int }
	p := &params{Page: 2}
	c := CopyParams(p)
	c.Page = 3
	if p.Page != 2 || *CopyParams[params](nil) != (params{}) {
		t.Error("CopyParams")
	}
}

// withRequired is a request body with a Validate method, as the generated
// bodies with required fields have.
type withRequired struct{ Name string }

func (b *withRequired) Validate() error {
	if b.Name == "" {
		return errors.New("missing required field name")
	}
	return nil
}

// plainBody has no Validate method.
type plainBody struct{ Name string }

func TestValidateBody(t *testing.T) {
	errMissing := "core: Bookings.Create: missing required field name"
	tests := []struct {
		name    string
		check   func() error
		wantErr string
	}{
		{"complete body", func() error { return ValidateBody("core", "Bookings.Create", &withRequired{Name: "x"}) }, ""},
		{"missing field", func() error { return ValidateBody("core", "Bookings.Create", &withRequired{}) }, errMissing},
		{"nil body is the zero value", func() error { return ValidateBody[withRequired]("core", "Bookings.Create", nil) }, errMissing},
		{"no Validate method", func() error { return ValidateBody("core", "Bookings.Create", &plainBody{}) }, ""},
		{"nil body without Validate", func() error { return ValidateBody[plainBody]("core", "Bookings.Create", nil) }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.check()
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Errorf("ValidateBody = %q, want %q", got, tt.wantErr)
			}
		})
	}
}
