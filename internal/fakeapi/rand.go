package fakeapi

import (
	"encoding/hex"
	"math/rand/v2"
	"time"
)

// Rand is a deterministic source of fake data: the same seed gives the
// same sequence. It is not safe for concurrent use.
type Rand struct {
	*rand.Rand
}

// NewRand returns a Rand seeded with seed.
func NewRand(seed int64) *Rand {
	return &Rand{rand.New(rand.NewPCG(uint64(seed), 0x666c_6578_706f_7274))}
}

// Between returns an int in [lo, hi].
func (r *Rand) Between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// Chance reports true with probability p.
func (r *Rand) Chance(p float64) bool { return r.Float64() < p }

// Pick returns one of items.
func Pick[T any](r *Rand, items ...T) T { return items[r.IntN(len(items))] }

const (
	upper    = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits   = "0123456789"
	alnum    = upper + "abcdefghijklmnopqrstuvwxyz" + digits
	urlSafe  = alnum + "-_"
	hexDigit = "0123456789abcdef"
)

// Chars returns n characters drawn from set.
func (r *Rand) Chars(n int, set string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = set[r.IntN(len(set))]
	}
	return string(b)
}

// Upper returns n upper-case letters.
func (r *Rand) Upper(n int) string { return r.Chars(n, upper) }

// Digits returns n decimal digits.
func (r *Rand) Digits(n int) string { return r.Chars(n, digits) }

// Alnum returns n letters and digits.
func (r *Rand) Alnum(n int) string { return r.Chars(n, alnum) }

// Token returns n URL-safe characters, like Flexport's string ids
// ("lZz58WVXSuGn6xmLLhYTKQ").
func (r *Rand) Token(n int) string { return r.Chars(n, urlSafe) }

// Hex returns n random bytes in hex.
func (r *Rand) Hex(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return hex.EncodeToString(b)
}

// UUID returns a version 4 UUID.
func (r *Rand) UUID() string {
	h := []byte(r.Hex(16))
	h[12] = '4'
	h[16] = hexDigit[8+r.IntN(4)]
	s := string(h)
	return s[:8] + "-" + s[8:12] + "-" + s[12:16] + "-" + s[16:20] + "-" + s[20:]
}

// Time returns an instant within days of base, at a whole minute.
func (r *Rand) Time(base time.Time, days int) time.Time {
	return base.Add(time.Duration(r.IntN(2*days*24*60+1)-days*24*60) * time.Minute)
}

// DateTime formats t as Flexport does: RFC 3339 with milliseconds, in zone
// loc ("2018-02-11T00:15:00.000+08:00"); nil loc means UTC with "Z".
func DateTime(t time.Time, loc *time.Location) string {
	if loc == nil {
		return t.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	}
	return t.In(loc).Format("2006-01-02T15:04:05.000Z07:00")
}

// Date formats t as a calendar date ("2019-06-15").
func Date(t time.Time) string { return t.Format(time.DateOnly) }
