package core

import (
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/transport"
)

// An Option configures a Client when given to NewClient, or one call when
// given to a method (c.Shipments.Get(ctx, id, opts...), Documents.Upload,
// Get, List, ...). Each With function says where it applies:
//
//   - client and call: WithMaxAttempts, WithBackoff, WithRetryAfterCap,
//     WithRetry500, WithRateLimiter, WithTimeout, WithVersion,
//     WithMaxResponseBytes, WithMaxPages, WithPrefetch. At a call they
//     change that call only.
//   - client only: the credentials (WithAPIKey, WithTokenSource,
//     WithClientCredentials), WithBaseURL, WithHTTPClient, WithRateLimit,
//     WithRetryBudget, WithLogger, WithMiddleware, WithUserAgent. A call
//     given one fails with a *ValidationError naming it.
//   - call only: WithCallInfo, WithExpand, WithMetadataFilter, WithQuery,
//     WithUnsafeRetries. NewClient given one fails, naming it.
//
// The options package logistics shares with this one have the same names
// and meanings there.
type Option struct{ o clientopt.Option }

// CallOption is another name for Option, the type of the options methods
// take; it is kept for code written when the two were different types.
type CallOption = Option

// option makes an Option.
func option(o clientopt.Option) Option { return Option{o} }

// get returns o's clientopt.Option.
func get(o Option) clientopt.Option { return o.o }

// WithAPIKey authenticates with a legacy Core API key, sent as the bearer
// token (client). The client keeps the key behind a pointer to a type that
// redacts itself, so formatting a value holding the client never shows it.
func WithAPIKey(key string) Option { return option(clientopt.APIKey(key)) }

// WithTokenSource authenticates with tokens from ts, for example an
// (*auth.ClientCredentials).TokenSource() (client). If ts also has an
// Invalidate method, a 401 response invalidates the token and the request
// is sent once more with a fresh one.
func WithTokenSource(ts oauth2.TokenSource) Option { return option(clientopt.TokenSource(ts)) }

// WithClientCredentials authenticates with OAuth API credentials (client).
// Tokens are cached (in cc.Store too, when set; else shared by the whole
// process) so that the 10 token requests a day Flexport allows are never
// exceeded.
//
// It reads cc at once, through cc.TokenSource, which takes the secret out
// of cc's exported ClientSecret field and keeps it behind an unexported
// pointer: from then on, formatting any value holding cc (or the client)
// with fmt or log/slog shows no secret, whatever the verb and however deep.
func WithClientCredentials(cc *auth.ClientCredentials) Option {
	return option(clientopt.ClientCredentials(cc))
}

// WithBaseURL sends requests to u instead of DefaultBaseURL (client); use
// SandboxBaseURL for Flexport's sandbox. It must be an absolute http or
// https URL without query or fragment; a path is kept as a prefix.
func WithBaseURL(u string) Option { return option(clientopt.BaseURL(u)) }

// WithHTTPClient sends requests through hc's Transport (client); the retry,
// auth and logging layers of this package stay on top of it. hc.Timeout,
// when set and WithTimeout is not, bounds each call.
func WithHTTPClient(hc *http.Client) Option { return option(clientopt.HTTPClient(hc)) }

// WithVersion sets the Flexport-Version header: "2" (the default), "3", or
// a date YYYY-MM-DD that is not in the future. Given to NewClient it
// applies to every call; given to a call, to that call.
func WithVersion(v string) Option { return option(clientopt.Version(v)) }

// WithMaxAttempts bounds the attempts of each call, the first included
// (default 3; 1 disables retries); n must be at least 1. Given to a call,
// it bounds that call's attempts instead.
func WithMaxAttempts(n int) Option { return option(clientopt.MaxAttempts(n)) }

// WithBackoff sets the full-jitter exponential backoff between attempts
// (client, call): retry n waits a random time below min(max, base·2ⁿ⁻¹),
// and at least base/4 (defaults 500 ms and 20 s). A Retry-After lengthens
// the wait, never shortens it.
func WithBackoff(base, max time.Duration) Option { return option(clientopt.Backoff(base, max)) }

// WithRetryAfterCap sets the longest Retry-After waited for (client, call;
// default 60 s); a longer one ends the call at once with an error whose
// RetryAfter says how long to wait.
func WithRetryAfterCap(d time.Duration) Option { return option(clientopt.RetryAfterCap(d)) }

// WithRetry500 makes 500 responses retryable (client, call), for GETs and
// other safe calls; writes only with WithUnsafeRetries.
func WithRetry500() Option { return option(clientopt.Retry500()) }

// WithRetryBudget sets the capacity of the client-wide retry token bucket
// (client; default 500 tokens; a retry costs 5, 10 after a timeout). Zero
// or less disables the budget.
func WithRetryBudget(tokens int) Option { return option(clientopt.RetryBudget(tokens)) }

// WithRateLimit limits the client to r requests a second with bursts of
// burst, waiting (context-aware) before each attempt (client). To limit
// some calls, give them WithRateLimiter with a limiter they share.
func WithRateLimit(r rate.Limit, burst int) Option { return option(clientopt.RateLimit(r, burst)) }

