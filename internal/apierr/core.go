package apierr

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// CoreError is a non-2xx response of the Core API. The Core API reports
// errors as {"error": {"status": 404, "code": "not_found", "message": "..."}}
// inside its response envelope, sometimes as a legacy list
// {"errors": [{"code", "message"}]}; a body in neither form (an HTML page
// from a proxy, say) leaves Code empty and a cleaned-up excerpt in Message.
type CoreError struct {
	// Status is the HTTP status of the last response.
	Status int
	// Code is the machine-readable error code, such as "not_found".
	Code string
	// Message is the human-readable message, with secret-looking values
	// redacted.
	Message string
	// CorrelationID is the request id the server sent (see RequestID).
	CorrelationID string
	// RetryAfterDelay is the delay asked for in Retry-After, or zero.
	RetryAfterDelay time.Duration
	// Method and Path identify the request; Path has no query string.
	Method, Path string
	// Attempts is how many attempts were made; more than 1 means the call
	// was retried and Status is the last attempt's.
	Attempts int
}

// Error returns e.g.
// "core: GET /shipments/1: 404 not_found: Shipment not found (request id abc)".
func (e *CoreError) Error() string {
	label := e.Code
	if label == "" {
		label = http.StatusText(e.Status)
	}
	return format(Core, e.Method, e.Path, e.Status, label, e.Message, e.CorrelationID, e.RetryAfterDelay, e.Attempts)
}

// StatusCode returns e.Status.
func (e *CoreError) StatusCode() int { return e.Status }

// RequestID returns e.CorrelationID.
func (e *CoreError) RequestID() string { return e.CorrelationID }

// Retryable reports whether the status is transient (408, 429, 502-504).
func (e *CoreError) Retryable() bool { return IsRetryableStatus(e.Status) }

// RetryAfter returns e.RetryAfterDelay.
func (e *CoreError) RetryAfter() time.Duration { return e.RetryAfterDelay }

// Is reports whether target is the sentinel for e's status, such as
// ErrNotFound for 404.
func (e *CoreError) Is(target error) bool {
	s := sentinel(e.Status)
	return s != nil && s == target
}

// ParseCore builds a *CoreError from a Core API response's status, header
// and body (at most MaxBodySize bytes are looked at). It never fails: a body
// that is not a Core error envelope is summarised into Message. Method, Path
// and Attempts are left for the caller to fill in. The given secrets (the
// credentials the request carried) are redacted from every text before it
// is cut to length.
func ParseCore(status int, header http.Header, body []byte, secret ...string) *CoreError {
	ss := secrets(secret)
	body = ss.scrubBody(body)
	e := &CoreError{
		Status:          status,
		CorrelationID:   RequestIDFrom(header),
		RetryAfterDelay: RetryAfterFrom(header, time.Now()),
	}
	var w wireError
	if json.Unmarshal(body, &w) == nil {
		e.Code, e.Message = w.core()
		if e.Code != "" || e.Message != "" {
			e.Code = ss.cutRedacted(e.Code, 200)
			e.Message = ss.redact(e.Message)
			return e
		}
	}
	e.Message = ss.summarize(header.Get("Content-Type"), body)
	return e
}

// wireError holds every field either API's error documents may carry; each is
// decoded leniently so that a field of an unexpected type does not hide the
// others.
type wireError struct {
	// Core envelope.
	Error  json.RawMessage `json:"error"`
	Errors json.RawMessage `json:"errors"`
	// Problem details (RFC 7807) and bare {"code", "message"} objects.
	Type     json.RawMessage `json:"type"`
	Title    json.RawMessage `json:"title"`
	Detail   json.RawMessage `json:"detail"`
	Instance json.RawMessage `json:"instance"`
	Code     json.RawMessage `json:"code"`
	Message  json.RawMessage `json:"message"`
}

// coreObject is {"code", "message"} as found in "error" and "errors".
type coreObject struct {
	Code    json.RawMessage `json:"code"`
	Message json.RawMessage `json:"message"`
}

// core extracts a Core-style code and message from w, trying in order the
// "error" object (or string), the legacy "errors" list, top-level
// code/message, then problem details.
func (w *wireError) core() (code, message string) {
	if s, ok := jsonString(w.Error); ok {
		return "", s
	}
	var obj coreObject
	if json.Unmarshal(w.Error, &obj) == nil {
		code, message = jsonScalar(obj.Code), jsonText(obj.Message)
		if code != "" || message != "" {
			return code, message
		}
	}
	var list []json.RawMessage
	if json.Unmarshal(w.Errors, &list) == nil && len(list) > 0 {
		var msgs []string
		for _, raw := range list {
			if s, ok := jsonString(raw); ok {
				msgs = append(msgs, s)
				continue
			}
			var o coreObject
			if json.Unmarshal(raw, &o) != nil {
				continue
			}
			if code == "" {
				code = jsonScalar(o.Code)
			}
			if m := jsonText(o.Message); m != "" {
				msgs = append(msgs, m)
			}
		}
		if code != "" || len(msgs) > 0 {
			return code, strings.Join(msgs, "; ")
		}
	}
	if code, message = jsonScalar(w.Code), jsonText(w.Message); code != "" || message != "" {
		return code, message
	}
	title, detail := jsonText(w.Title), jsonText(w.Detail)
	switch {
	case title != "" && detail != "":
		return "", title + ": " + detail
	case detail != "":
		return "", detail
	}
	return "", title
}
