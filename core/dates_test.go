package core_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/flexport-go/flexport/core"
)

func TestNewDate(t *testing.T) {
	d := core.NewDate(2024, time.February, 29)
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `"2024-02-29"` {
		t.Errorf("NewDate(2024, February, 29) encodes as %s, want \"2024-02-29\"", b)
	}
	if want := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC); !d.Time().Equal(want) || !d.DateOnly() {
		t.Errorf("NewDate: Time() = %v, DateOnly() = %v", d.Time(), d.DateOnly())
	}
}

func TestNewDateTime(t *testing.T) {
	loc := time.FixedZone("", 8*3600)
	in := time.Date(2018, 11, 15, 9, 30, 0, 440e6, loc)
	b, err := json.Marshal(core.NewDateTime(in))
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `"2018-11-15T09:30:00.44+08:00"` {
		t.Errorf("NewDateTime encodes as %s", b)
	}
}

func TestParseDateTime(t *testing.T) {
	tests := []struct {
		in       string
		want     time.Time
		dateOnly bool
	}{
		{"2019-05-30T01:29:00.440Z", time.Date(2019, 5, 30, 1, 29, 0, 440e6, time.UTC), false},
		{"2018-11-15T00:00:00.000+08:00", time.Date(2018, 11, 14, 16, 0, 0, 0, time.UTC), false},
		{"2018-12-01T00:00:00.000-08:00", time.Date(2018, 12, 1, 8, 0, 0, 0, time.UTC), false},
		{"2020-01-01T10:00:00+00:00", time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC), false},
		{"2020-01-01T10:00:00Z", time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC), false},
		{"2019-06-15", time.Date(2019, 6, 15, 0, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		got, err := core.ParseDateTime(tt.in)
		if err != nil {
			t.Errorf("ParseDateTime(%q): %v", tt.in, err)
			continue
		}
		if !got.Time().Equal(tt.want) || got.DateOnly() != tt.dateOnly {
			t.Errorf("ParseDateTime(%q) = %v (date only %v), want %v (%v)", tt.in, got.Time(), got.DateOnly(), tt.want, tt.dateOnly)
		}
	}
	for _, bad := range []string{
		"", "yesterday", "2019-06-15 10:00:00", "2019-06-15T10:00:00", "2019-06-15T10:00:00+0800",
		"2019-06-15t10:00:00z", "2019-13-01", "2019-06-15T25:00:00Z", "2022-01-01 18:26:37 PST", "1559210940",
		"2019-06-15T10:00Z", " 2019-06-15",
	} {
		if got, err := core.ParseDateTime(bad); err == nil {
			t.Errorf("ParseDateTime(%q) = %v, want an error", bad, got)
		}
	}
}

func ExampleNewDate() {
	booking := core.CreateBooking{CargoReadyDate: core.Ptr(core.NewDate(2024, time.March, 1))}
	fmt.Println(booking.GetCargoReadyDate())
	// Output: 2024-03-01
}

func ExampleParseDateTime() {
	eta, err := core.ParseDateTime("2018-11-15T00:00:00.000+08:00")
	if err != nil {
		panic(err)
	}
	fmt.Println(eta.Time().UTC())
	// Output: 2018-11-14 16:00:00 +0000 UTC
}
