package fakeapi

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Decode decodes the JSON value b into v, numbers as json.Number.
func Decode(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return dec.Decode(v)
}

// Text returns a JSON value as the text the fakes compare and key on:
// strings as they are, numbers in decimal, booleans as true/false, null
// (and anything else) as "".
func Text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case interface{ String() string }: // json.Number
		return v.String()
	}
	return ""
}

// Number returns a JSON number (or a string holding one) as a float64, or
// 0.
func Number(v any) float64 {
	switch v := v.(type) {
	case int64:
		return float64(v)
	case float64:
		return v
	}
	f, _ := strconv.ParseFloat(Text(v), 64)
	return f
}

// OrEmpty returns v, or an empty array for nil, so that it encodes as []
// rather than null.
func OrEmpty(v []any) []any {
	if v == nil {
		return []any{}
	}
	return v
}
