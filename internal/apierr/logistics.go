package apierr

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// LogisticsError is a non-2xx response of the Logistics API, which reports
// errors as application/problem+json (RFC 7807), some with a six-digit
// application code. A body in another form (a Core-style envelope, an HTML
// page from a proxy) is summarised into Title and Detail.
type LogisticsError struct {
	// Status is the HTTP status of the last response.
	Status int
	// Type, Title, Detail and Instance are the problem details members;
	// free text has secret-looking values redacted.
	Type, Title, Detail, Instance string
	// Code is the application error code, such as 405001; zero when absent.
	Code int
	// CorrelationID is the x-correlation-id response header (see RequestID).
	CorrelationID string
	// RetryAfterDelay is the delay asked for in Retry-After, or zero.
	RetryAfterDelay time.Duration
	// Method and Path identify the request; Path has no query string.
	Method, Path string
	// Attempts is how many attempts were made; more than 1 means the call
	// was retried and Status is the last attempt's.
	Attempts int
}

// Error returns e.g. "logistics: POST /logistics/api/2023-10/orders:
// 422 Unprocessable Entity: Invalid port (code 405001; request id abc)".
func (e *LogisticsError) Error() string {
	label := e.Title
	if label == "" {
		label = http.StatusText(e.Status)
	}
	msg := e.Detail
	if e.Code != 0 {
		msg = strings.TrimSpace(msg + " (code " + strconv.Itoa(e.Code) + ")")
	}
	return format(Logistics, e.Method, e.Path, e.Status, label, msg, e.CorrelationID, e.RetryAfterDelay, e.Attempts)
}

// StatusCode returns e.Status.
func (e *LogisticsError) StatusCode() int { return e.Status }

// RequestID returns e.CorrelationID.
func (e *LogisticsError) RequestID() string { return e.CorrelationID }

// Retryable reports whether the status is transient (408, 429, 502-504).
func (e *LogisticsError) Retryable() bool { return IsRetryableStatus(e.Status) }

// RetryAfter returns e.RetryAfterDelay.
func (e *LogisticsError) RetryAfter() time.Duration { return e.RetryAfterDelay }

// Is reports whether target is the sentinel for e's status, such as
// ErrLocked for 423.
func (e *LogisticsError) Is(target error) bool {
	s := sentinel(e.Status)
	return s != nil && s == target
}

// ParseLogistics builds a *LogisticsError from a Logistics API response's
// status, header and body (at most MaxBodySize bytes are looked at). It never
// fails: a body that is not problem+json is summarised into Detail. Method,
// Path and Attempts are left for the caller to fill in. The given secrets
// (the credentials the request carried) are redacted from every text before
// it is cut to length.
func ParseLogistics(status int, header http.Header, body []byte, secret ...string) *LogisticsError {
	ss := secrets(secret)
	body = ss.scrubBody(body)
	e := &LogisticsError{
		Status:          status,
		CorrelationID:   RequestIDFrom(header),
		RetryAfterDelay: RetryAfterFrom(header, time.Now()),
	}
	var w wireError
	if json.Unmarshal(body, &w) == nil {
		e.Type = ss.cutRedacted(jsonScalar(w.Type), 500)
		e.Instance = ss.cutRedacted(jsonScalar(w.Instance), 500)
		e.Title = ss.redact(jsonText(w.Title))
		e.Detail = ss.redact(jsonText(w.Detail))
		e.Code = parseCode(w.Code)
		if e.Title == "" && e.Detail == "" {
			// Not problem details: perhaps a Core-style envelope.
			code, msg := w.core()
			if e.Code != 0 && code == strconv.Itoa(e.Code) {
				code = ""
			}
			switch {
			case code != "" && msg != "":
				e.Detail = code + ": " + msg
			case msg != "":
				e.Detail = msg
			default:
				e.Detail = code
			}
			e.Detail = ss.redact(e.Detail)
		}
		if e.Type != "" || e.Title != "" || e.Detail != "" || e.Code != 0 {
			return e
		}
	}
	e.Detail = ss.summarize(header.Get("Content-Type"), body)
	return e
}

// parseCode reads a numeric application code sent as a JSON number or a
// string of digits; anything else gives zero.
func parseCode(raw json.RawMessage) int {
	s := jsonScalar(raw)
	if s == "" || len(s) > 9 {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}
