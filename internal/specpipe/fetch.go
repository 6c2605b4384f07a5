package specpipe

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// maxDocumentSize bounds what Fetch reads: the published documents are well
// under a megabyte.
const maxDocumentSize = 64 << 20

// Source says where Fetch reads a pinned document from: the mirror file when
// mirror is set (FLEXPORT_SPEC_MIRROR), else the pinned URL.
func Source(p Pin, mirror string) string {
	if mirror != "" {
		return filepath.Join(mirror, p.File)
	}
	return p.URL
}

// Fetch returns the current upstream bytes of a pinned document, from the
// mirror directory when mirror is not empty, else from its URL.
func Fetch(ctx context.Context, client *http.Client, p Pin, mirror string) ([]byte, error) {
	src := Source(p, mirror)
	if mirror != "" {
		b, err := os.ReadFile(src)
		if err != nil {
			return nil, fmt.Errorf("%s: read mirror file: %w", p.Name, err)
		}
		return b, nil
	}
	if client == nil {
		client = &http.Client{Timeout: 2 * time.Minute}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.Name, err)
	}
	req.Header.Set("User-Agent", "flexport-go-specpipe")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: download: %w", p.Name, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: download %s: HTTP %s", p.Name, src, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxDocumentSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: download %s: %w", p.Name, src, err)
	}
	if len(b) > maxDocumentSize {
		return nil, fmt.Errorf("%s: download %s: larger than %d bytes", p.Name, src, maxDocumentSize)
	}
	return b, nil
}
