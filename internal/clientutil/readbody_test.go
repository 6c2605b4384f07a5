package clientutil

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/internal/apierr"
)

func TestReadBody(t *testing.T) {
	req, _ := http.NewRequest(http.MethodGet, "https://api.test/x", nil)
	big := strings.Repeat("a", 100<<10) // several chunks
	tests := []struct {
		name          string
		body          string
		contentLength int64 // -1: unknown
		limit         int64
		wantErr       string
	}{
		{"known length under the limit", "hello", 5, 10, ""},
		{"known length at the limit", "hello", 5, 5, ""},
		{"known length over the limit", "hello!", 6, 5, "larger than the limit of 5 bytes"},
		{"unknown length under the limit", big, -1, 1 << 20, ""},
		{"unknown length at the limit", big, -1, int64(len(big)), ""},
		{"unknown length over the limit", big, -1, int64(len(big)) - 1, "larger than the limit of 102399 bytes"},
		{"empty", "", 0, 10, ""},
		{"limit below one chunk", big, -1, 1 << 20 / 32, "larger than the limit of 32768 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader(tt.body)), ContentLength: tt.contentLength, Request: req}
			got, err := ReadBody(apierr.Core, resp, tt.limit)
			if tt.wantErr != "" {
				if !errors.Is(err, apierr.ErrResponseTooLarge) || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "core: GET /x:") {
					t.Errorf("err = %v, want ErrResponseTooLarge with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !bytes.Equal(got, []byte(tt.body)) {
				t.Errorf("ReadBody = %d bytes, %v; want the %d-byte body", len(got), err, len(tt.body))
			}
		})
	}
	if s := formatSize(64 << 20); s != "64 MiB (67108864 bytes)" {
		t.Errorf("formatSize(64 MiB) = %q", s)
	}
	failing := &http.Response{StatusCode: 200, Body: io.NopCloser(io.MultiReader(strings.NewReader("x"), errReader{})), ContentLength: -1, Request: req}
	if _, err := ReadBody(apierr.Core, failing, 10); !errors.Is(err, errBroken) {
		t.Errorf("a failing read gives %v, want its error", err)
	}
}

var errBroken = errors.New("connection reset")

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errBroken }
