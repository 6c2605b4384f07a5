package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const base = `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /shipments/:id:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200": {description: ok}
components:
  schemas:
    Shipment: {type: object, properties: {id: {type: integer}}}
`

// baseJSON is base written as JSON, with the templated path spelling.
const baseJSON = `{"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
 "paths": {"/shipments/{id}": {"get": {
   "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
   "responses": {"200": {"description": "ok"}}}}},
 "components": {"schemas": {"Shipment": {"type": "object", "properties": {"id": {"type": "integer"}}}}}}`

const head = `openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /shipments/{id}:
    patch:
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        "200": {description: ok}
components:
  schemas:
    Booking: {type: object}
`

func TestRun(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	b, bj, h := file("base.yaml", base), file("base.json", baseJSON), file("head.yaml", head)
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout []string
		wantStderr string
	}{
		{"identical", []string{"-base", b, "-head", b}, 0, []string{"unchanged"}, ""},
		{"reformatted", []string{"-base", b, "-head", bj}, 0, []string{"changed bytes, no semantic change"}, ""},
		{"reformatted, -exit-code", []string{"-base", b, "-head", bj, "-exit-code"}, 0, []string{"changed bytes, no semantic change"}, ""},
		{"changed", []string{"-base", b, "-head", h}, 0, []string{"semantic change"}, ""},
		{"changed, -exit-code", []string{"-base", b, "-head", h, "-exit-code"}, 1, []string{"Operations added (1):\n  PATCH /shipments/{id}", "Operations removed (1):\n  GET /shipments/{id}", "Schemas added (1):\n  Booking", "Schemas removed (1):\n  Shipment", "error: GET /shipments/{id}"}, ""},
		{"no flags", nil, 2, nil, "usage"},
		{"bad format", []string{"-base", b, "-head", h, "-format", "xml"}, 2, nil, "usage"},
		{"unreadable", []string{"-base", filepath.Join(dir, "missing.yaml"), "-head", h}, 2, nil, "read base"},
		{"not OpenAPI", []string{"-base", b, "-head", file("bad.yaml", "openapi: [")}, 2, nil, "head"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := run(tt.args, &stdout, &stderr); got != tt.wantCode {
				t.Errorf("exit code = %d, want %d; stderr: %s", got, tt.wantCode, stderr.String())
			}
			for _, w := range tt.wantStdout {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout does not contain %q:\n%s", w, stdout.String())
				}
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.wantStderr)
			}
		})
	}
}

func TestRunJSON(t *testing.T) {
	dir := t.TempDir()
	b, h := filepath.Join(dir, "base.yaml"), filepath.Join(dir, "head.yaml")
	for p, c := range map[string]string{b: base, h: head} {
		if err := os.WriteFile(p, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-base", b, "-head", h, "-format", "json"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit code = %d, want 0; stderr: %s", code, stderr.String())
	}
	var got struct {
		SemanticChange    *bool     `json:"semantic_change"`
		OperationsAdded   *[]string `json:"operations_added"`
		OperationsRemoved *[]string `json:"operations_removed"`
		SchemasAdded      *[]string `json:"schemas_added"`
		SchemasRemoved    *[]string `json:"schemas_removed"`
		Breaking          *[]string `json:"breaking"`
	}
	dec := json.NewDecoder(&stdout)
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if got.SemanticChange == nil || got.OperationsAdded == nil || got.OperationsRemoved == nil ||
		got.SchemasAdded == nil || got.SchemasRemoved == nil || got.Breaking == nil {
		t.Fatalf("JSON lacks a required key: %+v", got)
	}
	if !*got.SemanticChange {
		t.Error("semantic_change = false, want true")
	}
	lists := [][]string{*got.OperationsAdded, *got.OperationsRemoved, *got.SchemasAdded, *got.SchemasRemoved}
	want := [][]string{{"PATCH /shipments/{id}"}, {"GET /shipments/{id}"}, {"Booking"}, {"Shipment"}}
	if d := cmp.Diff(want, lists); d != "" {
		t.Errorf("operations_added, operations_removed, schemas_added, schemas_removed (-want +got):\n%s", d)
	}
	if !slices.ContainsFunc(*got.Breaking, func(s string) bool { return strings.Contains(s, "GET /shipments/{id}") }) {
		t.Errorf("breaking = %v, want the removal of GET /shipments/{id}", *got.Breaking)
	}
}
