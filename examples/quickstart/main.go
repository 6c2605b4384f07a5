// Command quickstart is a tour of the SDK that needs no Flexport account,
// no credentials, no environment variables and no network:
//
//	go run ./examples/quickstart
//
// It starts the fakes of both APIs (core/coretest, logistics/logisticstest)
// in this process on a loopback port, then, through the SDK as a program
// of yours would:
//
//   - authenticates to the Core API with OAuth client credentials, the
//     token cached in a file store (auth.NewFileStore) that a second client
//     reads instead of asking for another token;
//   - lists every shipment, prefetching pages (core.WithPrefetch), and
//     follows each one's legs, containers and container legs through their
//     references (core.List, core.Get);
//   - uploads a document and downloads it back;
//   - receives a webhook on a local endpoint (core/webhook), which verifies
//     its signature, and refuses a forged one;
//   - creates a Logistics order with an idempotency key, sends the same
//     call again and sees it replayed (logistics.WithIdempotencyKey,
//     logistics.WithCallInfo), and lists the products.
//
// It prints what it did, stops the servers and removes the token cache.
// Point the same code at Flexport by dropping the fakes and WithBaseURL.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// run starts the fakes, takes the tour and writes the report to out.
func run(ctx context.Context, out io.Writer) (err error) {
	start := time.Now()
	r := &report{out: out}
	dir, err := os.MkdirTemp("", "flexport-quickstart-")
	if err != nil {
		return err
	}
	defer func() {
		if rmErr := os.RemoveAll(dir); err == nil {
			err = rmErr
		}
	}()
	f, err := startFakes()
	if err != nil {
		return err
	}
	defer func() {
		if stopErr := f.stop(); err == nil {
			err = stopErr
		}
	}()
	r.line("flexport-go quickstart: both APIs faked in this process on %s; no account, no network.", f.url)
	r.section("Core API")
	if err := coreTour(ctx, f, dir, r); err != nil {
		return fmt.Errorf("core: %w", err)
	}
	r.section("Logistics API")
	if err := logisticsTour(ctx, f, r); err != nil {
		return fmt.Errorf("logistics: %w", err)
	}
	r.line("")
	r.line("Done in %s: servers stopped, token cache removed.", time.Since(start).Round(time.Millisecond))
	return nil
}

// report writes the tour's report.
type report struct{ out io.Writer }

// section starts a part of the report.
func (r *report) section(title string) { fmt.Fprintf(r.out, "\n%s\n", title) }

// step writes what one step did, under a short label.
func (r *report) step(label, format string, args ...any) {
	fmt.Fprintf(r.out, "  %-9s %s\n", label, fmt.Sprintf(format, args...))
}

// line writes a line.
func (r *report) line(format string, args ...any) { fmt.Fprintf(r.out, format+"\n", args...) }