// A Limiter paces requests: Wait blocks until one more request may be sent,
// or returns an error, at the latest when ctx is done. A *rate.Limiter
// (golang.org/x/time/rate) limits one process; a redisstore.Limiter
// (package github.com/flexport-go/flexport/auth/redisstore) shares one limit
// among the processes of a fleet. Limiters must be safe for concurrent use.
type Limiter = transport.Limiter

// WithRateLimiter makes calls wait on l, which must not be nil, before each
// attempt, retries included. Given to NewClient, it is the client's limiter
// for every call (it replaces the limiter of WithRateLimit, and
// WithRateLimit replaces it). Given to a call, the call waits on l after
// the client's limiter: a limit on one operation, such as the 1,000
// requests an hour Flexport allows CarbonCalculations.Create. Several apply
// in order.
func WithRateLimiter(l Limiter) Option { return option(clientopt.RateLimiter(l)) }

// WithTimeout bounds each call: all its attempts, the waits between them and
// reading the response (default 2 minutes); given to a call, it bounds that
// call instead. Negative removes the bound; the dial, TLS and
// response-header timeouts still apply. Zero is refused.
func WithTimeout(d time.Duration) Option { return option(clientopt.Timeout(d)) }

// WithLogger logs one record per attempt (method, path, status, attempt,
// duration, correlation id) to l (client): at Debug an attempt that
// succeeded, at Warn one that is retried, at Error the failure that ends a
// call. Credentials are never logged. Query values are shown only for
// paging, sorting, expansion and filter parameters; a URL on another host
// (a pre-signed download link) is logged without its query.
func WithLogger(l *slog.Logger) Option { return option(clientopt.Logger(l)) }

// WithMiddleware wraps every attempt's round trip with m, for tracing or
// metrics (client; OpenTelemetry's otelhttp.NewTransport fits). The first
// added is the outermost.
func WithMiddleware(m func(http.RoundTripper) http.RoundTripper) Option {
	return option(clientopt.Middleware(m))
}

// WithUserAgent appends s to the User-Agent header (client).
func WithUserAgent(s string) Option { return option(clientopt.UserAgent(s)) }

// WithMaxResponseBytes bounds every response body decoded (client, call;
// default 64 MiB); a larger one fails the call with an error matching
// ErrResponseTooLarge, and reading stops at the limit. Document downloads
// are streams and are not bounded by it.
func WithMaxResponseBytes(n int64) Option { return option(clientopt.MaxResponseBytes(n)) }

// WithMaxPages bounds the pages one List walk fetches (client, call;
// default DefaultMaxPages); the walk ends with an error matching
// ErrTooManyPages when a collection goes on beyond it.
func WithMaxPages(n int) Option { return option(clientopt.MaxPages(n)) }

// WithPrefetch lets List fetch up to n pages at once on page-numbered
// collections that report a total count, still yielding items in order
// (client, call). It keeps more pages in flight only while fetching is
// slower than the caller's use of the items, so it never makes a walk
// slower than fetching one page at a time; it stops fetching when the
// caller stops ranging. n <= 1 fetches one page at a time (the default).
func WithPrefetch(n int) Option { return option(clientopt.Prefetch(n)) }

// CallInfo is what a call reports through WithCallInfo: Attempts (more than
// 1 means retries), StatusCode (of the last response; zero when none came
// back) and RequestID (the last response's request id: quote it to
// Flexport support). IdempotencyKey and Replayed are the Logistics API's
// and stay empty here.
type CallInfo = transport.CallInfo

// WithCallInfo makes the call fill in *info when it returns, successful or
// not (call). For List and ListPage, info describes the last page request
// whose items were yielded.
func WithCallInfo(info *CallInfo) Option { return option(clientopt.CallInfo(info)) }

// WithUnsafeRetries lets this write (POST or PATCH) be retried after a
// timeout or a 5xx response (call). The Core API has no idempotency keys,
// so by default a write is retried only when it provably never reached
// Flexport (the connection failed) or was refused with 429; opt in only
// when sending it twice is harmless.
func WithUnsafeRetries() Option { return option(clientopt.UnsafeRetries()) }

// WithExpand asks Flexport to expand these references in the response
// (call; the expand query parameter; nested expansions are dotted paths).
// An expanded reference has the referenced object, or a list of them, in
// place of the {_object, link} reference.
func WithExpand(fields ...string) Option { return option(clientopt.Expand(fields...)) }

// WithMetadataFilter filters a list by a metadata key ("Tags" in the app):
// f.metadata.<key>=<value> (call). The document cannot declare these
// filters since the key is yours.
func WithMetadataFilter(key, value string) Option {
	return option(clientopt.MetadataFilter(key, value))
}

// WithQuery adds a query parameter to this call, for filters and options the
// typed parameters lack (call).
func WithQuery(key, value string) Option { return option(clientopt.Query(key, value)) }

// newClientSettings applies opts to the settings of a new client.
func newClientSettings(opts []Option) (clientopt.Settings, error) {
	s := clientopt.Settings{BaseURL: DefaultBaseURL}
	err := clientopt.ApplyClient(apiID, &s, opts, get)
	return s, err
}
