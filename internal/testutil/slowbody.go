package testutil

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// StallBody sends a POST to the server at addr (host:port) whose header
// promises a 1,000-byte body but that sends only 10 bytes of it, then
// waits up to wait for the answer. It returns the answer's status line, or
// "" when none came, and how long it took.
func StallBody(addr, path string, header http.Header, wait time.Duration) (status string, took time.Duration, err error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return "", 0, err
	}
	defer conn.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n", path, addr)
	for name, values := range header {
		for _, v := range values {
			fmt.Fprintf(&b, "%s: %s\r\n", name, v)
		}
	}
	b.WriteString("\r\n{\"stalled\"")
	start := time.Now()
	if _, err := conn.Write([]byte(b.String())); err != nil {
		return "", 0, err
	}
	conn.SetReadDeadline(start.Add(wait))
	line, err := bufio.NewReader(conn).ReadString('\n')
	took = time.Since(start)
	if err != nil {
		return "", took, nil // no answer in time, or the connection was dropped
	}
	return strings.TrimSpace(line), took, nil
}
