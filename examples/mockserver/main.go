// Command mockserver serves the fake Flexport APIs of core/coretest and
// logistics/logisticstest on one address, for tests written in other
// languages and for docker-compose setups:
//
//	go run ./examples/mockserver -addr 127.0.0.1:12111
//
// The Core API is at the root (its token endpoint at /oauth/token), the
// Logistics API under /logistics/api/2023-10/. The first line of output
// names the address and the credentials both fakes accept; then each
// request is logged on one line (method, path and query, status, bytes,
// duration; never a credential). SIGINT or SIGTERM stops the server
// gracefully, letting requests in flight finish, and exits 0; so does the
// end of the process that started it (go run passes SIGTERM on to no
// one, and ignores SIGINT: signal the process group, or build the
// command).
//
// Flags:
//
//	-addr ADDR        listen address (default 127.0.0.1:12111; port 0 picks a free one)
//	-seed N           seed of the data sets and of the faults (default 1)
//	-shipments N      shipments of the Core data set (default 200)
//	-latency D        delay every response by D (such as 50ms)
//	-fault-rate R     fail a fraction R (0 to 1) of requests with a 429, a 503 or a reset
//	-api-key KEY      the Core API key (default coretest-api-key)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/flexport-go/flexport/core/coretest"
	"github.com/flexport-go/flexport/logistics/logisticstest"
)

func main() {
	fs := flag.NewFlagSet("mockserver", flag.ExitOnError)
	cfg := config{}
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:12111", "listen address (port 0 picks a free one)")
	fs.Int64Var(&cfg.seed, "seed", coretest.DefaultSeed, "seed of the data sets and of the faults")
	fs.IntVar(&cfg.shipments, "shipments", coretest.DefaultShipments, "shipments of the Core data set")
	fs.DurationVar(&cfg.latency, "latency", 0, "delay every response by this long")
	fs.Float64Var(&cfg.faultRate, "fault-rate", 0, "fraction of requests (0 to 1) that fail with a 429, a 503 or a connection reset")
	fs.StringVar(&cfg.apiKey, "api-key", coretest.DefaultAPIKey, "the Core API key")
	_ = fs.Parse(os.Args[1:])

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx = whileParentLives(ctx)
	if err := run(ctx, cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mockserver:", err)
		os.Exit(1)
	}
}

// whileParentLives returns a context cancelled, besides when ctx is, when
// the process that started this one exits: `go run` dies of SIGTERM
// without passing it on, and the server must not outlive it.
func whileParentLives(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	parent := os.Getppid()
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if os.Getppid() != parent {
					cancel()
					return
				}
			}
		}
	}()
	return ctx
}

// config holds the flags.
type config struct {
	addr      string
	seed      int64
	shipments int
	latency   time.Duration
	faultRate float64
	apiKey    string
}

// run serves both fakes on cfg.addr until ctx is done, then shuts down
// gracefully. It writes the banner and the request log to out.
func run(ctx context.Context, cfg config, out io.Writer) error {
	if cfg.faultRate < 0 || cfg.faultRate > 1 {
		return fmt.Errorf("-fault-rate %v is not between 0 and 1", cfg.faultRate)
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	core := coretest.NewHandler(coretest.WithSeed(cfg.seed), coretest.WithShipments(cfg.shipments), coretest.WithAPIKey(cfg.apiKey),
		coretest.WithLatency(cfg.latency), coretest.WithFaultRate(cfg.faultRate))
	defer core.Close()
	logi := logisticstest.NewHandler(logisticstest.WithSeed(cfg.seed), logisticstest.WithLatency(cfg.latency), logisticstest.WithFaultRate(cfg.faultRate))
	defer logi.Close()
	mux := http.NewServeMux()
	mux.Handle(logisticstest.APIRoot+"/", logi)
	mux.Handle("/", core)

	log := &requestLog{out: out}
	srv := &http.Server{Handler: log.wrap(mux), ReadHeaderTimeout: 10 * time.Second}
	log.printf("mockserver listening on http://%s core-api-key=%s logistics-token=%s client-id=%s client-secret=%s\n",
		ln.Addr(), cfg.apiKey, logisticstest.DefaultToken, coretest.DefaultClientID, coretest.DefaultClientSecret)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.printf("mockserver stopped\n")
	return nil
}
