// Package flextime holds the date and time types of the generated Core API
// models. Flexport sends date-times with "Z", with numeric offsets, with or
// without fractional seconds, and sometimes as bare dates, in the same
// fields; these types accept all of them, keep the instant, and encode a
// value back in the form it came in.
//
// The types are re-exported as core.DateTime and core.Date.
package flextime

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// DateTime is an instant as Flexport sends it: an RFC 3339 date-time or, in
// some fields, a bare date (read as midnight UTC). The zero value is the zero
// time.
type DateTime struct {
	t        time.Time
	dateOnly bool
}

// Date is a calendar date as Flexport sends it ("2019-06-15"). It also
// accepts a full date-time, which it keeps.
type Date struct {
	DateTime
}

// NewDateTime returns t as a DateTime, encoded in RFC 3339.
func NewDateTime(t time.Time) DateTime { return DateTime{t: t} }

// NewDate returns the calendar date of t (in t's location) as a Date.
func NewDate(t time.Time) Date {
	y, m, d := t.Date()
	return Date{DateTime{t: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), dateOnly: true}}
}

// Time returns the instant. A bare date is midnight UTC of that day.
func (d DateTime) Time() time.Time { return d.t }

// DateOnly reports whether the value was a bare date, without a time.
func (d DateTime) DateOnly() bool { return d.dateOnly }

// IsZero reports whether d holds no time.
func (d DateTime) IsZero() bool { return d.t.IsZero() }

// Equal reports whether d and u are the same instant.
func (d DateTime) Equal(u DateTime) bool { return d.t.Equal(u.t) }

// String formats d as it would be encoded.
func (d DateTime) String() string {
	if d.dateOnly {
		return d.t.Format(time.DateOnly)
	}
	return d.t.Format(time.RFC3339Nano)
}

// layouts are tried in order; the first that parses wins.
var layouts = []string{
	time.RFC3339Nano,                     // 2019-05-30T01:29:00.440Z, 2018-11-15T00:00:00.000+08:00
	"2006-01-02T15:04:05.999999999Z0700", // offsets without a colon
	"2006-01-02T15:04:05.999999999",      // no zone: UTC
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999 MST",
	"2006-01-02 15:04:05.999999999",
}

// Parse reads any of the forms Flexport sends.
func Parse(s string) (DateTime, error) {
	if len(s) == len(time.DateOnly) {
		t, err := time.Parse(time.DateOnly, s)
		if err == nil {
			return DateTime{t: t, dateOnly: true}, nil
		}
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return DateTime{t: t}, nil
		}
	}
	return DateTime{}, fmt.Errorf("flextime: cannot parse %q as a date or date-time", s)
}

// MarshalText encodes d as a bare date if it was one, else as RFC 3339 with
// its original offset.
func (d DateTime) MarshalText() ([]byte, error) {
	if d.t.IsZero() && !d.dateOnly {
		return nil, errors.New("flextime: cannot encode the zero time")
	}
	return []byte(d.String()), nil
}

// UnmarshalText parses any of the forms Parse accepts.
func (d *DateTime) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON encodes d as a JSON string (see MarshalText), and the zero
// value as null.
func (d DateTime) MarshalJSON() ([]byte, error) {
	if d.IsZero() && !d.dateOnly {
		return []byte("null"), nil
	}
	b, err := d.MarshalText()
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(b)+2)
	out = append(out, '"')
	out = append(out, b...)
	return append(out, '"'), nil
}

// UnmarshalJSON decodes a JSON string; JSON null leaves d unchanged.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("flextime: date-time must be a JSON string, got %.40s", b)
	}
	if bytes.IndexByte(b, '\\') >= 0 {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("flextime: %w", err)
		}
		return d.UnmarshalText([]byte(s))
	}
	return d.UnmarshalText(b[1 : len(b)-1])
}

// ParseStrict reads only the forms real Flexport data has: a bare date
// ("2019-06-15") or an RFC 3339 date-time with "T", seconds, optional
// fractional seconds and "Z" or a numeric offset with a colon
// ("2019-05-30T01:29:00.440Z", "2018-11-15T00:00:00.000+08:00",
// "2020-01-01T10:00:00+00:00"). Anything else is an error.
func ParseStrict(s string) (DateTime, error) {
	if len(s) == len(time.DateOnly) {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return DateTime{t: t, dateOnly: true}, nil
		}
	} else if rfc3339Shape(s) {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return DateTime{t: t}, nil
		}
	}
	return DateTime{}, fmt.Errorf("flextime: %q is neither a date (2006-01-02) nor an RFC 3339 date-time (2006-01-02T15:04:05Z or with a ±hh:mm offset)", s)
}

// rfc3339Shape checks what time.Parse lets through: an upper-case T between
// date and time, and a Z or ±hh:mm zone.
func rfc3339Shape(s string) bool {
	if len(s) < len("2006-01-02T15:04:05Z") || s[10] != 'T' {
		return false
	}
	if s[len(s)-1] == 'Z' {
		return true
	}
	z := s[len(s)-6:]
	return (z[0] == '+' || z[0] == '-') && z[3] == ':'
}
