package conformance

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"gopkg.in/yaml.v3"
)

// servicesFile is the part of openapi/<api>/services.yaml the coverage
// check reads.
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

// CheckServiceCoverage lists the operations of the curated document doc and
// fails t for any that no method of a client service serves, for operations
// services.yaml (openapi/<dir>/services.yaml) maps twice or that the
// document lacks, and when the generated list of handwritten methods is out
// of date. client is the client (a pointer to it, or its struct), whose
// service fields are pointers to service values; handwritten is what the
// generated handwrittenOperations returns. It returns the number of
// operations.
func CheckServiceCoverage(t testing.TB, doc, dir string, client any, handwritten []string) int {
	t.Helper()
	d, err := CuratedDocument(doc)
	if errors.Is(err, ErrNoUpstream) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	ops := map[string]string{} // operationId -> "METHOD path"
	for path, item := range d.Paths.Map() {
		for method, op := range item.Operations() {
			ops[op.OperationID] = method + " " + path
		}
	}
	b, err := os.ReadFile(filepath.Join(RepoRoot(), "openapi", dir, "services.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var sf servicesFile
	if err := yaml.Unmarshal(b, &sf); err != nil {
		t.Fatal(err)
	}
	fields := reflect.Indirect(reflect.ValueOf(client))
	mapped := map[string]string{}
	var marked []string
	for _, s := range sf.Services {
		f := fields.FieldByName(s.Field)
		if !f.IsValid() || f.Kind() != reflect.Struct {
			t.Errorf("the client has no service %s", s.Field)
			continue
		}
		svc := reflect.PointerTo(f.Type()) // the methods have pointer receivers
		if got := f.Type().Name(); got != s.Name {
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
				if _, ok := svc.MethodByName(n); !ok {
					t.Errorf("operation %s: %s has no method %s", m.Op, s.Name, n)
				}
			}
			if m.Handwritten {
				marked = append(marked, s.Name+"."+m.Name)
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
	got := slices.Clone(handwritten)
	slices.Sort(got)
	slices.Sort(marked)
	if !slices.Equal(got, marked) {
		t.Errorf("handwrittenOperations() = %v, services.yaml marks %v (run make generate)", got, marked)
	}
	return len(ops)
}
