package core_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/flexport-go/flexport/core"
)

// ExampleOption gives options to NewClient, for every call, and to one
// call, for that call: the same option works at both levels.
func ExampleOption() {
	srv := exampleAPI()
	defer srv.Close()

	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("my-api-key"),
		core.WithMaxAttempts(5), core.WithTimeout(time.Minute)) // every call
	if err != nil {
		panic(err)
	}
	s, err := c.Shipments.Get(context.Background(), 42,
		core.WithMaxAttempts(1), core.WithTimeout(5*time.Second)) // this call only
	if err != nil {
		panic(err)
	}
	fmt.Println(s.ID)

	// An option that configures clients only is refused by a call.
	_, err = c.Shipments.Get(context.Background(), 42, core.WithBaseURL(srv.URL))
	fmt.Println(err)
	// Output:
	// 42
	// core: WithBaseURL configures a client: give it to NewClient, not to a call
}

func ExampleWithCallInfo() {
	attempts := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		attempts++
		w.Header().Set("X-Correlation-Id", fmt.Sprintf("corr-%d", attempts))
		if attempts == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `{"_object":"/api/response","data":{"_object":"/shipment","id":42}}`)
	}))
	defer srv.Close()
	c, _ := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("my-api-key"),
		core.WithBackoff(time.Millisecond, time.Millisecond))

	var info core.CallInfo
	if _, err := c.Shipments.Get(context.Background(), 42, core.WithCallInfo(&info)); err != nil {
		panic(err)
	}
	fmt.Println(info.StatusCode, info.Attempts, info.RequestID) // quote the request id to Flexport support
	// Output:
	// 200 2 corr-2
}
