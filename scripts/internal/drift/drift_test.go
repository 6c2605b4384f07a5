package drift

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/flexport-go/flexport/internal/specpipe"
	"github.com/flexport-go/flexport/scripts/internal/testenv"
	"github.com/google/go-cmp/cmp"
	"github.com/speakeasy-api/openapi/overlay"
	"github.com/speakeasy-api/openapi/overlay/loader"
	"gopkg.in/yaml.v3"
)

// upstreamFixture is a temporary mirror, pinned directory and pin file made
// from the real upstream documents in ../shared/upstream.
type upstreamFixture struct {
	mirror, pinned, pins string
	docs                 map[string][]byte // pinned bytes by pin name
}

// newUpstreamFixture pins the real upstream documents at their current bytes
// and mirrors them unchanged; tests then change the mirror copies.
func newUpstreamFixture(t *testing.T) *upstreamFixture {
	t.Helper()
	shared := testenv.Shared(t, "upstream")
	dir := t.TempDir()
	f := &upstreamFixture{
		mirror: filepath.Join(dir, "mirror"), pinned: filepath.Join(dir, "pinned"),
		pins: filepath.Join(dir, "pins.json"), docs: map[string][]byte{},
	}
	for _, d := range []string{f.mirror, f.pinned} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pins := &specpipe.Pins{}
	for _, p := range []specpipe.Pin{
		{Name: "core-v2", URL: "https://api.flexport.com/docs/v2/flexport", File: "core-v2.yaml"},
		{Name: "logistics-2023-10", URL: "https://logistics-api.flexport.com/logistics/api/2023-10/documentation/raw", File: "logistics-2023-10.json"},
	} {
		b, err := os.ReadFile(filepath.Join(shared, p.File))
		if err != nil {
			t.Fatal(err)
		}
		p.SHA256, p.Date = specpipe.SHA256Hex(b), "2020-08-26"
		pins.Documents = append(pins.Documents, p)
		f.docs[p.Name] = b
		f.write(t, f.mirror, p.File, b)
		f.write(t, f.pinned, p.File, b)
	}
	if err := pins.Save(f.pins); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *upstreamFixture) write(t *testing.T, dir, file string, b []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, file), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func (f *upstreamFixture) options(t *testing.T) Options {
	return Options{Root: testenv.RepoRoot(t), Pins: f.pins, Mirror: f.mirror, PinnedDir: f.pinned}
}

