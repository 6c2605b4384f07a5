// Package specpipe is the spec pipeline behind `make pull`, `make pin`,
// `make generate` and `make drift`: it reads the pin file, fetches upstream
// OpenAPI documents (from their URLs or from a local mirror), checks them
// against their pinned sha256, and normalises them before oapi-codegen applies
// our overlays.
package specpipe

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
)

// Pin records one upstream document: where it is published, the file name it
// has in a mirror and in openapi/upstream/, and the sha256 and date of the
// revision our curation and gen/ were made from.
type Pin struct {
	Name   string `json:"name"`
	URL    string `json:"url"`
	File   string `json:"file"`
	SHA256 string `json:"sha256"`
	Date   string `json:"date"`
}

// Pins is the content of openapi/pins.json.
type Pins struct {
	Documents []Pin `json:"documents"`
}

// LoadPins reads and validates a pin file.
func LoadPins(path string) (*Pins, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read pin file: %w", err)
	}
	var p Pins
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("parse pin file %s: %w", path, err)
	}
	seen := map[string]bool{}
	for i, d := range p.Documents {
		switch {
		case d.Name == "" || d.URL == "" || d.File == "":
			return nil, fmt.Errorf("pin file %s: document %d needs name, url and file", path, i)
		case seen[d.Name]:
			return nil, fmt.Errorf("pin file %s: document %q pinned twice", path, d.Name)
		case d.SHA256 != "" && len(d.SHA256) != sha256.Size*2:
			return nil, fmt.Errorf("pin file %s: document %q: sha256 %q is not 64 hex digits", path, d.Name, d.SHA256)
		}
		seen[d.Name] = true
	}
	return &p, nil
}

// Save writes the pin file, indented, with a trailing newline.
func (p *Pins) Save(path string) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Lookup returns the pin named name.
func (p *Pins) Lookup(name string) (*Pin, bool) {
	for i := range p.Documents {
		if p.Documents[i].Name == name {
			return &p.Documents[i], true
		}
	}
	return nil, false
}

// SHA256Hex returns the lower-case hex sha256 of b.
func SHA256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// MismatchError reports upstream bytes whose sha256 differs from the pin.
type MismatchError struct {
	Document string // pin name
	Source   string // URL or mirror path the bytes came from
	Pinned   string // sha256 in the pin file
	Actual   string // sha256 of the fetched bytes
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("%s: sha256 mismatch for %s: pinned %s, got %s (review the change with `make drift`, then accept it with `make pin`)",
		e.Document, e.Source, e.Pinned, e.Actual)
}

// Verify checks b against the pin.
func (p *Pin) Verify(b []byte, source string) error {
	if got := SHA256Hex(b); got != p.SHA256 {
		return &MismatchError{Document: p.Name, Source: source, Pinned: p.SHA256, Actual: got}
	}
	return nil
}
