package reqbody

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// slowSource is a source whose reads take a while and which records
// overlapping reads and rewinds.
type slowSource struct {
	r       *bytes.Reader
	busy    atomic.Bool
	overlap atomic.Int32
}

func (s *slowSource) Read(p []byte) (int, error) {
	if !s.busy.CompareAndSwap(false, true) {
		s.overlap.Add(1)
	}
	defer s.busy.Store(false)
	time.Sleep(time.Millisecond)
	return s.r.Read(p[:min(len(p), 512)])
}

func (s *slowSource) rewind() error {
	if s.busy.Load() {
		s.overlap.Add(1)
	}
	_, err := s.r.Seek(0, io.SeekStart)
	return err
}

func TestGetBodyWaitsForThePreviousProducer(t *testing.T) {
	content := bytes.Repeat([]byte("0123456789"), 2000)
	src := &slowSource{r: bytes.NewReader(content)}
	s := New(func(w io.Writer) error { _, err := io.Copy(w, src); return err }, src.rewind)
	first := s.Body()
	// The first attempt is abandoned half-way, its reader left open.
	if _, err := io.ReadFull(first, make([]byte, 5000)); err != nil {
		t.Fatal(err)
	}
	second, err := s.GetBody()
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(second)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, content) {
		t.Errorf("the second attempt carried %d bytes, want the %d of the content", len(got), len(content))
	}
	if n := src.overlap.Load(); n != 0 {
		t.Errorf("%d reads or rewinds overlapped a read of the attempt before", n)
	}
	if _, err := first.Read(make([]byte, 1)); err == nil {
		t.Error("the first attempt's reader still reads after GetBody")
	}
	if !s.Close() {
		t.Error("Close did not stop the producer")
	}
	if _, err := s.GetBody(); !errors.Is(err, ErrNotReplayable) {
		t.Errorf("GetBody after Close = %v, want ErrNotReplayable", err)
	}
}

// blockingReader blocks every Read until release is closed.
type blockingReader struct{ release chan struct{} }

func (b blockingReader) Read(p []byte) (int, error) {
	<-b.release
	return 0, io.EOF
}

func TestGetBodyRefusesWhileTheProducerIsStuck(t *testing.T) {
	release := make(chan struct{})
	src := blockingReader{release}
	s := New(func(w io.Writer) error { _, err := io.Copy(w, src); return err }, func() error { return nil })
	s.stopWait = 50 * time.Millisecond
	s.Body()
	_, err := s.GetBody()
	if !errors.Is(err, ErrNotReplayable) || !strings.Contains(err.Error(), "still reading") {
		t.Errorf("GetBody = %v, want ErrNotReplayable: still reading", err)
	}
	close(release)
	s.stopWait = time.Second
	if !s.Close() {
		t.Error("Close did not see the producer stop")
	}
}

func TestNotRewindable(t *testing.T) {
	s := New(func(w io.Writer) error { _, err := io.WriteString(w, "once"); return err }, nil)
	if s.Replayable() {
		t.Error("Replayable without rewind")
	}
	b, err := io.ReadAll(s.Body())
	if err != nil || string(b) != "once" {
		t.Fatalf("Body = %q, %v", b, err)
	}
	if _, err := s.GetBody(); !errors.Is(err, ErrNotReplayable) {
		t.Errorf("GetBody = %v, want ErrNotReplayable", err)
	}
	if _, err := s.Body().Read(make([]byte, 1)); err == nil || err == io.EOF {
		t.Errorf("a second Body reads %v, want an error", err)
	}
	s.Close()
}
