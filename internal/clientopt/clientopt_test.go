package clientopt

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"github.com/flexport-go/flexport/internal/apierr"
	"github.com/flexport-go/flexport/internal/transport"
)

// applyClient applies opts at the client level, as NewClient of package
// api does.
func applyClient(api apierr.API, s *Settings, opts ...Option) error {
	return ApplyClient(api, s, opts, func(o Option) Option { return o })
}

// applyCall applies opts at the call level.
func applyCall(opts ...Option) (*Call, error) {
	return ApplyCall(apierr.Core, opts, func(o Option) Option { return o })
}

func TestOptionErrors(t *testing.T) {
	tests := []struct {
		api  apierr.API
		o    Option
		want string
	}{
		{apierr.Core, HTTPClient(nil), "core: WithHTTPClient: nil client"},
		{apierr.Core, MaxAttempts(0), "core: WithMaxAttempts: 0 attempts; at least 1 is needed"},
		{apierr.Logistics, Backoff(time.Second, time.Millisecond), "logistics: WithBackoff: need 0 < base <= max, got 1s and 1ms"},
		{apierr.Core, Backoff(0, time.Second), "core: WithBackoff: need 0 < base <= max, got 0s and 1s"},
		{apierr.Core, RetryAfterCap(-time.Second), "core: WithRetryAfterCap: -1s is not positive"},
		{apierr.Logistics, RateLimit(0, 1), "logistics: WithRateLimit: need a positive rate and burst, got 0 and 1"},
		{apierr.Core, RateLimit(1, 0), "core: WithRateLimit: need a positive rate and burst, got 1 and 0"},
		{apierr.Logistics, Timeout(0), "logistics: WithTimeout: zero timeout"},
		{apierr.Core, Middleware(nil), "core: WithMiddleware: nil middleware"},
		{apierr.Core, RateLimiter(nil), "core: WithRateLimiter: nil Limiter"},
		{apierr.Logistics, RateLimiter((*rate.Limiter)(nil)), "logistics: WithRateLimiter: nil Limiter"},
		{apierr.Core, Version("4"), `core: WithVersion: invalid Flexport-Version "4": want "2", "3" or a date YYYY-MM-DD`},
		{apierr.Core, Prefetch(-1), "core: WithPrefetch: negative -1"},
		{apierr.Core, APIKey(" "), "core: WithAPIKey: empty API key"},
		{apierr.Logistics, Token(""), "logistics: WithToken: empty token"},
		{apierr.Logistics, TokenSource(nil), "logistics: WithTokenSource: nil TokenSource"},
		{apierr.Core, ClientCredentials(nil), "core: WithClientCredentials: nil credentials"},
		{apierr.Core, MaxResponseBytes(0), "core: WithMaxResponseBytes: 0 is not positive"},
		{apierr.Logistics, MaxPages(-2), "logistics: WithMaxPages: -2 is not positive"},
		{apierr.Core, UserAgent("a\r\nX-Evil: 1"), "core: WithUserAgent: line breaks are not allowed"},
	}
	for _, tt := range tests {
		var s Settings
		if err := applyClient(tt.api, &s, tt.o); err == nil || err.Error() != tt.want {
			t.Errorf("error = %v, want %q", err, tt.want)
		}
	}
}

func TestOptionsSet(t *testing.T) {
	var s Settings
	mw := func(rt http.RoundTripper) http.RoundTripper { return rt }
	err := applyClient(apierr.Core, &s,
		BaseURL("https://h.example"), MaxAttempts(2), Backoff(time.Millisecond, time.Second),
		RetryAfterCap(time.Minute), Retry500(), RetryBudget(0), RateLimit(5, 2),
		Timeout(-1), Logger(nil), Middleware(mw), Middleware(mw), UserAgent("app/1"), Version("3"), Prefetch(4),
		MaxResponseBytes(10), MaxPages(7),
	)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Transport
	switch {
	case s.BaseURL != "https://h.example", c.MaxAttempts != 2, c.BaseDelay != time.Millisecond, c.MaxDelay != time.Second,
		c.RetryAfterCap != time.Minute, !c.Retry500, c.RetryBudget != -1, c.RateLimiter == nil || c.RateLimiter.(*rate.Limiter).Burst() != 2,
		c.Timeout != -1, len(c.Middleware) != 2, c.UserAgent != "app/1", c.Version != "3", s.Prefetch != 4,
		s.ResponseLimit() != 10, s.PageLimit() != 7:
		t.Errorf("settings = %+v", s)
	}
}

