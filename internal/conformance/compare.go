package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"

	"github.com/flexport-go/flexport/internal/flextime"
)

// RoundTrip decodes body into v, encodes v again, and returns the ways the
// result loses or changes what body said (see Lossless).
func RoundTrip(body []byte, v any) ([]string, error) {
	if err := json.Unmarshal(body, v); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	out, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return Lossless(body, out)
}

// Lossless compares an original JSON document with its re-encoding and
// lists every difference that loses information:
//   - a value present in the original that is missing or different in the
//     re-encoding (date-times are compared as instants, numbers numerically);
//   - a field the original has as null or absent that comes back non-null; an
//     empty object or array may stand for absent.
func Lossless(original, reencoded []byte) ([]string, error) {
	a, err := DecodeJSON(original)
	if err != nil {
		return nil, fmt.Errorf("original: %w", err)
	}
	return LosslessValue(a, reencoded)
}

// LosslessValue is Lossless for an original already decoded with
// DecodeJSON, for callers comparing against the same original many times.
func LosslessValue(original any, reencoded []byte) ([]string, error) {
	a := original
	b, err := DecodeJSON(reencoded)
	if err != nil {
		return nil, fmt.Errorf("re-encoded: %w", err)
	}
	var diffs []string
	compare("$", a, b, &diffs)
	return diffs, nil
}

// DecodeJSON decodes a JSON document keeping numbers exact (json.Number),
// as Lossless compares them.
func DecodeJSON(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

func compare(path string, a, b any, diffs *[]string) {
	switch av := a.(type) {
	case nil:
		if !emptyOrNull(b) {
			*diffs = append(*diffs, fmt.Sprintf("%s: null became %s", path, brief(b)))
		}
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: object became %s", path, brief(b)))
			return
		}
		keys := make([]string, 0, len(av)+len(bv))
		for k := range av {
			keys = append(keys, k)
		}
		for k := range bv {
			if _, ok := av[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := path + "." + k
			x, inA := av[k]
			y, inB := bv[k]
			switch {
			case !inA:
				if !emptyOrNull(y) {
					*diffs = append(*diffs, fmt.Sprintf("%s: absent field came back as %s", p, brief(y)))
				}
			case !inB:
				if x != nil {
					*diffs = append(*diffs, fmt.Sprintf("%s: %s is missing", p, brief(x)))
				}
			default:
				compare(p, x, y, diffs)
			}
		}
	case []any:
		bv, ok := b.([]any)
		if !ok {
			if len(av) == 0 && b == nil {
				return
			}
			*diffs = append(*diffs, fmt.Sprintf("%s: array became %s", path, brief(b)))
			return
		}
		if len(av) != len(bv) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %d items became %d", path, len(av), len(bv)))
			return
		}
		for i := range av {
			compare(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i], diffs)
		}
	case json.Number:
		bv, ok := b.(json.Number)
		if !ok || !sameNumber(av, bv) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %s became %s", path, av, brief(b)))
		}
	case string:
		bv, ok := b.(string)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: %q became %s", path, av, brief(b)))
			return
		}
		if av != bv && !sameInstant(av, bv) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %q became %q", path, av, bv))
		}
	default:
		if a != b {
			*diffs = append(*diffs, fmt.Sprintf("%s: %v became %s", path, a, brief(b)))
		}
	}
}

func emptyOrNull(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case map[string]any:
		return len(x) == 0
	case []any:
		return len(x) == 0
	}
	return false
}

func sameNumber(a, b json.Number) bool {
	x, okx := new(big.Rat).SetString(string(a))
	y, oky := new(big.Rat).SetString(string(b))
	return okx && oky && x.Cmp(y) == 0
}

func sameInstant(a, b string) bool {
	x, err := flextime.Parse(a)
	if err != nil {
		return false
	}
	y, err := flextime.Parse(b)
	return err == nil && x.Time().Equal(y.Time())
}

func brief(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		b = append(b[:77], "..."...)
	}
	return string(b)
}
