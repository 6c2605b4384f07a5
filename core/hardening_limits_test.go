package core_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/core"
)

// TestHardening06CoreResponseLimit checks that Core decodes go through the
// same bounded read: the default limit is 64 MiB, WithMaxResponseBytes
// changes it, and the error names the limit.
func TestHardening06CoreResponseLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/shipments/1" {
			// Announces 65 MiB; the client must not wait for them.
			w.Header().Set("Content-Length", strconv.Itoa(65<<20))
			io.WriteString(w, `{"data":`)
			return
		}
		io.WriteString(w, `{"data":{"id":2,"name":"`+strings.Repeat("n", 4096)+`"}}`)
	}))
	defer srv.Close()
	tests := []struct {
		name    string
		id      int
		opts    []core.Option
		wantErr string
	}{
		{"default limit", 1, nil, "64 MiB"},
		{"lowered limit", 2, []core.Option{core.WithMaxResponseBytes(1024)}, "1024 bytes"},
		{"raised limit", 2, []core.Option{core.WithMaxResponseBytes(1 << 20)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newClient(t, srv.URL, tt.opts...).Shipments.Get(context.Background(), tt.id)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, core.ErrResponseTooLarge) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v, want ErrResponseTooLarge naming %s", err, tt.wantErr)
			}
		})
	}
	if _, err := core.NewClient(core.WithAPIKey("k"), core.WithMaxResponseBytes(-1)); err == nil {
		t.Error("WithMaxResponseBytes(-1) accepted")
	}
}
