package fakeapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Delivery is one webhook request to make.
type Delivery struct {
	// Method is the HTTP method; "" means POST.
	Method string
	URL    string
	Header http.Header
	Body   []byte
}

// Attempt is the outcome of one delivery attempt.
type Attempt struct {
	URL string
	// Status is the receiver's status, or 0 when the request failed.
	Status int
	// Err is the transport error, if any.
	Err error
}

// Deliverer delivers webhooks: each Delivery is sent until the receiver
// answers 2xx, at most Attempts times, waiting Backoff, then twice as long
// each time (at most MaxBackoff), between attempts. It is safe for
// concurrent use; Close stops the deliveries in flight.
type Deliverer struct {
	// Client sends the requests; nil means a client with a 10 s timeout.
	Client *http.Client
	// Attempts bounds the attempts per delivery; default 5.
	Attempts int
	// Backoff is the first wait between attempts; default 50 ms.
	Backoff time.Duration
	// MaxBackoff caps the waits; default 1 s.
	MaxBackoff time.Duration
	// Record, when set, is called after every attempt.
	Record func(Attempt)

	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// ErrUndelivered is returned when a delivery was refused on every attempt.
var ErrUndelivered = errors.New("webhook not accepted")

func (d *Deliverer) init() {
	d.once.Do(func() { d.ctx, d.cancel = context.WithCancel(context.Background()) })
}

// Deliver sends dl until it is accepted, the attempts run out, ctx is done
// or the Deliverer is closed.
func (d *Deliverer) Deliver(ctx context.Context, dl Delivery) error {
	d.init()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(d.ctx, cancel)
	defer stop()

	attempts, wait := d.Attempts, d.Backoff
	if attempts <= 0 {
		attempts = 5
	}
	if wait <= 0 {
		wait = 50 * time.Millisecond
	}
	maxWait := d.MaxBackoff
	if maxWait <= 0 {
		maxWait = time.Second
	}
	var last error
	for i := range attempts {
		if i > 0 {
			if !sleep(ctx, wait) {
				return errors.Join(last, ctx.Err())
			}
			wait = min(2*wait, maxWait)
		}
		status, err := d.send(ctx, dl)
		if d.Record != nil {
			d.Record(Attempt{URL: dl.URL, Status: status, Err: err})
		}
		if err == nil && status/100 == 2 {
			return nil
		}
		if err == nil {
			err = fmt.Errorf("%w: %s answered %d", ErrUndelivered, dl.URL, status)
		}
		last = err
	}
	return fmt.Errorf("after %d attempts: %w", attempts, last)
}

// Go delivers dl in the background; errors go to Record only.
func (d *Deliverer) Go(dl Delivery) {
	d.init()
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		_ = d.Deliver(d.ctx, dl)
	}()
}

// Wait waits for the background deliveries.
func (d *Deliverer) Wait() { d.wg.Wait() }

// Close stops the deliveries in flight and waits for them.
func (d *Deliverer) Close() {
	d.init()
	d.cancel()
	d.wg.Wait()
}

func (d *Deliverer) send(ctx context.Context, dl Delivery) (int, error) {
	method := dl.Method
	if method == "" {
		method = http.MethodPost
	}
	req, err := http.NewRequestWithContext(ctx, method, dl.URL, bytes.NewReader(dl.Body))
	if err != nil {
		return 0, err
	}
	for k, v := range dl.Header {
		req.Header[k] = v
	}
	client := d.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, nil
}
