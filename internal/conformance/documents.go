package conformance

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flexport-go/flexport/internal/specpipe"
)

// RepoRoot returns the root of this repository.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// ErrNoUpstream is returned by UpstreamDocument when neither the pulled
// document nor a mirror is available.
var ErrNoUpstream = fmt.Errorf("no upstream document: run `make pull`, or put ../shared/upstream beside the repository")

// UpstreamDocument returns the pinned upstream bytes of the document named
// name: the file `make pull` wrote into openapi/upstream/, or else the file
// in FLEXPORT_SPEC_MIRROR or ../shared/upstream. Either way its sha256 must
// match the pin.
func UpstreamDocument(name string) ([]byte, error) {
	root := RepoRoot()
	pins, err := specpipe.LoadPins(filepath.Join(root, "openapi", "pins.json"))
	if err != nil {
		return nil, err
	}
	pin, ok := pins.Lookup(name)
	if !ok {
		return nil, fmt.Errorf("%s is not pinned", name)
	}
	candidates := []string{filepath.Join(root, "openapi", "upstream", pin.File)}
	if m := os.Getenv("FLEXPORT_SPEC_MIRROR"); m != "" {
		candidates = append(candidates, filepath.Join(m, pin.File))
	}
	if shared := SharedDir(); shared != "" {
		candidates = append(candidates, filepath.Join(shared, "upstream", pin.File))
	}
	for _, c := range candidates {
		b, err := os.ReadFile(c)
		if err != nil {
			continue
		}
		if err := pin.Verify(b, c); err != nil {
			return nil, err
		}
		return b, nil
	}
	return nil, ErrNoUpstream
}

// CuratedDocument returns the document named name as oapi-codegen generates
// from it: upstream, normalised, with its overlay applied in strict mode.
func CuratedDocument(name string) (*openapi3.T, error) {
	doc, _, err := Curated(name)
	return doc, err
}

// Curated returns the curated document named name, parsed and as the bytes
// `make generate` writes to openapi/build/ (see CuratedDocument).
func Curated(name string) (*openapi3.T, []byte, error) {
	b, err := UpstreamDocument(name)
	if err != nil {
		return nil, nil, err
	}
	norm, _, err := specpipe.Normalize(name, b)
	if err != nil {
		return nil, nil, err
	}
	overlay := map[string]string{
		"core-v2":           filepath.Join(RepoRoot(), "openapi", "core", "overlay.yaml"),
		"logistics-2023-10": filepath.Join(RepoRoot(), "openapi", "logistics", "overlay.yaml"),
	}[name]
	return specpipe.Curate(norm, overlay)
}
