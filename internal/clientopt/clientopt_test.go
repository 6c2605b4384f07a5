package clientopt

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestFuncErrors(t *testing.T) {
	tests := []struct {
		f    Func
		want string
	}{
		{HTTPClient("core", nil), "core: WithHTTPClient: nil client"},
		{MaxAttempts("core", 0), "core: WithMaxAttempts: 0 attempts; at least 1 is needed"},
		{Backoff("logistics", time.Second, time.Millisecond), "logistics: WithBackoff: need 0 < base <= max, got 1s and 1ms"},
		{Backoff("core", 0, time.Second), "core: WithBackoff: need 0 < base <= max, got 0s and 1s"},
		{RetryAfterCap("core", -time.Second), "core: WithRetryAfterCap: -1s is not positive"},
		{RateLimit("logistics", 0, 1), "logistics: WithRateLimit: need a positive rate and burst, got 0 and 1"},
		{RateLimit("core", 1, 0), "core: WithRateLimit: need a positive rate and burst, got 1 and 0"},
		{Timeout("logistics", 0), "logistics: WithTimeout: zero timeout"},
		{Middleware("core", nil), "core: WithMiddleware: nil middleware"},
		{RateLimiter("core", nil), "core: WithRateLimiter: nil Limiter"},
		{RateLimiter("logistics", (*rate.Limiter)(nil)), "logistics: WithRateLimiter: nil Limiter"},
	}
	for _, tt := range tests {
		var s Settings
		if err := tt.f(&s); err == nil || err.Error() != tt.want {
			t.Errorf("error = %v, want %q", err, tt.want)
		}
	}
}

func TestFuncsSet(t *testing.T) {
	var s Settings
	mw := func(rt http.RoundTripper) http.RoundTripper { return rt }
	for _, f := range []Func{
		BaseURL("https://h.example"), MaxAttempts("core", 2), Backoff("core", time.Millisecond, time.Second),
		RetryAfterCap("core", time.Minute), Retry500(), RetryBudget(0), RateLimit("core", 5, 2),
		Timeout("core", -1), Logger(nil), Middleware("core", mw), Middleware("core", mw), UserAgent("app/1"),
	} {
		if err := f(&s); err != nil {
			t.Fatal(err)
		}
	}
	c := s.Transport
	switch {
	case s.BaseURL != "https://h.example", c.MaxAttempts != 2, c.BaseDelay != time.Millisecond, c.MaxDelay != time.Second,
		c.RetryAfterCap != time.Minute, !c.Retry500, c.RetryBudget != -1, c.RateLimiter == nil || c.RateLimiter.(*rate.Limiter).Burst() != 2,
		c.Timeout != -1, len(c.Middleware) != 2, c.UserAgent != "app/1":
		t.Errorf("settings = %+v", s)
	}
}

func TestRateLimiterReplacesRateLimit(t *testing.T) {
	var s Settings
	lim := rate.NewLimiter(1, 1)
	for _, f := range []Func{RateLimit("core", 5, 2), RateLimiter("core", lim)} {
		if err := f(&s); err != nil {
			t.Fatal(err)
		}
	}
	if s.Transport.RateLimiter != lim {
		t.Errorf("RateLimiter = %v, want the one given last", s.Transport.RateLimiter)
	}
	if err := RateLimit("core", 5, 2)(&s); err != nil {
		t.Fatal(err)
	}
	if l, ok := s.Transport.RateLimiter.(*rate.Limiter); !ok || l == lim || l.Burst() != 2 {
		t.Errorf("RateLimiter = %v, want a new rate.Limiter of burst 2", s.Transport.RateLimiter)
	}
}

func TestApply(t *testing.T) {
	type opts struct{ n int }
	inc := func(o *opts) error { o.n++; return nil }
	fail := func(*opts) error { return errors.New("failed") }
	var o opts
	if err := Apply("core", &o, []func(*opts) error{inc, nil, inc}); err == nil || err.Error() != "core: nil Option" {
		t.Errorf("error = %v, want core: nil Option", err)
	}
	if err := Apply("core", &o, []func(*opts) error{inc, fail, inc}); err == nil || err.Error() != "failed" {
		t.Errorf("error = %v, want failed", err)
	}
	if o.n != 2 {
		t.Errorf("%d options applied, want 2 (each run stops at its error)", o.n)
	}
}

func TestTransportConfig(t *testing.T) {
	rt := http.NewFileTransport(http.Dir("."))
	tests := []struct {
		name        string
		s           Settings
		wantBase    http.RoundTripper
		wantTimeout time.Duration
	}{
		{name: "no client"},
		{name: "client without transport", s: Settings{HTTPClient: &http.Client{}}, wantBase: http.DefaultTransport},
		{name: "client timeout", s: Settings{HTTPClient: &http.Client{Transport: rt, Timeout: time.Second}}, wantBase: rt, wantTimeout: time.Second},
		{name: "own timeout wins", wantBase: rt, wantTimeout: time.Minute, s: func() Settings {
			s := Settings{HTTPClient: &http.Client{Transport: rt, Timeout: time.Second}}
			s.Transport.Timeout = time.Minute
			return s
		}()},
	}
	for _, tt := range tests {
		cfg, base := tt.s.TransportConfig()
		if base != tt.wantBase || cfg.Base != tt.wantBase || cfg.Timeout != tt.wantTimeout {
			t.Errorf("%s: Base %v (returned %v), Timeout %v; want %v, %v", tt.name, cfg.Base, base, cfg.Timeout, tt.wantBase, tt.wantTimeout)
		}
	}
}

func TestParseBaseURL(t *testing.T) {
	tests := []struct{ in, want, wantErr string }{
		{in: "https://h.example/", want: "https://h.example"},
		{in: "http://h.example/p%2Fq/", want: "http://h.example/p/q"},
		{in: "https://h.example?", want: "https://h.example?"}, // ForceQuery: the caller's call
		{in: "::bad", wantErr: `core: malformed base URL: parse "::bad": missing protocol scheme`},
		{in: "ftp://h.example", wantErr: `core: base URL "ftp://h.example": scheme must be http or https`},
		{in: "https://", wantErr: `core: base URL "https://" has no host`},
		{in: "https://u:p@h.example", wantErr: "core: base URL must not carry credentials"},
		{in: "https://h.example?x=1", wantErr: `core: base URL "https://h.example?x=1" must not have a query or fragment`},
		{in: "https://h.example#f", wantErr: `core: base URL "https://h.example#f" must not have a query or fragment`},
	}
	for _, tt := range tests {
		u, err := ParseBaseURL("core", tt.in)
		switch {
		case tt.wantErr != "":
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseBaseURL(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("ParseBaseURL(%q): %v", tt.in, err)
		case u.String() != tt.want:
			t.Errorf("ParseBaseURL(%q) = %s, want %s", tt.in, u, tt.want)
		}
	}
}
