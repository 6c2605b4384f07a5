// Package reqbody streams request bodies that a goroutine produces from a
// source (a file being base64-encoded, say), and makes them safe to send
// again on a retry.
//
// The rule it enforces for every streamed body of both APIs: an attempt's
// body is replayed only after the previous attempt's reader is closed and
// the goroutine producing it has returned, so that the source is never read
// by two producers at once nor rewound under one. When that cannot be
// guaranteed (the producer is stuck in a read of the source) or the source
// cannot be rewound, GetBody fails with an error wrapping
// [ErrNotReplayable]: the request is not sent again, rather than sent with
// different bytes.
package reqbody

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// ErrNotReplayable is wrapped by the errors of [Stream.GetBody] when the
// body cannot be sent again with the same bytes.
var ErrNotReplayable = errors.New("request body cannot be sent again safely")

// DefaultStopWait bounds how long GetBody waits for the previous attempt's
// producer to return once its reader is closed. A producer only outlives
// its reader while it is inside a Read of its source.
const DefaultStopWait = 10 * time.Second

// A Stream is a request body written by produce in a goroutine, once per
// attempt. It is safe for concurrent use.
type Stream struct {
	produce  func(w io.Writer) error
	rewind   func() error
	stopWait time.Duration

	mu      sync.Mutex
	current *attempt // the latest attempt, nil before Body
	closed  bool
}

// attempt is one run of the producer and the reader of its output.
type attempt struct {
	pr   *io.PipeReader
	done chan struct{} // closed when the producer has returned
}

// New returns a Stream whose attempts run produce, which writes the whole
// body to w, reading its source from where rewind left it. rewind resets
// the source to where the body starts; nil means the source cannot be
// rewound and the body is sent once.
func New(produce func(w io.Writer) error, rewind func() error) *Stream {
	return &Stream{produce: produce, rewind: rewind, stopWait: DefaultStopWait}
}

// Replayable reports whether GetBody may give another copy of the body.
func (s *Stream) Replayable() bool { return s.rewind != nil }

// Body starts the first attempt and returns its reader. Later calls return
// a reader that fails; use GetBody for further attempts.
func (s *Stream) Body() io.ReadCloser {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nil || s.closed {
		return failed(errors.New("reqbody: Body called twice"))
	}
	return s.start()
}

// GetBody is the http.Request.GetBody of the stream: it closes the reader
// of the attempt before, waits for that attempt's producer to return,
// rewinds the source and starts a new attempt. It fails, wrapping
// ErrNotReplayable, when the source cannot be rewound or the producer does
// not stop within the stop wait.
func (s *Stream) GetBody() (io.ReadCloser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rewind == nil {
		return nil, fmt.Errorf("%w: the content cannot be rewound", ErrNotReplayable)
	}
	if s.closed {
		return nil, fmt.Errorf("%w: the request is over", ErrNotReplayable)
	}
	if !s.stop() {
		return nil, fmt.Errorf("%w: the previous attempt is still reading the content after %v", ErrNotReplayable, s.stopWait)
	}
	if err := s.rewind(); err != nil {
		return nil, fmt.Errorf("%w: rewinding the content: %w", ErrNotReplayable, err)
	}
	return s.start(), nil
}

// Close ends the stream: it closes the current attempt's reader and waits
// (within the stop wait) for its producer to return, so that the source is
// no longer read once Close returns true. Later GetBody calls fail.
func (s *Stream) Close() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return s.stop()
}

// start runs the producer for a new attempt. s.mu must be held.
func (s *Stream) start() io.ReadCloser {
	pr, pw := io.Pipe()
	a := &attempt{pr: pr, done: make(chan struct{})}
	s.current = a
	go func() {
		defer close(a.done)
		pw.CloseWithError(s.produce(pw))
	}()
	return pr
}

// stop closes the current attempt's reader and reports whether its
// producer returned within the stop wait. s.mu must be held.
func (s *Stream) stop() bool {
	a := s.current
	if a == nil {
		return true
	}
	a.pr.CloseWithError(ErrNotReplayable) // the producer's next Write fails
	timer := time.NewTimer(s.stopWait)
	defer timer.Stop()
	select {
	case <-a.done:
		return true
	case <-timer.C:
		return false
	}
}

// failed returns a reader whose reads fail with err.
func failed(err error) io.ReadCloser {
	pr, pw := io.Pipe()
	pw.CloseWithError(err)
	return pr
}