func run(t *testing.T, opts Options) *Result {
	t.Helper()
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func markdown(t *testing.T, r *Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func statuses(r *Result) map[string]Status {
	m := map[string]Status{}
	for _, d := range r.Documents {
		m[d.Name] = d.Status
	}
	return m
}

// TestRunUnchangedMirror: a mirror that matches the pins is "unchanged"
// and exits 0.
func TestRunUnchangedMirror(t *testing.T) {
	t.Parallel()
	f := newUpstreamFixture(t)
	res := run(t, f.options(t))
	want := map[string]Status{"core-v2": Unchanged, "logistics-2023-10": Unchanged}
	if d := cmp.Diff(want, statuses(res)); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
	if got := res.ExitCode(); got != ExitUnchanged {
		t.Errorf("ExitCode() = %d, want %d", got, ExitUnchanged)
	}
	if md := markdown(t, res); !strings.Contains(md, "**core-v2**: unchanged") {
		t.Errorf("report does not say core-v2 is unchanged:\n%s", md)
	}
}

var simpleTarget = regexp.MustCompile(`^\$\.components\.schemas\.[A-Za-z0-9_]+\.properties\.[A-Za-z0-9_]+$`)

// TestRunReportsStaleOverlayAction changes a copy of the upstream Core v2
// document so that the property an action of openapi/core/overlay.yaml
// targets disappears, and checks that the drift check reports that action
// as stale, by target and description.
func TestRunReportsStaleOverlayAction(t *testing.T) {
	t.Parallel()
	f := newUpstreamFixture(t)
	opts := f.options(t)
	ovPath := overlayPath(opts.Root, "core-v2")
	ov, err := loader.LoadOverlay(ovPath)
	if err != nil {
		t.Skipf("skipping: no Core overlay to check: %v", err)
	}
	// The first action that targets one property by a plain path.
	idx := slices.IndexFunc(ov.Actions, func(a overlay.Action) bool { return simpleTarget.MatchString(a.Target) })
	if idx < 0 {
		t.Skipf("skipping: %s has no action targeting a single property by a plain path", ovPath)
	}
	action := ov.Actions[idx]
	keys := strings.Split(strings.TrimPrefix(action.Target, "$."), ".")
	f.write(t, f.mirror, "core-v2.yaml", deleteKey(t, f.docs["core-v2"], keys))

	res := run(t, opts)
	if d := cmp.Diff(map[string]Status{"core-v2": Semantic, "logistics-2023-10": Unchanged}, statuses(res)); d != "" {
		t.Fatalf("statuses (-want +got):\n%s", d)
	}
	core := res.Documents[0]
	wantRemoved := keys[2] + "." + keys[4]
	if !slices.Contains(core.Diff.PropertiesRemoved, wantRemoved) {
		t.Errorf("diff PropertiesRemoved = %v, want it to contain %s", core.Diff.PropertiesRemoved, wantRemoved)
	}
	want := ActionProblem{Index: idx + 1, Target: action.Target, Description: action.Description, Problem: "target matches nothing"}
	got := slices.DeleteFunc(slices.Clone(core.Curation.StaleActions), func(a ActionProblem) bool { return a.Target != action.Target })
	if d := cmp.Diff([]ActionProblem{want}, got); d != "" {
		t.Errorf("stale actions for %s (-want +got):\n%s", action.Target, d)
	}
	if got := res.ExitCode(); got != ExitDrift {
		t.Errorf("ExitCode() = %d, want %d", got, ExitDrift)
	}
	if md := markdown(t, res); !strings.Contains(md, "STALE action") || !strings.Contains(md, action.Target) {
		t.Errorf("report does not name the stale action %s:\n%s", action.Target, md)
	}
}

// TestRunReportsStaleNormaliserFix rewrites every Rails-style path of a copy
// of the Core v2 document to a template, so that the normaliser fix that
// does this upstream's way finds nothing to do, and checks that the drift
// check reports it stale.
func TestRunReportsStaleNormaliserFix(t *testing.T) {
	t.Parallel()
	f := newUpstreamFixture(t)
	var root yaml.Node
	if err := yaml.Unmarshal(f.docs["core-v2"], &root); err != nil {
		t.Fatal(err)
	}
	rails := regexp.MustCompile(`/:([A-Za-z_][A-Za-z0-9_]*)`)
	paths := child(&root, "paths")
	for i := 0; i < len(paths.Content); i += 2 {
		paths.Content[i].Value = rails.ReplaceAllString(paths.Content[i].Value, "/{$1}")
	}
	changed := encode(t, &root)
	f.write(t, f.mirror, "core-v2.yaml", changed)

	// What the normaliser itself says about the changed document.
	_, fixes, err := specpipe.Normalize("core-v2", changed)
	if err != nil {
		t.Fatalf("normaliser fails on the templated document: %v", err)
	}
	want := []StaleFix{}
	for _, fx := range fixes {
		if fx.Matched == 0 {
			want = append(want, StaleFix{Name: fx.Name, Evidence: fx.Evidence})
		}
	}
	if len(want) == 0 {
		t.Skip("skipping: no normaliser fix depends on Rails-style paths any more")
	}

	res := run(t, f.options(t))
	core := res.Documents[0]
	// Only the spelling of the paths changed: no semantic change.
	if core.Status != BytesOnly {
		t.Errorf("core-v2 status = %q, want %q (diff: %+v)", core.Status, BytesOnly, core.Diff)
	}
	if d := cmp.Diff(want, core.Curation.StaleFixes); d != "" {
		t.Errorf("stale fixes (-want +got):\n%s", d)
	}
	if res.ExitCode() != ExitDrift {
		t.Errorf("ExitCode() = %d, want %d", res.ExitCode(), ExitDrift)
	}
}

func TestRunWithoutPinnedRevision(t *testing.T) {
	t.Parallel()
	f := newUpstreamFixture(t)
	older := testenv.Shared(t, "upstream", "history", "core-v2", "2020-07-23-436d938.yaml")
	b, err := os.ReadFile(older)
	if err != nil {
		t.Fatal(err)
	}
	f.write(t, f.mirror, "core-v2.yaml", b)
	if err := os.Remove(filepath.Join(f.pinned, "core-v2.yaml")); err != nil {
		t.Fatal(err)
	}
	res := run(t, f.options(t))
	core := res.Documents[0]
	if core.Status != Changed || core.Diff != nil || !strings.Contains(core.DiffUnavailable, "make pull") {
		t.Errorf("core-v2: status %q, diff %v, unavailable %q; want %q, no diff, and advice to run make pull", core.Status, core.Diff, core.DiffUnavailable, Changed)
	}
	if core.Curation == nil || core.Curation.Stale() {
		t.Errorf("core-v2 curation = %+v, want it checked and not stale", core.Curation)
	}
	if res.ExitCode() != ExitDrift {
		t.Errorf("ExitCode() = %d, want %d", res.ExitCode(), ExitDrift)
	}
}

func TestRunFetchFailure(t *testing.T) {
	t.Parallel()
	f := newUpstreamFixture(t)
	if err := os.Remove(filepath.Join(f.mirror, "logistics-2023-10.json")); err != nil {
		t.Fatal(err)
	}
	res := run(t, f.options(t))
	if d := cmp.Diff(map[string]Status{"core-v2": Unchanged, "logistics-2023-10": CheckFailed}, statuses(res)); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
	if res.ExitCode() != ExitFailed {
		t.Errorf("ExitCode() = %d, want %d", res.ExitCode(), ExitFailed)
	}
}

// TestRunRegeneratesRealRepository runs the whole check, regeneration
// included, with an older real revision of the Core v2 document as the new
// upstream: `make generate` in a copy of the repository must succeed, the
// copy must compile, and the fields upstream added since must show up as
// exported identifiers removed.
func TestRunRegeneratesRealRepository(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("skipping in -short mode: regenerates gen/ in a copy of the repository")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("skipping: make is not installed")
	}
	f := newUpstreamFixture(t)
	opts := f.options(t)
	if _, err := os.Stat(filepath.Join(opts.Root, "Makefile")); err != nil {
		t.Skip("skipping: the repository has no Makefile yet")
	}
	older := testenv.Shared(t, "upstream", "history", "core-v2", "2020-07-23-436d938.yaml")
	b, err := os.ReadFile(older)
	if err != nil {
		t.Fatal(err)
	}
	f.write(t, f.mirror, "core-v2.yaml", b)
	opts.Generate = true
	res := run(t, opts)
	g := res.Generation
	if g == nil || !g.OK() {
		t.Fatalf("regeneration in a copy of the repository failed (does `make generate` work in the repository itself?): %+v\n%s", g, markdown(t, res))
	}
	// Shipment.wants_flexport_freight is new in core-v2.yaml.
	if !slices.Contains(g.Removed, "coreapi.Shipment.WantsFlexportFreight") {
		t.Errorf("exported identifiers removed = %v, want coreapi.Shipment.WantsFlexportFreight among them", g.Removed)
	}
}

// deleteKey removes the mapping entry at the path of keys from a YAML
// document and returns the document re-encoded.
func deleteKey(t *testing.T, doc []byte, keys []string) []byte {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal(doc, &root); err != nil {
		t.Fatal(err)
	}
	parent := &root
	for _, k := range keys[:len(keys)-1] {
		if parent = child(parent, k); parent == nil {
			t.Fatalf("upstream document has no %s", strings.Join(keys, "."))
		}
	}
	last := keys[len(keys)-1]
	i := slices.IndexFunc(parent.Content, func(n *yaml.Node) bool { return n.Value == last })
	if i < 0 || i%2 != 0 {
		t.Fatalf("upstream document has no %s", strings.Join(keys, "."))
	}
	parent.Content = slices.Delete(parent.Content, i, i+2)
	return encode(t, &root)
}

// child returns the value of key in a mapping (or the mapping of a
// document node), or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

func encode(t *testing.T, n *yaml.Node) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
