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
// each time (at most a second), between attempts. It is safe for
// concurrent use; Close stops the deliveries in flight.
type Deliverer struct {
	// Client sends the requests; nil means a client with a 10 s timeout.
	Client *http.Client
	// Attempts bounds the attempts per delivery; default 5.
	Attempts int
	// Backoff is the first wait between attempts; default 50 ms.
	Backoff time.Duration
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

// maxBackoff caps the waits between attempts.
const maxBackoff = time.Second

// Deliver sends each of dls, in turn, until it is accepted, the attempts
// run out, ctx is done or the Deliverer is closed. It returns an error
// naming each delivery that was not accepted.
func (d *Deliverer) Deliver(ctx context.Context, dls ...Delivery) error {
	d.init()
	var errs []error
	for _, dl := range dls {
		if err := d.deliver(ctx, dl); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Go delivers each of dls in the background; errors go to Record only.
func (d *Deliverer) Go(dls ...Delivery) {
	d.init()
	for _, dl := range dls {
		d.wg.Go(func() { _ = d.deliver(d.ctx, dl) })
	}
}

// Close stops the deliveries in flight and waits for them.
func (d *Deliverer) Close() {
	d.init()
	d.cancel()
	d.wg.Wait()
}

// deliver sends dl until it is accepted, the attempts run out, ctx is done
// or the Deliverer is closed.
func (d *Deliverer) deliver(ctx context.Context, dl Delivery) error {
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
	var last error
	for i := range attempts {
		if i > 0 {
			if !sleep(ctx, wait) {
				return errors.Join(last, ctx.Err())
			}
			wait = min(2*wait, maxBackoff)
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
