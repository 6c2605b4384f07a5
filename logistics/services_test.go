package logistics

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/flexport-go/flexport/internal/conformance"
)

// servicesFile is the part of openapi/logistics/services.yaml this test
// reads.
type servicesFile struct {
	Services []struct {
		Name    string `yaml:"name"`
		Field   string `yaml:"field"`
		Methods []struct {
			Op          string `yaml:"op"`
			Name        string `yaml:"name"`
			Paginate    string `yaml:"paginate"`
			Handwritten bool   `yaml:"handwritten"`
		} `yaml:"methods"`
	} `yaml:"services"`
}

// TestEveryOperationHasAMethod lists the operations of the curated Logistics
// document and fails for any that no method of a Client service serves, or
// that services.yaml maps more than once, and for mappings of operations the
// document lacks.
func TestEveryOperationHasAMethod(t *testing.T) {
	doc, err := conformance.CuratedDocument("logistics-2023-10")
	if errors.Is(err, conformance.ErrNoUpstream) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]string{} // operationId -> "METHOD path"
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops[op.OperationID] = method + " " + path
		}
	}
	if len(ops) != 59 {
		t.Errorf("the document has %d operations; the 2023-10 document has 59", len(ops))
	}

	b, err := os.ReadFile(filepath.Join(conformance.RepoRoot(), "openapi", "logistics", "services.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var sf servicesFile
	if err := yaml.Unmarshal(b, &sf); err != nil {
		t.Fatal(err)
	}

	c := &Client{}
	c.initServices()
	fields := reflect.ValueOf(c.services)
	mapped := map[string]string{}
	var handwritten []string
	for _, s := range sf.Services {
		f := fields.FieldByName(s.Field)
		if !f.IsValid() || f.IsNil() {
			t.Errorf("Client has no service %s", s.Field)
			continue
		}
		if got := f.Type().Elem().Name(); got != s.Name {
			t.Errorf("Client.%s is a %s, services.yaml says %s", s.Field, got, s.Name)
		}
		for _, m := range s.Methods {
			where := s.Field + "." + m.Name
			if prev, dup := mapped[m.Op]; dup {
				t.Errorf("operation %s is mapped twice: %s and %s", m.Op, prev, where)
			}
			mapped[m.Op] = where
			names := []string{m.Name}
			if m.Paginate != "" {
				names = append(names, m.Name+"Page")
			}
			for _, n := range names {
				if _, ok := f.Type().MethodByName(n); !ok {
					t.Errorf("operation %s: %s has no method %s", m.Op, s.Name, n)
				}
			}
			if m.Handwritten {
				handwritten = append(handwritten, s.Name+"."+m.Name)
			}
		}
	}
	var missing, stale []string
	for op, line := range ops {
		if _, ok := mapped[op]; !ok {
			missing = append(missing, op+" ("+line+")")
		}
	}
	for op, where := range mapped {
		if _, ok := ops[op]; !ok {
			stale = append(stale, op+" ("+where+")")
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	for _, m := range missing {
		t.Errorf("operation without a service method: %s", m)
	}
	for _, s := range stale {
		t.Errorf("services.yaml maps an operation the document lacks: %s", s)
	}
	got := handwrittenOperations()
	slices.Sort(got)
	slices.Sort(handwritten)
	if !slices.Equal(got, handwritten) {
		t.Errorf("handwrittenOperations() = %v, services.yaml marks %v (run make generate)", got, handwritten)
	}
}
