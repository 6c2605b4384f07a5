package fakeapi

import (
	"encoding/base64"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// Synth makes values that satisfy the schemas of a document,
// deterministically from its Rand: the long tail of fields that the fakes
// do not model by hand, and whatever a document marks required that a
// fake's realistic data lacks. Not safe for concurrent use.
type Synth struct {
	R *Rand
	// Now anchors dates: date-times fall within 30 days of it.
	Now time.Time
	// Word, when set, proposes a value for a free string property by its
	// name; "" leaves the choice to Synth.
	Word func(property string) string
}

// maxDepth bounds how deep optional properties and array items are made.
const maxDepth = 4

// Value returns a value that satisfies s (nil for a nil schema).
func (sy *Synth) Value(s *openapi3.Schema) any { return sy.value(s, "", 0) }

// Complete returns obj with every property s requires that obj lacks
// added, in obj and in the nested objects it has, recursively. It never
// modifies obj or what it holds, which other objects may share: where it
// adds something, it returns copies.
func (sy *Synth) Complete(s *openapi3.Schema, obj map[string]any) map[string]any {
	out, _ := sy.complete(s, obj)
	return out
}

// complete is Complete, reporting whether it made a copy.
func (sy *Synth) complete(s *openapi3.Schema, obj map[string]any) (map[string]any, bool) {
	if s == nil || obj == nil {
		return obj, false
	}
	out, copied := obj, false
	set := func(k string, v any) {
		if !copied {
			out, copied = Clone(obj), true
		}
		out[k] = v
	}
	for _, sub := range s.AllOf {
		if c, changed := sy.complete(sub.Value, out); changed {
			out, copied = c, true
		}
	}
	for _, name := range s.Required {
		if _, ok := out[name]; !ok && s.Properties[name] != nil {
			set(name, sy.value(s.Properties[name].Value, name, 1))
		}
	}
	for name, p := range s.Properties {
		switch v := out[name].(type) {
		case map[string]any:
			if c, changed := sy.complete(p.Value, v); changed {
				set(name, c)
			}
		case []any:
			if p.Value.Items == nil {
				continue
			}
			var arr []any
			for i, it := range v {
				m, ok := it.(map[string]any)
				if !ok {
					continue
				}
				if c, changed := sy.complete(p.Value.Items.Value, m); changed {
					if arr == nil {
						arr = append([]any(nil), v...)
					}
					arr[i] = c
				}
			}
			if arr != nil {
				set(name, arr)
			}
		}
	}
	return out, copied
}

func (sy *Synth) value(s *openapi3.Schema, name string, depth int) any {
	switch {
	case s == nil:
		return nil
	case len(s.AllOf) > 0:
		out := map[string]any{}
		for _, sub := range s.AllOf {
			v := sy.value(sub.Value, name, depth)
			m, ok := v.(map[string]any)
			if !ok {
				return v // allOf of one scalar schema: a nullable enum, say
			}
			for k, v := range m {
				out[k] = v
			}
		}
		return sy.object(s, out, depth)
	case len(s.OneOf) > 0 && s.Discriminator != nil && len(s.Discriminator.Mapping) > 0:
		return sy.discriminated(s, name, depth)
	case len(s.OneOf) > 0:
		return sy.value(s.OneOf[0].Value, name, depth)
	case len(s.AnyOf) > 0:
		return sy.value(s.AnyOf[0].Value, name, depth)
	case len(s.Enum) > 0:
		var vals []any
		for _, e := range s.Enum {
			if e != nil {
				vals = append(vals, e)
			}
		}
		if len(vals) == 0 {
			return nil
		}
		return vals[sy.R.IntN(len(vals))]
	}
	switch {
	case s.Type.Is("object") || (s.Type == nil && len(s.Properties) > 0):
		return sy.object(s, map[string]any{}, depth)
	case s.Type.Is("array"):
		n := int(s.MinItems)
		if n == 0 && depth < maxDepth {
			n = 1
		}
		out := make([]any, 0, n)
		for range n {
			var item *openapi3.Schema
			if s.Items != nil {
				item = s.Items.Value
			}
			out = append(out, sy.value(item, name, depth+1))
		}
		return out
	case s.Type.Is("string"):
		return sy.str(s, name)
	case s.Type.Is("integer"):
		lo, hi := bounds(s, 1, 1000)
		return int64(sy.R.Between(int(math.Ceil(lo)), int(math.Floor(hi))))
	case s.Type.Is("number"):
		lo, hi := bounds(s, 1, 1000)
		return math.Round((lo+sy.R.Float64()*(hi-lo))*100) / 100
	case s.Type.Is("boolean"):
		return sy.R.Chance(0.5)
	}
	return map[string]any{}
}

// discriminated returns a value of one of the mapped schemas of s, its
// discriminator property set to the mapping's key.
func (sy *Synth) discriminated(s *openapi3.Schema, name string, depth int) any {
	keys := make([]string, 0, len(s.Discriminator.Mapping))
	for k := range s.Discriminator.Mapping {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	key := keys[sy.R.IntN(len(keys))]
	ref := s.Discriminator.Mapping[key].Ref
	for _, sub := range s.OneOf {
		if sub.Ref == ref {
			v := sy.value(sub.Value, name, depth)
			if m, ok := v.(map[string]any); ok {
				m[s.Discriminator.PropertyName] = key
			}
			return v
		}
	}
	return sy.value(s.OneOf[0].Value, name, depth)
}

// object adds the properties of s to out: every required one, and the
// optional ones above maxDepth, in name order so that the seed decides.
func (sy *Synth) object(s *openapi3.Schema, out map[string]any, depth int) map[string]any {
	names := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		required := false
		for _, r := range s.Required {
			required = required || r == n
		}
		if _, done := out[n]; done || (!required && depth >= maxDepth-1) {
			continue
		}
		v := sy.value(s.Properties[n].Value, n, depth+1)
		if v == nil && !required && !s.Properties[n].Value.Nullable {
			continue
		}
		out[n] = v
	}
	return out
}

func bounds(s *openapi3.Schema, lo, hi float64) (float64, float64) {
	if s.Min != nil {
		lo = *s.Min
		if hi < lo {
			hi = lo + 1000
		}
	}
	if s.Max != nil {
		hi = *s.Max
		if lo > hi {
			lo = hi
		}
	}
	return lo, hi
}

func (sy *Synth) str(s *openapi3.Schema, name string) string {
	var v string
	switch s.Format {
	case "date-time":
		return DateTime(sy.R.Time(sy.Now, 30), nil)
	case "date":
		return Date(sy.R.Time(sy.Now, 30))
	case "uuid":
		return sy.R.UUID()
	case "email":
		return strings.ToLower(sy.R.Upper(6)) + "@example.com"
	case "uri", "url":
		return "https://example.com/" + strings.ToLower(sy.R.Alnum(8))
	case "byte":
		return base64.StdEncoding.EncodeToString([]byte(sy.R.Alnum(12)))
	}
	switch {
	case s.Pattern != "":
		v = genPattern(sy.R, s.Pattern, int(s.MinLength))
	case sy.Word != nil:
		v = sy.Word(name)
	}
	if v == "" {
		v = strings.ToUpper(sy.R.Alnum(1)) + strings.ToLower(sy.R.Upper(7))
	}
	for uint64(len(v)) < s.MinLength {
		v += strings.ToLower(sy.R.Upper(1))
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

// atom is a piece of a pattern: one character of set, repeated min to max
// times (max < 0: unbounded).
type atom struct {
	set      string
	min, max int
}

// genPattern returns a string that matches pattern, a regular expression
// of literals, escapes (\d, \w, \.), classes ([0-9a-zA-Z]), "." and the
// quantifiers + * ? {n} {n,m}, at least minLen long when it can be.
func genPattern(r *Rand, pattern string, minLen int) string {
	atoms := parsePattern(pattern)
	counts := make([]int, len(atoms))
	total := 0
	for i, a := range atoms {
		counts[i] = a.min
		total += a.min
	}
	for i, a := range atoms {
		if total >= minLen {
			break
		}
		if a.max < 0 || a.max > counts[i] {
			add := minLen - total
			if a.max >= 0 {
				add = min(add, a.max-counts[i])
			}
			counts[i] += add
			total += add
		}
	}
	var b strings.Builder
	for i, a := range atoms {
		b.WriteString(r.Chars(counts[i], a.set))
	}
	return b.String()
}

func parsePattern(p string) []atom {
	p = strings.TrimSuffix(strings.TrimPrefix(p, "^"), "$")
	var atoms []atom
	for i := 0; i < len(p); i++ {
		var set string
		switch c := p[i]; {
		case c == '\\' && i+1 < len(p):
			i++
			switch p[i] {
			case 'd':
				set = digits
			case 'w':
				set = alnum
			default:
				set = string(p[i])
			}
		case c == '[' && strings.IndexByte(p[i:], ']') > 1:
			end := strings.IndexByte(p[i:], ']') + i
			set = expandClass(strings.TrimPrefix(p[i+1:end], "^"))
			i = end
		case c == '.':
			set = alnum
		case strings.IndexByte("+*?{}()|^$\\[]", c) >= 0:
			continue // syntax this generator does not model
		default:
			set = string(c)
		}
		if set == "" {
			set = alnum
		}
		a := atom{set: set, min: 1, max: 1}
		if i+1 < len(p) {
			switch p[i+1] {
			case '+':
				a.max, i = -1, i+1
			case '*':
				a.min, a.max, i = 0, -1, i+1
			case '?':
				a.min, i = 0, i+1
			case '{':
				if end := strings.IndexByte(p[i+1:], '}'); end > 0 {
					spec := p[i+2 : i+1+end]
					lo, hi, comma := strings.Cut(spec, ",")
					a.min = min(atoiOr(lo, 1), 64)
					a.max = a.min
					if comma {
						a.max = min(atoiOr(hi, -1), 64)
					}
					i += end + 1
				}
			}
		}
		atoms = append(atoms, a)
	}
	return atoms
}

func expandClass(c string) string {
	var b strings.Builder
	for i := 0; i < len(c); i++ {
		if i+2 < len(c) && c[i+1] == '-' && c[i] <= c[i+2] {
			for ch := int(c[i]); ch <= int(c[i+2]); ch++ {
				b.WriteByte(byte(ch))
			}
			i += 2
			continue
		}
		b.WriteByte(c[i])
	}
	return b.String()
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return def
	}
	return n
}
