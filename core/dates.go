package core

import (
	"time"

	"github.com/flexport-go/flexport/internal/flextime"
)

// NewDate returns the calendar date year-month-day, for the date fields of
// request bodies (CreateBooking.CargoReadyDate, ...). It encodes as
// "2006-01-02". Out-of-range values normalise as time.Date does (October 32
// is November 1).
func NewDate(year int, month time.Month, day int) Date {
	return flextime.NewDate(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// NewDateTime returns t as a DateTime. It encodes in RFC 3339 with t's
// offset and fractional seconds ("2019-05-30T01:29:00.44Z").
func NewDateTime(t time.Time) DateTime { return flextime.NewDateTime(t) }

// ParseDateTime reads a date-time in any form Flexport sends: RFC 3339 with
// "Z" or a numeric offset ("+08:00"), with or without fractional seconds, or
// a bare date ("2019-06-15", midnight UTC, encoded back as a date). Anything
// else (no zone, a space instead of "T", an offset without a colon, a
// non-date) is an error.
func ParseDateTime(s string) (DateTime, error) { return flextime.ParseStrict(s) }
