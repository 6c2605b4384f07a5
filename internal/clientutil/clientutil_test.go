package clientutil

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/internal/apierr"
)

func TestDecodeError(t *testing.T) {
	resp := &http.Response{StatusCode: 200, Request: httptest.NewRequest(http.MethodGet, "https://h.example/shipments?x=1", nil)}
	cause := errors.New("unexpected EOF")
	err := DecodeError(apierr.Core, resp, cause)
	if got, want := err.Error(), "core: GET /shipments: decode 200 response: unexpected EOF"; got != want || !errors.Is(err, cause) {
		t.Errorf("DecodeError = %q (wraps the cause: %t), want %q", got, errors.Is(err, cause), want)
	}
	var de *apierr.DecodeError
	var ae apierr.Error
	if !errors.As(err, &de) || !errors.As(err, &ae) || ae.StatusCode() != 200 {
		t.Errorf("DecodeError = %T, want an *apierr.DecodeError, an apierr.Error of status 200", err)
	}
	te := &apierr.TransportError{Err: cause}
	if err := DecodeError(apierr.Core, resp, te); err != error(te) {
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
		{"complete body", func() error { return ValidateBody(apierr.Core, "Bookings.Create", &withRequired{Name: "x"}) }, ""},
		{"missing field", func() error { return ValidateBody(apierr.Core, "Bookings.Create", &withRequired{}) }, errMissing},
		{"nil body is the zero value", func() error { return ValidateBody[withRequired](apierr.Core, "Bookings.Create", nil) }, errMissing},
		{"no Validate method", func() error { return ValidateBody(apierr.Core, "Bookings.Create", &plainBody{}) }, ""},
		{"nil body without Validate", func() error { return ValidateBody[plainBody](apierr.Core, "Bookings.Create", nil) }, ""},
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