func TestRateLimiterReplacesRateLimit(t *testing.T) {
	var s Settings
	lim := rate.NewLimiter(1, 1)
	if err := applyClient(apierr.Core, &s, RateLimit(5, 2), RateLimiter(lim)); err != nil {
		t.Fatal(err)
	}
	if s.Transport.RateLimiter != lim {
		t.Errorf("RateLimiter = %v, want the one given last", s.Transport.RateLimiter)
	}
	if err := applyClient(apierr.Core, &s, RateLimit(5, 2)); err != nil {
		t.Fatal(err)
	}
	if l, ok := s.Transport.RateLimiter.(*rate.Limiter); !ok || l == lim || l.Burst() != 2 {
		t.Errorf("RateLimiter = %v, want a new rate.Limiter of burst 2", s.Transport.RateLimiter)
	}
}

func TestApplyClient(t *testing.T) {
	var s Settings
	if err := applyClient(apierr.Core, &s, Option{}, Retry500()); err == nil || err.Error() != "core: zero Option: make options with the With functions" {
		t.Errorf("error = %v, want the zero Option refused", err)
	}
	s = Settings{}
	if err := applyClient(apierr.Core, &s, MaxAttempts(4), MaxAttempts(0), Retry500()); err == nil || s.Transport.Retry500 {
		t.Errorf("error = %v, Retry500 %t: want the error, and no option applied after it", err, s.Transport.Retry500)
	}
	s = Settings{}
	if err := applyClient(apierr.Core, &s, APIKey("k"), TokenSource(oauth2.StaticTokenSource(&oauth2.Token{}))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Credential(apierr.Core, "WithAPIKey"); err == nil || err.Error() != "core: more than one credential option given; use exactly one" {
		t.Errorf("two credentials: error = %v", err)
	}
	if _, err := new(Settings).Credential(apierr.Logistics, "WithToken or WithTokenSource"); err == nil ||
		err.Error() != "logistics: no credentials: use WithToken or WithTokenSource" {
		t.Errorf("no credentials: error = %v", err)
	}
}

// TestLevels checks that an option is refused, by name, at the level it
// does not apply at: a client option given to a call, a call option given
// to NewClient.
func TestLevels(t *testing.T) {
	clientOnly := []Option{BaseURL("https://h"), HTTPClient(&http.Client{}), TokenSource(nil), APIKey("k"), Token("t"),
		ClientCredentials(nil), RetryBudget(1), RateLimit(1, 1), Logger(nil), Middleware(nil), UserAgent("u")}
	for _, o := range clientOnly {
		_, err := applyCall(o)
		var ve *apierr.ValidationError
		want := "core: " + o.Name + " configures a client: give it to NewClient, not to a call"
		if !errors.As(err, &ve) || err.Error() != want {
			t.Errorf("%s at a call: error = %v, want a ValidationError %q", o.Name, err, want)
		}
	}
	callOnly := []Option{Query("a", "b"), Expand("legs"), MetadataFilter("k", "v"), CallInfo(new(transport.CallInfo)),
		UnsafeRetries(), IdempotencyKey("k")}
	for _, o := range callOnly {
		var s Settings
		want := "logistics: " + o.Name + " configures one call: give it to a method, not to NewClient"
		if err := applyClient(apierr.Logistics, &s, o); err == nil || err.Error() != want {
			t.Errorf("%s at NewClient: error = %v, want %q", o.Name, err, want)
		}
	}
}

// TestCallSettings checks what the options that apply to calls set, and
// that a call without options has the client's settings.
func TestCallSettings(t *testing.T) {
	lim1, lim2 := rate.NewLimiter(1, 1), rate.NewLimiter(2, 2)
	var info transport.CallInfo
	c, err := applyCall(MaxAttempts(5), Backoff(time.Millisecond, time.Second), RetryAfterCap(time.Minute), Retry500(),
		RateLimiter(lim1), RateLimiter(lim2), Timeout(time.Second), Version("2"), UnsafeRetries(), IdempotencyKey("key-1"),
		MaxResponseBytes(100), MaxPages(3), Prefetch(0), Query("a", "1"), Expand("legs", "booking"), MetadataFilter("PO", "7"),
		CallInfo(&info))
	if err != nil {
		t.Fatal(err)
	}
	want := transport.CallConfig{MaxAttempts: 5, BaseDelay: time.Millisecond, MaxDelay: time.Second, RetryAfterCap: time.Minute,
		Retry500: true, Timeout: time.Second, Limiters: []transport.Limiter{lim1, lim2}, Version: "2", UnsafeRetries: true, IdempotencyKey: "key-1"}
	if diff := cmp.Diff(&want, c.Transport, cmp.Comparer(func(a, b *rate.Limiter) bool { return a == b })); diff != "" {
		t.Errorf("transport settings (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][2]string{{"a", "1"}, {"expand", "legs,booking"}, {"f.metadata.PO", "7"}}, c.Query); diff != "" {
		t.Errorf("query (-want +got):\n%s", diff)
	}
	if c.ResponseLimit(1) != 100 || c.PageLimit(1) != 3 || c.PrefetchLimit(8) != 1 || c.Info != &info || !c.WantsInfo() {
		t.Errorf("limits %d, %d, prefetch %d, info %p; want 100, 3, 1 (WithPrefetch(0) fetches one page at a time), &info",
			c.ResponseLimit(1), c.PageLimit(1), c.PrefetchLimit(8), c.Info)
	}
	var none *Call
	if none.ResponseLimit(9) != 9 || none.PageLimit(8) != 8 || none.PrefetchLimit(4) != 4 || none.WantsInfo() {
		t.Error("a call without options does not have the client's settings")
	}
	if none, err := applyCall(); none != nil || err != nil {
		t.Errorf("no options: %v, %v; want nil, nil", none, err)
	}
}

func TestCallContext(t *testing.T) {
	ctx := context.Background()
	var none *Call
	if got := none.Context(ctx); got != ctx {
		t.Error("Context without options changed the context")
	}
	if c, _ := applyCall(Query("a", "b")); c.Context(ctx) != ctx {
		t.Error("Context without transport settings changed the context")
	}
	if c, _ := applyCall(MaxAttempts(1)); c.Context(ctx) == ctx {
		t.Error("Context with attempts kept the context")
	}
	for o, want := range map[*Option]string{
		ptr(Query(" ", "v")):       "core: WithQuery: empty key",
		ptr(IdempotencyKey("")):    "core: WithIdempotencyKey: empty key",
		ptr(CallInfo(nil)):         "core: WithCallInfo: nil *CallInfo",
		ptr(MaxAttempts(0)):        "core: WithMaxAttempts: 0 attempts; at least 1 is needed",
		ptr(RateLimiter(nil)):      "core: WithRateLimiter: nil Limiter",
		ptr(Version("2999-01-01")): `core: WithVersion: invalid Flexport-Version "2999-01-01": date is after today`,
	} {
		var ve *apierr.ValidationError
		if _, err := applyCall(*o); !errors.As(err, &ve) || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s at a call: error %v, want a ValidationError %q", o.Name, err, want)
		}
	}
}

func TestAddQuery(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "https://h.example/x?b=2", nil)
	co := &Call{Query: [][2]string{{"a", "1"}, {"a", "2"}, {"f.metadata.k", "v w"}}}
	co.AddQuery(req)
	if got, want := req.URL.RawQuery, "a=1&a=2&b=2&f.metadata.k=v+w"; got != want {
		t.Errorf("query = %q, want %q", got, want)
	}
	req = httptest.NewRequest(http.MethodGet, "https://h.example/x?b=2&a", nil)
	new(Call).AddQuery(req)
	if got, want := req.URL.RawQuery, "b=2&a"; got != want {
		t.Errorf("query without options = %q, want it untouched (%q)", got, want)
	}
}

