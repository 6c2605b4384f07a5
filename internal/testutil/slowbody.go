package testutil

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// CheckStalledBody serves h, sends it a POST whose header (with header
// added) promises a 1,000-byte body but that sends only 10 bytes of it, and
// fails t unless h answers 408 Request Timeout within 2 seconds. h must be
// configured with a read timeout well below that.
func CheckStalledBody(t testing.TB, h http.Handler, header http.Header) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "POST /hook HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n", addr)
	for name, values := range header {
		for _, v := range values {
			fmt.Fprintf(&b, "%s: %s\r\n", name, v)
		}
	}
	b.WriteString("\r\n{\"stalled\"")
	start := time.Now()
	if _, err := conn.Write([]byte(b.String())); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(start.Add(3 * time.Second))
	status, _ := bufio.NewReader(conn).ReadString('\n') // "" when no answer came in time
	if took := time.Since(start); !strings.Contains(status, " 408 ") || took > 2*time.Second {
		t.Errorf("a stalled body got %q after %v; want 408 Request Timeout at the read timeout", strings.TrimSpace(status), took)
	}
}
