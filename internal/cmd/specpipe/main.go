// Command specpipe runs the steps of the spec pipeline for the Makefile:
//
//	specpipe pull      [-pins F] [-dir D] [-mirror M]   download each pinned document into D, checking its sha256
//	specpipe pin       [-pins F] [-dir D] [-mirror M]   accept the current upstream bytes and rewrite the pin file
//	specpipe curate    -doc NAME -in F [-overlay F] -out F [-structural F]
//	                   normalise the upstream document F, apply the overlay, write the curated
//	                   document (what oapi-codegen and svcgen generate from) and, with
//	                   -structural, its structural copy that the fakes embed
//
// With -mirror (or FLEXPORT_SPEC_MIRROR), documents are read from the mirror
// directory instead of their URLs. Every failure names the document.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/flexport-go/flexport/internal/specpipe"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "pull":
		err = pull(os.Args[2:], false)
	case "pin":
		err = pull(os.Args[2:], true)
	case "curate":
		err = curate(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "specpipe:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: specpipe pull|pin|curate [flags]")
	os.Exit(2)
}

func pull(args []string, repin bool) error {
	fs := flag.NewFlagSet("pull", flag.ExitOnError)
	pinsPath := fs.String("pins", "openapi/pins.json", "pin file")
	dir := fs.String("dir", "openapi/upstream", "where pulled documents go (git-ignored)")
	mirror := fs.String("mirror", os.Getenv("FLEXPORT_SPEC_MIRROR"), "read documents from this directory instead of their URLs")
	_ = fs.Parse(args)

	pins, err := specpipe.LoadPins(*pinsPath)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var errs []error
	for i := range pins.Documents {
		p := &pins.Documents[i]
		src := specpipe.Source(*p, *mirror)
		b, err := specpipe.Fetch(ctx, nil, *p, *mirror)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sum := specpipe.SHA256Hex(b)
		if repin {
			if sum != p.SHA256 {
				fmt.Printf("%s: pin %s -> %s (from %s)\n", p.Name, short(p.SHA256), short(sum), src)
				p.SHA256 = sum
				p.Date = time.Now().UTC().Format(time.DateOnly)
			} else {
				fmt.Printf("%s: unchanged (%s)\n", p.Name, short(sum))
			}
		} else if err := p.Verify(b, src); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := os.WriteFile(filepath.Join(*dir, p.File), b, 0o644); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p.Name, err))
			continue
		}
		if !repin {
			fmt.Printf("%s: %s ok (sha256 %s)\n", p.Name, src, short(sum))
		}
	}
	if repin && len(errs) == 0 {
		if err := pins.Save(*pinsPath); err != nil {
			return err
		}
	}
	return errors.Join(errs...)
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

// curate writes the curated document that `make generate` generates from:
// the upstream document (-in) normalised (each fix's report printed; a fix
// that found nothing to change fails the step), with its overlay (-overlay,
// if any) applied once, as YAML. oapi-codegen (every configuration) and
// svcgen read that one file instead of each applying the overlay again.
// With -structural, it also writes the structural copy of the curated
// document that the fakes embed (specpipe.Structural).
func curate(args []string) error {
	fs := flag.NewFlagSet("curate", flag.ExitOnError)
	doc := fs.String("doc", "", "pinned document name (core-v2, logistics-2023-10)")
	in := fs.String("in", "", "upstream document")
	ov := fs.String("overlay", "", "overlay file (none: the normalised document)")
	out := fs.String("out", "", "output document (YAML)")
	structural := fs.String("structural", "", "also write the structural copy (JSON) here")
	_ = fs.Parse(args)
	if *doc == "" || *in == "" || *out == "" {
		return errors.New("curate needs -doc, -in and -out")
	}
	b, err := os.ReadFile(*in)
	if err != nil {
		return fmt.Errorf("%s: %w (run `make pull` first)", *doc, err)
	}
	norm, results, err := specpipe.Normalize(*doc, b)
	if err != nil {
		return err
	}
	var stale []string
	for _, r := range results {
		fmt.Printf("%s: fix %-34s changed %d place(s)\n", *doc, r.Name, r.Matched)
		if r.Stale() {
			stale = append(stale, r.Name)
		}
	}
	if len(stale) > 0 {
		return fmt.Errorf("%s: normaliser fixes found nothing to change (upstream changed; review them): %v", *doc, stale)
	}
	_, curated, err := specpipe.Curate(norm, *ov)
	if err != nil {
		return fmt.Errorf("%s: %w", *doc, err)
	}
	if err := write(*out, curated); err != nil {
		return err
	}
	if *structural == "" {
		return nil
	}
	sc, err := specpipe.Structural(curated)
	if err != nil {
		return fmt.Errorf("%s: %w", *doc, err)
	}
	return write(*structural, sc)
}

// write writes b to path, making its directory.
func write(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
