// Package drift checks the pinned upstream OpenAPI documents against what
// upstream publishes now, for `make drift`. For each document it reports
// "unchanged" (same sha256 as the pin), "changed bytes, no semantic change",
// or a semantic diff against the pinned revision; for each changed document
// it checks that our curation still applies (every normaliser fix still finds
// its target, every overlay action still matches something); and when
// anything changed it regenerates gen/ from the new documents in a copy of
// the repository, builds it, and lists the exported identifiers that would be
// added or removed.
package drift

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/flexport-go/flexport/internal/specpipe"
	"github.com/flexport-go/flexport/scripts/internal/specdiff"
)

// Exit codes of `make drift`.
const (
	ExitUnchanged = 0 // every document matches its pin
	ExitDrift     = 1 // some document changed; the report says how
	ExitFailed    = 2 // the check itself failed
)

// Status is the verdict on one document.
type Status string

// Document verdicts.
const (
	Unchanged   Status = "unchanged"
	BytesOnly   Status = "changed bytes, no semantic change"
	Semantic    Status = "semantic change"
	Changed     Status = "changed (no semantic diff available)"
	CheckFailed Status = "check failed"
)

// Options configure a drift check. Zero values take the defaults noted.
type Options struct {
	// Root is the repository root (default ".").
	Root string
	// Pins is the pin file (default Root/openapi/pins.json).
	Pins string
	// Mirror, when set, is a directory holding the upstream documents by
	// file name, read instead of their URLs (FLEXPORT_SPEC_MIRROR).
	Mirror string
	// PinnedDir holds the pinned revisions that `make pull` downloads
	// (default Root/openapi/upstream). The semantic diff needs them; when a
	// pinned revision is absent or does not match its pin, the report says
	// so and the other checks still run.
	PinnedDir string
	// Generate enables regenerating gen/ from the new documents in a copy
	// of the repository, building it and comparing exported identifiers.
	Generate bool

	// Fetch returns the current upstream bytes of a document (default:
	// specpipe.Fetch).
	Fetch func(ctx context.Context, p specpipe.Pin, mirror string) ([]byte, error)
	// Regenerate regenerates gen/ in repo from the documents in upstreamDir
	// (default: `make -C repo generate UPSTREAM_DIR=upstreamDir`).
	Regenerate func(ctx context.Context, repo, upstreamDir string) ([]byte, error)
}

func (o *Options) setDefaults() {
	if o.Root == "" {
		o.Root = "."
	}
	if o.Pins == "" {
		o.Pins = filepath.Join(o.Root, "openapi", "pins.json")
	}
	if o.PinnedDir == "" {
		o.PinnedDir = filepath.Join(o.Root, "openapi", "upstream")
	}
	if o.Fetch == nil {
		o.Fetch = func(ctx context.Context, p specpipe.Pin, mirror string) ([]byte, error) {
			return specpipe.Fetch(ctx, nil, p, mirror)
		}
	}
	if o.Regenerate == nil {
		o.Regenerate = makeGenerate
	}
}

// Result is the outcome of a drift check.
type Result struct {
	Documents []*DocResult `json:"documents"`
	// Generation is nil when regeneration did not run: nothing changed, a
	// fetch failed, or Options.Generate was off.
	Generation *GenResult `json:"generation,omitempty"`
	// GenerationSkipped says why Generation is nil when a document changed.
	GenerationSkipped string `json:"generation_skipped,omitempty"`
}

// DocResult is the verdict on one pinned document.
type DocResult struct {
	Name   string `json:"name"`
	File   string `json:"file"`
	Source string `json:"source"`
	Status Status `json:"status"`
	// Error is set when Status is CheckFailed.
	Error          string `json:"error,omitempty"`
	PinnedSHA256   string `json:"pinned_sha256"`
	UpstreamSHA256 string `json:"upstream_sha256,omitempty"`
	PinnedDate     string `json:"pinned_date,omitempty"`
	// Diff is the comparison with the pinned revision, when it could be
	// made; DiffUnavailable says why it could not.
	Diff            *specdiff.Report `json:"diff,omitempty"`
	DiffUnavailable string           `json:"diff_unavailable,omitempty"`
	// Curation is set for every document whose bytes changed.
	Curation *CurationResult `json:"curation,omitempty"`

	upstream []byte
}

