package clientutil

import (
	"fmt"
	"io"
	"net/http"

	"github.com/flexport-go/flexport/internal/apierr"
)

// ReadBody reads the body of a 2xx response of api for decoding, at most
// limit bytes: it is the one place where both APIs read a body whole, so
// every decode is bounded. A larger body, whether its Content-Length says
// so or it turns out longer, fails with an *apierr.DecodeError matching
// apierr.ErrResponseTooLarge that names the limit; reading stops there, so
// memory stays near the limit. A read failure is returned as it is (a
// *apierr.TransportError).
func ReadBody(api apierr.API, resp *http.Response, limit int64) ([]byte, error) {
	tooLarge := func() error {
		return DecodeError(api, resp, fmt.Errorf("%w: the body is larger than the limit of %s (see WithMaxResponseBytes)",
			apierr.ErrResponseTooLarge, formatSize(limit)))
	}
	if resp.ContentLength > limit {
		return nil, tooLarge()
	}
	if n := resp.ContentLength; n >= 0 {
		// One buffer of the announced size, and one byte more to see the
		// end; the buffer bounds the read.
		buf := make([]byte, n+1)
		got, err := io.ReadFull(resp.Body, buf)
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return nil, err
		}
		if int64(got) > limit {
			return nil, tooLarge()
		}
		return buf[:got], nil
	}
	chunks, total, err := readChunks(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if total > limit {
		return nil, tooLarge()
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	body := make([]byte, 0, total)
	for _, c := range chunks {
		body = append(body, c...)
	}
	return body, nil
}

// readChunks reads r to the end into chunks that double in size from 512
// bytes to 4 MiB, so that a body of unknown length costs about its size
// until it is joined (a small one little more than io.ReadAll would), and
// one over the limit about the limit, instead of the repeated copies of a
// growing slice.
func readChunks(r io.Reader) (chunks [][]byte, total int64, err error) {
	const first, most = 512, 4 << 20
	for size := first; ; size = min(2*size, most) {
		buf := make([]byte, size)
		n, err := io.ReadFull(r, buf)
		if n > 0 {
			chunks = append(chunks, buf[:n])
			total += int64(n)
		}
		switch err {
		case nil:
		case io.EOF, io.ErrUnexpectedEOF:
			return chunks, total, nil
		default:
			return nil, 0, err
		}
	}
}

// formatSize renders a byte count for an error: in bytes, preceded by MiB
// when it is a whole number of them.
func formatSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB (%d bytes)", n>>20, n)
	}
	return fmt.Sprintf("%d bytes", n)
}
