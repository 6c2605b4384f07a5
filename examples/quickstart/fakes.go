package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/flexport-go/flexport/core/coretest"
	"github.com/flexport-go/flexport/logistics/logisticstest"
)

// fakes are both fake APIs on one loopback address, as examples/mockserver
// serves them: the Core API at the root, the Logistics API under
// logisticstest.APIRoot.
type fakes struct {
	url       string // "http://127.0.0.1:port"
	core      *coretest.Handler
	logistics *logisticstest.Handler
	servers   []*server
}

// startFakes starts both fakes with small data sets.
func startFakes() (*fakes, error) {
	f := &fakes{core: coretest.NewHandler(coretest.WithShipments(24)), logistics: logisticstest.NewHandler()}
	mux := http.NewServeMux()
	mux.Handle(logisticstest.APIRoot+"/", f.logistics)
	mux.Handle("/", f.core)
	s, err := f.serve(mux)
	if err != nil {
		f.core.Close()
		f.logistics.Close()
		return nil, err
	}
	f.url = s.url
	return f, nil
}

// serve serves h on a free loopback port until stop.
func (f *fakes) serve(h http.Handler) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{url: "http://" + ln.Addr().String(), srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}, done: make(chan error, 1)}
	go func() { s.done <- s.srv.Serve(ln) }()
	f.servers = append(f.servers, s)
	return s, nil
}

// stop stops the webhook deliveries of the fakes and shuts every server
// down, the last started first, letting requests in flight finish.
func (f *fakes) stop() error {
	f.core.Close()
	f.logistics.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var errs []error
	for i := len(f.servers) - 1; i >= 0; i-- {
		if err := f.servers[i].shutdown(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// server is an http.Server on a loopback port.
type server struct {
	url  string
	srv  *http.Server
	done chan error // Serve's result
}

func (s *server) shutdown(ctx context.Context) error {
	if err := s.srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("stopping %s: %w", s.url, err)
	}
	if err := <-s.done; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving %s: %w", s.url, err)
	}
	return nil
}