// ExitCode maps a result to the exit status of `make drift`.
func (r *Result) ExitCode() int {
	code := ExitUnchanged
	for _, d := range r.Documents {
		switch d.Status {
		case CheckFailed:
			return ExitFailed
		case Unchanged:
		default:
			code = ExitDrift
		}
	}
	return code
}

// Run performs the drift check. It returns an error only when it cannot
// start (no pin file); every other failure is recorded in the result, whose
// ExitCode says whether the check failed.
func Run(ctx context.Context, opts Options) (*Result, error) {
	opts.setDefaults()
	pins, err := specpipe.LoadPins(opts.Pins)
	if err != nil {
		return nil, fmt.Errorf("drift: %w", err)
	}
	res := &Result{}
	anyChanged, anyFailed := false, false
	for _, p := range pins.Documents {
		d := checkDocument(ctx, opts, p)
		res.Documents = append(res.Documents, d)
		anyChanged = anyChanged || (d.Status != Unchanged && d.Status != CheckFailed)
		anyFailed = anyFailed || d.Status == CheckFailed
	}
	switch {
	case !anyChanged:
	case anyFailed:
		res.GenerationSkipped = "a document could not be checked, so gen/ cannot be regenerated from a complete set"
	case !opts.Generate:
		res.GenerationSkipped = "regeneration not requested (-generate=false)"
	default:
		res.Generation = checkGeneration(ctx, opts, res.Documents)
	}
	return res, nil
}

// checkDocument fetches one document and compares it with its pin.
func checkDocument(ctx context.Context, opts Options, p specpipe.Pin) *DocResult {
	d := &DocResult{
		Name: p.Name, File: p.File, Source: specpipe.Source(p, opts.Mirror),
		PinnedSHA256: p.SHA256, PinnedDate: p.Date,
	}
	b, err := opts.Fetch(ctx, p, opts.Mirror)
	if err != nil {
		d.Status, d.Error = CheckFailed, fmt.Sprintf("fetch: %v", err)
		return d
	}
	d.upstream = b
	d.UpstreamSHA256 = specpipe.SHA256Hex(b)
	if d.UpstreamSHA256 == p.SHA256 {
		d.Status = Unchanged
		return d
	}

	d.Status = Changed
	pinned, why := readPinned(opts.PinnedDir, p)
	if pinned == nil {
		d.DiffUnavailable = why
	} else if r, err := specdiff.Compare(pinned, b); err != nil {
		d.DiffUnavailable = fmt.Sprintf("comparison failed: %v", err)
	} else {
		d.Diff = r
		d.Status = Semantic
		if !r.SemanticChange {
			d.Status = BytesOnly
		}
	}

	c, err := CheckCuration(p.Name, b, overlayPath(opts.Root, p.Name), specpipe.Normalize)
	if err != nil {
		d.Status, d.Error = CheckFailed, fmt.Sprintf("curation check: %v", err)
		return d
	}
	d.Curation = c
	return d
}

// readPinned returns the pinned revision of p from dir, or nil and the reason
// it is unusable.
func readPinned(dir string, p specpipe.Pin) ([]byte, string) {
	path := filepath.Join(dir, p.File)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Sprintf("the pinned revision is not in %s; run `make pull` while upstream still serves it (or restore it from a cache) to get a semantic diff", dir)
	}
	if err != nil {
		return nil, fmt.Sprintf("read pinned revision: %v", err)
	}
	if got := specpipe.SHA256Hex(b); got != p.SHA256 {
		return nil, fmt.Sprintf("%s has sha256 %s, not the pinned %s; run `make pull` to restore the pinned revision", path, got, p.SHA256)
	}
	return b, ""
}

// overlayPath returns the overlay that curates the pinned document name, or
// "" when it has none. The mapping mirrors the Makefile's generate target
// (specpipe curate -overlay).
func overlayPath(root, name string) string {
	dir := map[string]string{
		"core-v2":           "core",
		"logistics-2023-10": "logistics",
	}[name]
	if dir == "" {
		return ""
	}
	return filepath.Join(root, "openapi", dir, "overlay.yaml")
}
