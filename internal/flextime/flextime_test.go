package flextime

import (
	"encoding/json"
	"testing"
	"time"
)

func TestDateTimeRoundTrip(t *testing.T) {
	tests := []struct {
		in      string // JSON
		instant time.Time
		out     string // JSON after re-encoding
	}{
		{`"2019-05-30T01:29:00.440Z"`, time.Date(2019, 5, 30, 1, 29, 0, 440e6, time.UTC), `"2019-05-30T01:29:00.44Z"`},
		{`"2018-11-15T00:00:00.000+08:00"`, time.Date(2018, 11, 14, 16, 0, 0, 0, time.UTC), `"2018-11-15T00:00:00+08:00"`},
		{`"2019-02-06T19:28:25+00:00"`, time.Date(2019, 2, 6, 19, 28, 25, 0, time.UTC), `"2019-02-06T19:28:25Z"`},
		{`"2019-06-15"`, time.Date(2019, 6, 15, 0, 0, 0, 0, time.UTC), `"2019-06-15"`},
		{`"2019-06-15T10:00:00-0700"`, time.Date(2019, 6, 15, 17, 0, 0, 0, time.UTC), `"2019-06-15T10:00:00-07:00"`},
		{`"2022-01-01 18:26:37 -0800"`, time.Date(2022, 1, 2, 2, 26, 37, 0, time.UTC), `"2022-01-01T18:26:37-08:00"`},
		{`"2019\u002d06\u002d15"`, time.Date(2019, 6, 15, 0, 0, 0, 0, time.UTC), `"2019-06-15"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var d DateTime
			if err := json.Unmarshal([]byte(tt.in), &d); err != nil {
				t.Fatal(err)
			}
			if !d.Time().Equal(tt.instant) {
				t.Errorf("instant = %v, want %v", d.Time(), tt.instant)
			}
			out, err := json.Marshal(d)
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.out {
				t.Errorf("re-encoded = %s, want %s", out, tt.out)
			}
			var back DateTime
			if err := json.Unmarshal(out, &back); err != nil || !back.Equal(d) {
				t.Errorf("re-decoding %s = %v, %v; want %v", out, back, err, d)
			}
		})
	}
}

func TestDateTimeRejects(t *testing.T) {
	for _, in := range []string{`"yesterday"`, `"2019-13-01"`, `12345`, `"2019-06-15T25:00:00Z"`, `""`} {
		var d DateTime
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("Unmarshal(%s) accepted %v", in, d)
		}
	}
}

func TestNullAndZero(t *testing.T) {
	var p *DateTime
	if err := json.Unmarshal([]byte(`null`), &p); err != nil || p != nil {
		t.Errorf("null into *DateTime = %v, %v; want nil", p, err)
	}
	out, err := json.Marshal(DateTime{})
	if err != nil || string(out) != "null" {
		t.Errorf("Marshal(zero) = %s, %v; want null", out, err)
	}
	if _, err := (DateTime{}).MarshalText(); err == nil {
		t.Error("MarshalText(zero) succeeded")
	}
}

func TestDate(t *testing.T) {
	d := NewDate(time.Date(2024, 2, 29, 23, 0, 0, 0, time.FixedZone("x", -5*3600)))
	out, err := json.Marshal(d)
	if err != nil || string(out) != `"2024-02-29"` {
		t.Errorf("Marshal(NewDate) = %s, %v", out, err)
	}
	var got Date
	if err := json.Unmarshal([]byte(`"2019-05-30T01:29:00Z"`), &got); err != nil || got.DateOnly() {
		t.Errorf("Date from a date-time = %v (date only %v), %v; want the date-time kept", got, got.DateOnly(), err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2019-05-30T01:29:00.440Z", "2019-06-15", "2018-11-15T00:00:00.000+08:00", "2022-01-01 18:26:37 PST", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		b, err := d.MarshalJSON()
		if err != nil {
			if d.IsZero() {
				return
			}
			t.Fatalf("Parse(%q) = %v, which does not encode: %v", s, d, err)
		}
		var back DateTime
		if err := json.Unmarshal(b, &back); err != nil {
			if d.IsZero() && string(b) == "null" {
				return
			}
			t.Fatalf("%s (from %q) does not decode: %v", b, s, err)
		}
		if !back.Time().Equal(d.Time()) {
			t.Fatalf("%q: instant %v became %v", s, d.Time(), back.Time())
		}
	})
}

// FuzzParseStrict checks that what ParseStrict accepts, Parse reads as the
// same instant, and that its encoding is accepted by ParseStrict again.
func FuzzParseStrict(f *testing.F) {
	for _, s := range []string{"2019-06-15", "2019-05-30T01:29:00.440Z", "2018-11-15T00:00:00.000+08:00", "2020-01-01T10:00:00+00:00", "2019-06-15 10:00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseStrict(s)
		if err != nil {
			return
		}
		lenient, err := Parse(s)
		if err != nil || !lenient.Time().Equal(d.Time()) || lenient.DateOnly() != d.DateOnly() {
			t.Fatalf("ParseStrict(%q) = %v but Parse gives %v, %v", s, d, lenient, err)
		}
		again, err := ParseStrict(d.String())
		if err != nil || !again.Time().Equal(d.Time()) {
			t.Fatalf("ParseStrict(%q).String() = %q, which ParseStrict reads as %v, %v", s, d.String(), again, err)
		}
	})
}
