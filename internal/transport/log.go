package transport

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/flexport-go/flexport/internal/apierr"
)

// RedactURL returns u's path and query with the values of secret parameters
// (see apierr.IsSecretParam) replaced by REDACTED. Scheme, host, user
// information and fragment are left out.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + RedactQuery(u.RawQuery)
	}
	return p
}

// RedactQuery returns a raw query string with the values of secret
// parameters replaced by REDACTED, keeping everything else as it was.
func RedactQuery(raw string) string {
	return redactQuery(raw, func(name string) bool { return !apierr.IsSecretParam(name) })
}

// redactQuery returns a raw query string with the value of every parameter
// whose (unescaped, trimmed) name keep refuses replaced by REDACTED,
// keeping everything else as it was.
func redactQuery(raw string, keep func(name string) bool) string {
	parts := strings.Split(raw, "&")
	for i, part := range parts {
		name, _, hasValue := strings.Cut(part, "=")
		if n, err := url.QueryUnescape(name); err == nil {
			name = n
		}
		if hasValue && !keep(strings.TrimSpace(name)) {
			parts[i] = part[:strings.IndexByte(part, '=')+1] + apierr.Redacted
		}
	}
	return strings.Join(parts, "&")
}

// logURL renders u for a log record. On the configured origin o, it is
// u's path and query, the values of parameters not known to be harmless
// (see harmlessParam) replaced by REDACTED. Anywhere else (a pre-signed
// storage URL a download was redirected to, say) it is the path alone: the
// query of such a URL is its credential.
func logURL(o origin, u *url.URL) string {
	if originOf(u) != o || u.RawQuery == "" {
		return u.EscapedPath()
	}
	return u.EscapedPath() + "?" + redactQuery(u.RawQuery, harmlessParam)
}

// harmlessParam reports whether the value of query parameter name may be
// logged: paging, sorting and expansion parameters, filters (f.*), and the
// identifiers the operations of both APIs take. Anything else, such as a
// parameter added with WithQuery, is redacted.
func harmlessParam(name string) bool {
	if strings.HasPrefix(name, "f.") {
		return true
	}
	switch name {
	case "page", "per", "limit", "offset", "cursor", "after", "page_info",
		"sort", "direction", "order", "expand", "status", "type", "ids",
		"orderId", "shipmentId", "shipmentIds", "trackingCode", "externalReturnId", "rma",
		"documentFormat", "documentOption", "aggregatePacks", "poolName", "shippingOption":
		return true
	}
	return false
}

// RedactHeader returns a copy of h with the values of credential headers
// (Authorization, Proxy-Authorization, Cookie, Set-Cookie, and any whose name
// mentions a token, secret, password or API key) replaced by REDACTED.
func RedactHeader(h http.Header) http.Header {
	out := h.Clone()
	for name, values := range out {
		if sensitiveHeader(name) {
			out[name] = slices.Repeat([]string{apierr.Redacted}, len(values))
		}
	}
	return out
}

func sensitiveHeader(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "proxy-authorization", "cookie", "set-cookie":
		return true
	}
	for _, s := range []string{"token", "secret", "password", "api-key", "apikey", "api_key"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// attemptLog writes one slog record per attempt, "flexport http attempt":
// api, method, path (see logURL), host when it is not the configured one,
// attempt (its number in the call), status, duration, correlation_id, and
// idempotent_replayed when set; error on failure. At debug level the
// redacted request headers are added. The retry layer chooses the level:
// Debug for an attempt that succeeded, Warn for one that will be retried,
// Error for the failure that ends the call.
type attemptLog struct {
	api    apierr.API
	base   *origin // the configured base URL's origin; nil: the call's first request's
	logger *slog.Logger
}

// attempt logs attempt number n, sent as req, which got resp or err after
// took, at level. A nil l logs nothing.
func (l *attemptLog) attempt(ctx context.Context, req *http.Request, resp *http.Response, err error, n int, took time.Duration, level slog.Level) {
	if l == nil || !l.logger.Enabled(ctx, level) {
		return
	}
	o := configuredOrigin(l.base, req)
	attrs := make([]slog.Attr, 0, 10)
	attrs = append(attrs,
		slog.String("api", l.api.String()),
		slog.String("method", req.Method),
		slog.String("path", logURL(o, req.URL)),
	)
	if originOf(req.URL) != o {
		attrs = append(attrs, slog.String("host", req.URL.Host))
	}
	attrs = append(attrs, slog.Int("attempt", n))
	if err != nil {
		attrs = append(attrs, slog.String("error", apierr.RedactText(err.Error())))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	attrs = append(attrs, slog.Duration("duration", took))
	if resp != nil {
		if id := apierr.RequestIDFrom(resp.Header); id != "" {
			attrs = append(attrs, slog.String("correlation_id", id))
		}
		if v := resp.Header.Get(HeaderIdempotentReplayed); v != "" {
			attrs = append(attrs, slog.String("idempotent_replayed", v))
		}
	}
	if l.logger.Enabled(ctx, slog.LevelDebug) {
		attrs = append(attrs, headerAttr("request_headers", RedactHeader(req.Header)))
	}
	l.logger.LogAttrs(ctx, level, "flexport http attempt", attrs...)
}

// headerAttr renders a header as a group of name=value attributes.
func headerAttr(key string, h http.Header) slog.Attr {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	attrs := make([]any, 0, len(names))
	for _, name := range names {
		attrs = append(attrs, slog.String(name, strings.Join(h[name], ", ")))
	}
	return slog.Group(key, attrs...)
}
