package conformance

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// goDoc runs `go doc` in the repository root and returns its output.
func goDoc(t *testing.T, args ...string) string {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("skipping: no go command to run go doc: %v", err)
	}
	cmd := exec.Command(goCmd, append([]string{"doc"}, args...)...)
	cmd.Dir = RepoRoot()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go doc %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestGoDocListsServices runs go doc on both clients and checks that every
// service of services.yaml is a documented field of Client (reachable as
// Client.<Field> too), and that a list method's doc shows the operation's
// upstream summary, its HTTP method and path, and its filters.
func TestGoDocListsServices(t *testing.T) {
	tests := []struct {
		pkg, dir string
		list     string   // a list method
		want     []string // in the list method's doc
	}{
		{
			pkg: "./core", dir: "core", list: "ShipmentsService.List",
			want: []string{"List all shipments", "GET /shipments", "FStatus (f.status)", "FTransportationMode (f.transportation_mode)"},
		},
		{
			pkg: "./logistics", dir: "logistics", list: "ProductsService.List",
			want: []string{"Get paginated list of products", "GET /logistics/api/2023-10/products", "Limit (limit)", "Offset (offset)", "MaxLimit"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(RepoRoot(), "openapi", tt.dir, "services.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			var sf servicesFile
			if err := yaml.Unmarshal(b, &sf); err != nil {
				t.Fatal(err)
			}
			if len(sf.Services) == 0 {
				t.Fatal("services.yaml lists no services")
			}
			client := goDoc(t, tt.pkg, "Client")
			for _, s := range sf.Services {
				if !strings.Contains(client, "\t"+s.Field+" "+s.Name+"\n") {
					t.Errorf("go doc %s Client does not list the field %s %s", tt.pkg, s.Field, s.Name)
				}
				if !strings.Contains(client, "// "+s.Field+" serves ") {
					t.Errorf("go doc %s Client does not document the field %s", tt.pkg, s.Field)
				}
			}
			first := sf.Services[0]
			if field := goDoc(t, tt.pkg, "Client."+first.Field); !strings.Contains(field, first.Field+" "+first.Name) {
				t.Errorf("go doc %s Client.%s:\n%s", tt.pkg, first.Field, field)
			}
			list := goDoc(t, tt.pkg, tt.list)
			for _, w := range tt.want {
				if !strings.Contains(list, w) {
					t.Errorf("go doc %s %s does not show %q:\n%s", tt.pkg, tt.list, w, list)
				}
			}
		})
	}
}
