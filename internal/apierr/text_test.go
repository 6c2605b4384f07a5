package apierr

import (
	"net/http"
	"testing"
)

func TestCollapse(t *testing.T) {
	tests := []struct {
		in, want string
		line     bool // returned as it is
	}{
		{"", "", true},
		{"corr-3f2a9c", "corr-3f2a9c", true},
		{"GET /shipments/1", "GET /shipments/1", true},
		{"a b c", "a b c", true},
		{" lead", "lead", false},
		{"trail ", "trail", false},
		{"two  spaces", "two spaces", false},
		{"tab\there", "tab here", false},
		{"line\r\nbreak", "line break", false},
		{"bell\x07", "bell", false},
		{"del\x7fx", "del x", false},
		{"caf\u00e9", "caf\u00e9", false},
		{"bad\xffutf8", "bad\uFFFDutf8", false},
	}
	for _, tt := range tests {
		if got := collapse(tt.in); got != tt.want {
			t.Errorf("collapse(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := isLine(tt.in); got != tt.line {
			t.Errorf("isLine(%q) = %t, want %t", tt.in, got, tt.line)
		}
	}
}

// BenchmarkRequestIDFrom reads a clean correlation id, as every attempt
// with a response does: it should not allocate.
func BenchmarkRequestIDFrom(b *testing.B) {
	h := http.Header{HeaderCorrelationID: {"5c1f0f0e-8a4e-4f6b-9d53-2f3c7b1e9a10"}}
	b.ReportAllocs()
	for b.Loop() {
		if RequestIDFrom(h) == "" {
			b.Fatal("no id")
		}
	}
}
