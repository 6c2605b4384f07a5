package core_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/flexport-go/flexport/core"
)

const documentJSON = `{"_object":"/api/response","self":"x","version":2,"data":{"_object":"/document","id":"FTP-VvpjRpWWFSgArOO7eQ","document_type":"commercial_invoice"},"error":null}`

// TestDownloadConstantMemory streams a 200 MB document and checks that the
// client allocates far less than the file's size.
func TestDownloadConstantMemory(t *testing.T) {
	const size = 200 << 20
	chunk := bytes.Repeat([]byte("flexport"), 4096) // 32 KiB
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/documents/doc-1/download" {
			http.NotFound(w, r)
			return
		}
		if got := r.Header.Get("Accept"); got != "*/*" {
			t.Errorf("Accept = %q, want */*", got)
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", strconv.Itoa(size))
		for sent := 0; sent < size; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("k"))
	if err != nil {
		t.Fatal(err)
	}

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	doc, err := c.Documents.Download(context.Background(), "doc-1")
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Close(); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)

	if n != size {
		t.Fatalf("read %d bytes, want %d", n, size)
	}
	if doc.ContentType != "application/pdf" || doc.ContentLength != size {
		t.Errorf("content type %q, length %d", doc.ContentType, doc.ContentLength)
	}
	// TotalAlloc counts every allocation, so it bounds the heap's growth.
	grew := after.TotalAlloc - before.TotalAlloc
	t.Logf("downloading %d MiB allocated %.2f MiB in all", size>>20, float64(grew)/(1<<20))
	if grew >= 16<<20 {
		t.Errorf("downloading %d MiB allocated %d MiB, want < 16 MiB", size>>20, grew>>20)
	}
}

func TestUploadStreamsBase64JSON(t *testing.T) {
	content := bytes.Repeat([]byte("%PDF-1.4 fake pdf \x00\x01\x02"), 10000)
	var got map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/documents" {
			http.NotFound(w, r)
			return
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q", ct)
		}
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			t.Errorf("body is not JSON: %v", err)
		}
		io.WriteString(w, documentJSON)
	}))
	defer srv.Close()
	c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("k"))
	if err != nil {
		t.Fatal(err)
	}
	// A plain io.Reader (not seekable) is streamed once.
	doc, err := c.Documents.Upload(context.Background(), core.UploadParams{
		ShipmentID: 42, FileName: "ci.pdf", MimeType: "application/pdf", DocumentType: "commercial_invoice", Memo: "m",
	}, io.MultiReader(bytes.NewReader(content)))
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != "FTP-VvpjRpWWFSgArOO7eQ" {
		t.Errorf("document id %q", doc.ID)
	}
	decoded, err := base64.StdEncoding.DecodeString(got["document"].(string))
	if err != nil {
		t.Fatalf("document is not strict base64: %v", err)
	}
	if !bytes.Equal(decoded, content) {
		t.Error("uploaded content differs")
	}
	delete(got, "document")
	want := map[string]any{"shipment_id": 42.0, "file_name": "ci.pdf", "mime_type": "application/pdf", "document_type": "commercial_invoice", "memo": "m"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

// dialFailOnce fails the first attempt as a refused connection (the request
// provably never reached the server), then sends normally.
type dialFailOnce struct {
	failed atomic.Bool
	next   http.RoundTripper
}

func (d *dialFailOnce) RoundTrip(r *http.Request) (*http.Response, error) {
	if d.failed.CompareAndSwap(false, true) {
		if r.Body != nil {
			r.Body.Close()
		}
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	}
	return d.next.RoundTrip(r)
}

func TestUploadReplaysSeekableContent(t *testing.T) {
	content := []byte("seekable content")
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var got struct{ Document []byte }
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			t.Errorf("body: %v", err)
		}
		bodies = append(bodies, string(got.Document))
		io.WriteString(w, documentJSON)
	}))
	defer srv.Close()
	tests := []struct {
		name    string
		content io.Reader
	}{
		{"seekable is re-sent after a failed dial", bytes.NewReader(content)},
		{"plain reader is never re-sent", strings.NewReader(string(content))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bodies = nil
			failing := &dialFailOnce{next: http.DefaultTransport}
			c, err := core.NewClient(core.WithBaseURL(srv.URL), core.WithAPIKey("k"),
				core.WithHTTPClient(&http.Client{Transport: failing}), core.WithBackoff(1e6, 2e6))
			if err != nil {
				t.Fatal(err)
			}
			r := tt.content
			if _, ok := r.(*strings.Reader); ok {
				r = io.MultiReader(r) // hide Seek
			}
			_, err = c.Documents.Upload(context.Background(), core.UploadParams{ShipmentID: 1, FileName: "a.txt", MimeType: "text/plain", DocumentType: "other"}, r)
			_, seekable := tt.content.(*bytes.Reader)
			if seekable {
				if err != nil {
					t.Fatalf("Upload: %v", err)
				}
				if diff := cmp.Diff([]string{string(content)}, bodies); diff != "" {
					t.Errorf("bodies received (-want +got):\n%s", diff)
				}
			} else {
				if err == nil {
					t.Fatal("Upload of an unreplayable body succeeded after a failed dial; it must not be re-sent")
				}
				if len(bodies) != 0 {
					t.Errorf("server received %d bodies, want 0", len(bodies))
				}
			}
		})
	}
}

func TestUploadValidates(t *testing.T) {
	c, err := core.NewClient(core.WithBaseURL("http://127.0.0.1:1"), core.WithAPIKey("k"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Documents.Upload(context.Background(), core.UploadParams{FileName: "a"}, strings.NewReader("x"))
	if err == nil || !strings.Contains(err.Error(), "ShipmentID, MimeType, DocumentType") {
		t.Errorf("Upload(missing fields) = %v", err)
	}
}
