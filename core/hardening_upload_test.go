package core_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flexport-go/flexport/auth"
	"github.com/flexport-go/flexport/core"
)

// uploadSink is a Core API whose POST /documents refuses the first upload
// with refuse (without reading its body) and records the decoded content of
// every upload it reads.
type uploadSink struct {
	refuse func(w http.ResponseWriter)

	mu       sync.Mutex
	n        int
	received [][sha256.Size]byte
	lengths  []int
	problems []string
}

func (s *uploadSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.n++
	n := s.n
	s.mu.Unlock()
	if n == 1 {
		s.refuse(w) // before reading a byte of the body
		return
	}
	var got struct{ Document string }
	err := json.NewDecoder(r.Body).Decode(&got)
	var doc []byte
	if err == nil {
		doc, err = base64.StdEncoding.DecodeString(got.Document)
	}
	s.mu.Lock()
	if err != nil {
		s.problems = append(s.problems, err.Error())
	} else {
		s.received = append(s.received, sha256.Sum256(doc))
		s.lengths = append(s.lengths, len(doc))
	}
	s.mu.Unlock()
	io.WriteString(w, documentJSON)
}

// tokenEndpoint is a client-credentials token endpoint answering token-<n>.
func tokenEndpoint(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"token-%d","token_type":"Bearer","expires_in":86400}`, n.Add(1))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestHardening01UploadReplayNeverSendsDifferentBytes uploads a 4 MiB
// seekable file that the server refuses (429 Retry-After: 0, or 401 with a
// token source that can refresh) before reading it: the retry must carry
// exactly the file's bytes, or the call must fail; never a different file
// with a nil error.
func TestHardening01UploadReplayNeverSendsDifferentBytes(t *testing.T) {
	content := make([]byte, 4<<20)
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range content {
		content[i] = byte(rnd.UintN(256))
	}
	want := sha256.Sum256(content)
	tests := []struct {
		name   string
		refuse func(w http.ResponseWriter)
		creds  bool
	}{
		{"429 Retry-After 0", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		}, false},
		{"401 with a refreshable token", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusUnauthorized)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for round := range 3 {
				sink := &uploadSink{refuse: tt.refuse}
				srv := httptest.NewServer(sink)
				opts := []core.Option{core.WithBaseURL(srv.URL), core.WithBackoff(time.Millisecond, 2*time.Millisecond)}
				if tt.creds {
					ts, _ := tokenEndpoint(t)
					opts = append(opts, core.WithClientCredentials(&auth.ClientCredentials{
						ClientID: fmt.Sprintf("upload-%s-%d", t.Name(), round), ClientSecret: "cs_upload", TokenURL: ts.URL,
					}))
				} else {
					opts = append(opts, core.WithAPIKey("k"))
				}
				c, err := core.NewClient(opts...)
				if err != nil {
					t.Fatal(err)
				}
				_, err = c.Documents.Upload(context.Background(), core.UploadParams{
					ShipmentID: 1, FileName: "big.bin", MimeType: "application/octet-stream", DocumentType: "other",
				}, bytes.NewReader(content))
				c.CloseIdleConnections()
				srv.Close()
				sink.mu.Lock()
				received, lengths, problems := sink.received, sink.lengths, sink.problems
				sink.mu.Unlock()
				for i, sum := range received {
					if sum != want {
						t.Errorf("round %d: upload %d carried %d bytes that differ from the %d-byte file (err = %v)",
							round, i+2, lengths[i], len(content), err)
					}
				}
				if len(problems) > 0 {
					t.Errorf("round %d: the server could not read a re-sent upload: %v", round, problems)
				}
				if err != nil {
					t.Fatalf("round %d: Upload = %v, want the retry to succeed with the same bytes", round, err)
				}
				if len(received) != 1 {
					t.Fatalf("round %d: the server read %d uploads, want 1", round, len(received))
				}
			}
		})
	}
}
