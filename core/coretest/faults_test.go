package coretest_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/core/coretest"
)

// outcome is what a client saw of one request.
type outcome struct {
	Status     int // 0: the connection failed
	RetryAfter string
	Code       string // the error object's code
}

func try(t *testing.T, srv *coretest.Server, path string) (outcome, []byte, time.Duration) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+srv.APIKey)
	start := time.Now()
	// A new connection per request, so that a reset fails one request only.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return outcome{}, nil, time.Since(start)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return outcome{}, nil, time.Since(start)
	}
	o := outcome{Status: resp.StatusCode, RetryAfter: resp.Header.Get("Retry-After")}
	if resp.StatusCode >= 400 {
		var env envelope
		decodeRaw(t, b, &env)
		o.Code = env.Error.Code
	}
	return o, b, time.Since(start)
}

func TestFaultKnobs(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fault  coretest.Fault
		want   []outcome // for requests 1, 2, 3 to /ports
		minDur time.Duration
	}{
		{"rate limit on the 2nd request", coretest.Fault{Kind: coretest.FaultRateLimit, Operation: "port_list", Requests: []int{2}, RetryAfter: 1500 * time.Millisecond},
			[]outcome{{Status: 200}, {429, "2", "too_many_requests"}, {Status: 200}}, 0},
		{"server error, default 503", coretest.Fault{Kind: coretest.FaultServerError, Operation: "GET /ports", Requests: []int{1, 3}},
			[]outcome{{503, "", "server_error"}, {Status: 200}, {503, "", "server_error"}}, 0},
		{"server error 500", coretest.Fault{Kind: coretest.FaultServerError, Status: 500, Requests: []int{1}},
			[]outcome{{500, "", "server_error"}, {Status: 200}, {Status: 200}}, 0},
		{"connection reset", coretest.Fault{Kind: coretest.FaultReset, Requests: []int{1}},
			[]outcome{{}, {Status: 200}, {Status: 200}}, 0},
		{"another operation untouched", coretest.Fault{Kind: coretest.FaultReset, Operation: "shipment_list"},
			[]outcome{{Status: 200}, {Status: 200}, {Status: 200}}, 0},
		{"slow body", coretest.Fault{Kind: coretest.FaultSlowBody, Requests: []int{1}, Delay: 300 * time.Millisecond},
			[]outcome{{Status: 200}, {Status: 200}, {Status: 200}}, 270 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := coretest.NewServer(t, coretest.WithShipments(1), coretest.WithFaults(tc.fault))
			var got []outcome
			var bodies [][]byte
			var first time.Duration
			for i := range tc.want {
				o, b, d := try(t, srv, "/ports")
				got = append(got, o)
				bodies = append(bodies, b)
				if i == 0 {
					first = d
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("outcomes (-want +got):\n%s", diff)
			}
			if first < tc.minDur {
				t.Errorf("first request took %s, want at least %s", first, tc.minDur)
			}
			if tc.fault.Kind == coretest.FaultSlowBody && string(bodies[0]) != string(bodies[1]) {
				t.Error("the slow body differs from the body")
			}
		})
	}
}

func TestLatency(t *testing.T) {
	srv := coretest.NewServer(t, coretest.WithShipments(1), coretest.WithLatency(150*time.Millisecond))
	if o, _, d := try(t, srv, "/ports"); o.Status != 200 || d < 150*time.Millisecond {
		t.Errorf("%+v after %s, want 200 after at least 150ms", o, d)
	}
}

// TestFaultRateIsDeterministic checks that WithFaultRate fails the same
// requests, with the same failures, for the same seed, and never the
// token endpoint.
func TestFaultRateIsDeterministic(t *testing.T) {
	run := func(seed int64) []outcome {
		srv := coretest.NewServer(t, coretest.WithShipments(1), coretest.WithSeed(seed), coretest.WithFaultRate(0.5))
		var out []outcome
		for range 30 {
			o, _, _ := try(t, srv, "/ports")
			out = append(out, o)
		}
		for range 3 {
			if tok, _ := requestToken(t, srv.URL, srv.ClientID, srv.ClientSecret); tok.Status != 200 {
				t.Errorf("token request = %+v under WithFaultRate", tok)
			}
		}
		return out
	}
	first := run(5)
	if diff := cmp.Diff(first, run(5)); diff != "" {
		t.Errorf("same seed, other outcomes (-first +second):\n%s", diff)
	}
	seen := map[int]bool{}
	for _, o := range first {
		seen[o.Status] = true
	}
	for _, s := range []int{0, 200, 429, 503} {
		if !seen[s] {
			t.Errorf("30 requests at rate 0.5 never gave %d: %+v", s, first)
		}
	}
}
