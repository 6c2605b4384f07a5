package logistics

import (
	"log/slog"
	"net/http"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"github.com/flexport-go/flexport/internal/clientopt"
	"github.com/flexport-go/flexport/internal/transport"
)

// An Option configures a Client when given to NewClient, or one call when
// given to a method (c.Orders.Get(ctx, id, opts...), Products.List, ...).
// Each With function says where it applies:
//
//   - client and call: WithMaxAttempts, WithBackoff, WithRetryAfterCap,
//     WithRetry500, WithRateLimiter, WithTimeout, WithMaxResponseBytes,
//     WithMaxPages. At a call they change that call only.
//   - client only: the credentials (WithToken, WithTokenSource),
//     WithBaseURL, WithHTTPClient, WithRateLimit, WithRetryBudget,
//     WithLogger, WithMiddleware, WithUserAgent. A call given one fails
//     with a *ValidationError naming it.
//   - call only: WithCallInfo, WithIdempotencyKey, WithQuery. NewClient
//     given one fails, naming it.
//
// The options package core shares with this one have the same names and
// meanings there.
type Option struct{ o clientopt.Option }

// CallOption is another name for Option, the type of the options methods
// take; it is kept for code written when the two were different types.
type CallOption = Option

// option makes an Option.
func option(o clientopt.Option) Option { return Option{o} }

// get returns o's clientopt.Option.
func get(o Option) clientopt.Option { return o.o }

// WithToken authenticates with a static bearer token (client): a Logistics
// portal API token, or the token of a partner OAuth exchange. Neither
// expires. The client keeps the token behind a pointer to a type that
// redacts itself, so formatting a value holding the client never shows it.
func WithToken(token string) Option { return option(clientopt.Token(token)) }

// WithTokenSource authenticates with tokens from ts, such as an
// auth.LogisticsToken's TokenSource() (client). If ts also has an
// Invalidate method, a 401 response invalidates the token and the request
// is sent once more with a fresh one.
func WithTokenSource(ts oauth2.TokenSource) Option { return option(clientopt.TokenSource(ts)) }

// WithBaseURL sends requests to u instead of DefaultBaseURL (client). It
// must be an absolute http or https URL without query or fragment; a path
// is kept as a prefix. A URL ending in the versioned root
// /logistics/api/2023-10 is accepted and that root dropped, since every
// operation path carries it; another version's root is refused.
func WithBaseURL(u string) Option { return option(clientopt.BaseURL(u)) }

// WithHTTPClient sends requests through hc's Transport (client); the retry,
// auth and logging layers of this package stay on top of it. hc.Timeout,
// when set and WithTimeout is not, bounds each call.
func WithHTTPClient(hc *http.Client) Option { return option(clientopt.HTTPClient(hc)) }

// WithMaxAttempts bounds the attempts of each call, the first included
// (default 3; 1 disables retries); n must be at least 1. Given to a call,
// it bounds that call's attempts instead. POST and PATCH calls are retried
// too: they carry an idempotency-key.
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

// WithRetry500 makes 500 responses retryable like 502-504 (client, call).
func WithRetry500() Option { return option(clientopt.Retry500()) }

// WithRetryBudget sets the capacity of the client-wide retry token bucket
// (client; default 500 tokens; a retry costs 5, 10 after a timeout). Zero
// or less disables the budget.
func WithRetryBudget(tokens int) Option { return option(clientopt.RetryBudget(tokens)) }

// WithRateLimit limits the client to r requests a second with bursts of
// burst, waiting (context-aware) before each attempt (client). Flexport
// publishes no Logistics rate limits; a 429 is retried after its
// Retry-After either way. To limit some calls, give them WithRateLimiter
// with a limiter they share.
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
// the client's limiter: a limit on one operation or on a group of calls.
// Several apply in order.
func WithRateLimiter(l Limiter) Option { return option(clientopt.RateLimiter(l)) }

// WithTimeout bounds each call: all its attempts, the waits between them and
// reading the response (default 2 minutes); given to a call, it bounds that
// call instead. Negative removes the bound; the dial, TLS and
// response-header timeouts still apply. Zero is refused.
func WithTimeout(d time.Duration) Option { return option(clientopt.Timeout(d)) }

// WithLogger logs one record per attempt (method, path, status, attempt,
// duration, x-correlation-id, idempotent-replayed) to l (client): at Debug
// an attempt that succeeded, at Warn one that is retried, at Error the
// failure that ends a call. Credentials are never logged. Query values are
// shown only for paging, sorting and filter parameters; a URL on another
// host is logged without its query.
func WithLogger(l *slog.Logger) Option { return option(clientopt.Logger(l)) }

// WithMiddleware wraps every attempt's round trip with m, for tracing or
// metrics (client; OpenTelemetry's otelhttp.NewTransport fits). The first
// added is the outermost.
func WithMiddleware(m func(http.RoundTripper) http.RoundTripper) Option {
	return option(clientopt.Middleware(m))
}

// WithMaxResponseBytes bounds every response body decoded (client, call;
// default 64 MiB); a larger one fails the call with an error matching
// ErrResponseTooLarge, and reading stops at the limit.
func WithMaxResponseBytes(n int64) Option { return option(clientopt.MaxResponseBytes(n)) }

// WithMaxPages bounds the pages one List walk fetches (client, call;
// default DefaultMaxPages); the walk ends with an error matching
// ErrTooManyPages when a list goes on beyond it.
func WithMaxPages(n int) Option { return option(clientopt.MaxPages(n)) }

// WithUserAgent appends s to the User-Agent header (client).
func WithUserAgent(s string) Option { return option(clientopt.UserAgent(s)) }

// CallInfo is what a call reports through WithCallInfo: Attempts (more than
// 1 means retries), StatusCode (of the last response; zero when none came
// back), RequestID (the last response's x-correlation-id: quote it to
// Flexport support), IdempotencyKey (the idempotency-key sent, POST and
// PATCH only) and Replayed (the response carried idempotent-replayed: true,
// so Flexport returned the stored response of an earlier request with the
// same idempotency key instead of executing it again).
type CallInfo = transport.CallInfo

// WithCallInfo makes the call fill in *info when it returns, successful or
// not (call). For List and ListPage, info describes the last page request.
func WithCallInfo(info *CallInfo) Option { return option(clientopt.CallInfo(info)) }

// WithIdempotencyKey sends key as the idempotency-key of this POST or PATCH
// call (call; other methods send none); key must not be empty. Without it
// the client sends a new UUID v4 per call, the same on every retry of that
// call; give your own key (an order's external id, say) to make the call
// safe to repeat across restarts and processes. Flexport answers a
// repeated key with the stored response, marked idempotent-replayed (see
// CallInfo.Replayed).
func WithIdempotencyKey(key string) Option { return option(clientopt.IdempotencyKey(key)) }

// WithQuery adds a query parameter to this call, for filters the typed
// parameters lack (call; Events.List accepts any event field as a filter).
func WithQuery(key, value string) Option { return option(clientopt.Query(key, value)) }

// newClientSettings applies opts to the settings of a new client.
func newClientSettings(opts []Option) (clientopt.Settings, error) {
	s := clientopt.Settings{BaseURL: DefaultBaseURL}
	err := clientopt.ApplyClient(apiID, &s, opts, get)
	return s, err
}