// TestNames checks that every option is named With<its function's name>,
// the name both packages give it (see parity_test.go).
func TestNames(t *testing.T) {
	for _, tt := range []struct {
		fn  any
		opt Option
	}{
		{BaseURL, BaseURL("")}, {HTTPClient, HTTPClient(nil)}, {TokenSource, TokenSource(nil)}, {APIKey, APIKey("")},
		{ClientCredentials, ClientCredentials(nil)}, {MaxAttempts, MaxAttempts(1)}, {Backoff, Backoff(1, 1)},
		{RetryAfterCap, RetryAfterCap(1)}, {Retry500, Retry500()}, {RetryBudget, RetryBudget(1)}, {RateLimit, RateLimit(1, 1)},
		{RateLimiter, RateLimiter(nil)}, {Timeout, Timeout(1)}, {Logger, Logger(nil)}, {Middleware, Middleware(nil)},
		{UserAgent, UserAgent("")}, {Token, Token("")}, {MaxResponseBytes, MaxResponseBytes(1)}, {MaxPages, MaxPages(1)}, {Query, Query("", "")},
		{Expand, Expand()}, {MetadataFilter, MetadataFilter("", "")}, {CallInfo, CallInfo(nil)}, {Version, Version("2")},
		{Prefetch, Prefetch(1)}, {UnsafeRetries, UnsafeRetries()}, {IdempotencyKey, IdempotencyKey("")},
	} {
		full := runtime.FuncForPC(reflect.ValueOf(tt.fn).Pointer()).Name()
		fn := full[strings.LastIndex(full, ".")+1:]
		if want := "With" + fn; tt.opt.Name != want {
			t.Errorf("clientopt.%s makes an option named %q, want %q", fn, tt.opt.Name, "With"+fn)
		}
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
		cfg := tt.s.TransportConfig()
		if cfg.Base != tt.wantBase || cfg.Timeout != tt.wantTimeout {
			t.Errorf("%s: Base %v, Timeout %v; want %v, %v", tt.name, cfg.Base, cfg.Timeout, tt.wantBase, tt.wantTimeout)
		}
	}
}

func TestParseBaseURL(t *testing.T) {
	tests := []struct{ in, want, wantErr string }{
		{in: "https://h.example/", want: "https://h.example"},
		{in: "http://h.example/p%2Fq/", want: "http://h.example/p/q"},
		{in: "https://h.example?", wantErr: `core: base URL "https://h.example?" must not have a query or fragment`},
		{in: "::bad", wantErr: `core: malformed base URL: parse "::bad": missing protocol scheme`},
		{in: "ftp://h.example", wantErr: `core: base URL "ftp://h.example": scheme must be http or https`},
		{in: "https://", wantErr: `core: base URL "https://" has no host`},
		{in: "https://u:p@h.example", wantErr: "core: base URL must not carry credentials"},
		{in: "https://h.example?x=1", wantErr: `core: base URL "https://h.example?x=1" must not have a query or fragment`},
		{in: "https://h.example#f", wantErr: `core: base URL "https://h.example#f" must not have a query or fragment`},
	}
	for _, tt := range tests {
		u, err := ParseBaseURL(apierr.Core, tt.in)
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

func ptr[T any](v T) *T { return &v }
