package drift

import (
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/flexport-go/flexport/internal/specpipe"
)

// TestRunReportsCommercialInvoiceUpdateMoved moves PATCH
// /commercial_invoices of a copy of the Core v2 document to
// /commercial_invoices/:id, as if Flexport gave the update an id path, and
// checks that the drift check says the curation no longer fits: our
// correction keeps the operation where Flexport's Commercial Invoices
// tutorial has it (no id; the body's invoice_number names the invoice), so
// the overlay actions on it must be reported stale, and the normaliser must
// not quietly fix the move up.
func TestRunReportsCommercialInvoiceUpdateMoved(t *testing.T) {
	f := newUpstreamFixture(t)
	var root yaml.Node
	if err := yaml.Unmarshal(f.docs["core-v2"], &root); err != nil {
		t.Fatal(err)
	}
	paths := child(&root, "paths")
	from, to := child(paths, "/commercial_invoices"), child(paths, "/commercial_invoices/:id")
	if from == nil || to == nil {
		t.Skip("skipping: the upstream document has no /commercial_invoices or /commercial_invoices/:id")
	}
	i := slices.IndexFunc(from.Content, func(n *yaml.Node) bool { return n.Value == "patch" })
	if i < 0 || i%2 != 0 {
		t.Skip("skipping: the upstream document has no PATCH /commercial_invoices")
	}
	op := from.Content[i+1]
	var id yaml.Node
	if err := yaml.Unmarshal([]byte(`[{name: id, in: path, required: true, schema: {type: string}}]`), &id); err != nil {
		t.Fatal(err)
	}
	if child(op, "parameters") != nil {
		t.Skip("skipping: PATCH /commercial_invoices declares parameters upstream now")
	}
	op.Content = append(op.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: "parameters"}, id.Content[0])
	to.Content = append(to.Content, from.Content[i], op)
	from.Content = slices.Delete(from.Content, i, i+2)
	changed := encode(t, &root)
	f.write(t, f.mirror, "core-v2.yaml", changed)

	// The normaliser does not move the operation back.
	norm, _, err := specpipe.Normalize("core-v2", changed)
	if err != nil {
		t.Fatalf("normaliser fails on the changed document: %v", err)
	}
	var doc struct {
		Paths map[string]map[string]any
	}
	if err := yaml.Unmarshal(norm, &doc); err != nil {
		t.Fatal(err)
	}
	if _, ok := doc.Paths["/commercial_invoices"]["patch"]; ok {
		t.Error("the normaliser moved PATCH /commercial_invoices/{id} back to /commercial_invoices")
	}

	res := run(t, f.options(t))
	core := res.Documents[0]
	var stale []string
	for _, a := range core.Curation.StaleActions {
		if strings.Contains(a.Target, "$.paths['/commercial_invoices'].patch") {
			stale = append(stale, a.Target)
		}
	}
	if len(stale) == 0 {
		t.Errorf("no stale overlay action on PATCH /commercial_invoices; stale actions: %+v\n%s", core.Curation.StaleActions, markdown(t, res))
	}
	if res.ExitCode() != ExitDrift {
		t.Errorf("ExitCode() = %d, want %d", res.ExitCode(), ExitDrift)
	}
}
