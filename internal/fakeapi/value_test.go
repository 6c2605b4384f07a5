package fakeapi

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTextAndNumber(t *testing.T) {
	for _, tc := range []struct {
		in   any
		text string
		num  float64
	}{
		{"7001", "7001", 7001},
		{"abc", "abc", 0},
		{int64(42), "42", 42},
		{7, "7", 7},
		{2.5, "2.5", 2.5},
		{json.Number("12.75"), "12.75", 12.75},
		{true, "true", 0},
		{nil, "", 0},
		{map[string]any{}, "", 0},
	} {
		if got := Text(tc.in); got != tc.text {
			t.Errorf("Text(%#v) = %q, want %q", tc.in, got, tc.text)
		}
		if got := Number(tc.in); got != tc.num {
			t.Errorf("Number(%#v) = %v, want %v", tc.in, got, tc.num)
		}
	}
}

func TestDecodeAndOrEmpty(t *testing.T) {
	var v map[string]any
	if err := Decode([]byte(`{"n":12345678901234567890,"s":"x"}`), &v); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"n": json.Number("12345678901234567890"), "s": "x"}, v); diff != "" {
		t.Errorf("Decode (-want +got):\n%s", diff)
	}
	if err := Decode([]byte(`{`), &v); err == nil {
		t.Error("Decode of a truncated object: no error")
	}
	if got := OrEmpty(nil); got == nil || len(got) != 0 {
		t.Errorf("OrEmpty(nil) = %#v, want an empty array", got)
	}
	if got := OrEmpty([]any{1}); len(got) != 1 {
		t.Errorf("OrEmpty([1]) = %#v", got)
	}
}
