package core_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/internal/testutil"
)

func TestRateLimiters(t *testing.T) {
	s := &scripted{statuses: []int{503, 200}}
	srv := httptest.NewServer(s)
	defer srv.Close()
	clientLim, callLim := &testutil.Limiter{}, &testutil.Limiter{}
	refusing := &testutil.Limiter{Err: errors.New("over the hourly limit")}
	c := newClient(t, srv.URL, core.WithRateLimiter(clientLim))
	ctx := context.Background()

	steps := []struct {
		name                   string
		opts                   []core.CallOption
		wantErr                string
		wantClient, wantCall   int
		wantRequests, refusals int
	}{
		// 503 then 200: both limiters are waited on before each attempt.
		{name: "call limiter", opts: []core.CallOption{core.WithRateLimiter(callLim)}, wantClient: 2, wantCall: 2, wantRequests: 2},
		{name: "client limiter only", wantClient: 3, wantCall: 2, wantRequests: 3},
		// A nil limiter is refused at a call as at NewClient, before
		// anything is waited for or sent.
		{name: "nil call limiter", opts: []core.CallOption{core.WithRateLimiter(nil)}, wantErr: "core: WithRateLimiter: nil Limiter",
			wantClient: 3, wantCall: 2, wantRequests: 3},
		{name: "refusing call limiter", opts: []core.CallOption{core.WithRateLimiter(refusing)}, wantErr: "over the hourly limit",
			wantClient: 4, wantCall: 2, wantRequests: 3, refusals: 1},
	}
	for _, st := range steps {
		_, err := c.Shipments.Get(ctx, 7, st.opts...)
		if st.wantErr == "" && err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		var te *core.TransportError
		var ve *core.ValidationError
		if st.wantErr != "" && (!(errors.As(err, &te) || errors.As(err, &ve)) || !strings.Contains(err.Error(), st.wantErr)) {
			t.Fatalf("%s: err = %v, want a TransportError or ValidationError with %q", st.name, err, st.wantErr)
		}
		if clientLim.Waits() != st.wantClient || callLim.Waits() != st.wantCall || s.count() != st.wantRequests || refusing.Waits() != st.refusals {
			t.Errorf("%s: client waits %d, call waits %d, requests %d, refusals %d; want %d, %d, %d, %d", st.name,
				clientLim.Waits(), callLim.Waits(), s.count(), refusing.Waits(), st.wantClient, st.wantCall, st.wantRequests, st.refusals)
		}
	}
}

func TestWithRateLimiterNil(t *testing.T) {
	_, err := core.NewClient(core.WithAPIKey("k"), core.WithRateLimiter(nil))
	if err == nil || err.Error() != "core: WithRateLimiter: nil Limiter" {
		t.Errorf("error = %v, want core: WithRateLimiter: nil Limiter", err)
	}
}

func TestVersionInUserAgent(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua = r.Header.Get("User-Agent")
		w.Write([]byte(shipmentOK))
	}))
	defer srv.Close()
	if _, err := newClient(t, srv.URL).Shipments.Get(context.Background(), 7); err != nil {
		t.Fatal(err)
	}
	if want := "flexport-go/" + core.Version + " (go"; core.Version == "" || !strings.HasPrefix(ua, want) {
		t.Errorf("User-Agent = %q, want the prefix %q", ua, want)
	}
}
