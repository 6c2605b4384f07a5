package conformance

import (
	"go/types"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/flexport-go/flexport/core"
	"github.com/flexport-go/flexport/logistics"
)

// publicPackages are the packages whose every exported struct type must give
// a nil-safe getter for each pointer field.
var publicPackages = []string{"github.com/flexport-go/flexport/core", "github.com/flexport-go/flexport/logistics"}

// TestEveryPointerFieldHasAGetter type-checks core and logistics and fails
// for every exported struct type (aliases of generated models included)
// with a pointer field X but no method GetX() on *T returning one value.
// TestGettersAreNilSafe then calls each of these getters on a nil receiver.
func TestEveryPointerFieldHasAGetter(t *testing.T) {
	structs := exportedStructs(t)
	var missing []string
	checked := 0
	for _, s := range structs {
		for _, f := range s.pointerFields {
			checked++
			if !hasGetter(s.named, "Get"+f) {
				missing = append(missing, s.name+"."+f)
			}
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("%s is a pointer field without a getter Get%s()", m, m[strings.LastIndex(m, ".")+1:])
	}
	t.Logf("%d exported struct types, %d pointer fields checked, %d without a getter", len(structs), checked, len(missing))
	if checked == 0 {
		t.Fatal("no pointer field found: the type walk is broken")
	}
}

type structType struct {
	name          string // pkg.Name
	named         *types.Named
	pointerFields []string
}

// loadPublic reads the types of the public packages once for both tests,
// from the compiler's export data: the types of the packages they import
// (the generated models their aliases name) load from it as they are
// reached, so the import graph is not loaded package by package
// (NeedImports|NeedDeps made the test 13 s instead of 2 s).
var loadPublic = sync.OnceValues(func() ([]*packages.Package, error) {
	cfg := &packages.Config{Mode: packages.NeedTypes | packages.NeedName}
	return packages.Load(cfg, publicPackages...)
})

func exportedStructs(t *testing.T) []structType {
	t.Helper()
	pkgs, err := loadPublic()
	if err != nil {
		t.Fatal(err)
	}
	var out []structType
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("%s: %v", p.PkgPath, p.Errors)
		}
		scope := p.Types.Scope()
		for _, name := range scope.Names() {
			obj, ok := scope.Lookup(name).(*types.TypeName)
			if !ok || !obj.Exported() {
				continue
			}
			named, ok := types.Unalias(obj.Type()).(*types.Named)
			if !ok {
				continue
			}
			st, ok := named.Underlying().(*types.Struct)
			if !ok {
				continue
			}
			s := structType{name: p.Name + "." + name, named: named}
			for i := 0; i < st.NumFields(); i++ {
				f := st.Field(i)
				if !f.Exported() || f.Embedded() {
					continue
				}
				if _, ok := f.Type().Underlying().(*types.Pointer); ok {
					s.pointerFields = append(s.pointerFields, f.Name())
				}
			}
			out = append(out, s)
		}
	}
	return out
}

func hasGetter(named *types.Named, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(named), true, named.Obj().Pkg(), name)
	fn, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1
}

// TestGettersAreNilSafe calls every GetX getter of every struct type
// reachable from the two clients' services, webhook events and pages, on a
// nil receiver and on a zero value, and fails on a panic or a result that
// is not the zero value. It also fails when a struct type found by
// TestEveryPointerFieldHasAGetter is reached by neither walk.
func TestGettersAreNilSafe(t *testing.T) {
	cc, err := core.NewClient(core.WithAPIKey("k"))
	if err != nil {
		t.Fatal(err)
	}
	lc, err := logistics.NewClient(logistics.WithToken("k"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[reflect.Type]bool{}
	for _, root := range []any{cc, lc} {
		walkServices(reflect.ValueOf(root).Elem(), seen)
	}
	for _, root := range handwrittenRoots {
		walkType(root, seen)
		for i := 0; i < root.NumMethod(); i++ {
			walkType(root.Method(i).Type, seen)
		}
	}
	calls := 0
	reached := map[string]bool{}
	for typ := range seen {
		if typ.Kind() != reflect.Struct || typ.Name() == "" {
			continue
		}
		name, _, _ := strings.Cut(typ.Name(), "[") // Page[...] is Page
		reached[name] = true
		ptr := reflect.PointerTo(typ)
		for i := 0; i < ptr.NumMethod(); i++ {
			m := ptr.Method(i)
			if !strings.HasPrefix(m.Name, "Get") || m.Type.NumIn() != 1 || m.Type.NumOut() != 1 {
				continue
			}
			for _, recv := range []reflect.Value{reflect.Zero(ptr), reflect.New(typ)} {
				calls++
				out := callGetter(t, typ.String()+"."+m.Name, m.Func, recv)
				if out.IsValid() && !out.IsZero() {
					t.Errorf("(%s).%s() on a nil or zero receiver = %v, want the zero value", typ, m.Name, out)
				}
			}
		}
	}
	var unreached []string
	for _, s := range exportedStructs(t) {
		name := s.named.Obj().Name()
		if len(s.pointerFields) > 0 && !reached[name] {
			unreached = append(unreached, s.name)
		}
	}
	sort.Strings(unreached)
	for _, u := range unreached {
		t.Errorf("%s has pointer fields but is reachable from no service, event or page: add it to the walk's roots or stop exporting it", u)
	}
	t.Logf("%d struct types reached, %d getter calls on nil and zero receivers", len(reached), calls)
}

func callGetter(t *testing.T, name string, fn, recv reflect.Value) (out reflect.Value) {
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s panics on a nil or zero receiver: %v", name, r)
			out = reflect.Value{}
		}
	}()
	return fn.Call([]reflect.Value{recv})[0]
}

// walkServices follows every exported field of a client holding a service
// and every method of that service.
func walkServices(client reflect.Value, seen map[reflect.Type]bool) {
	for i := 0; i < client.NumField(); i++ {
		f := client.Type().Field(i)
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		v := client.Field(i)
		if f.Anonymous {
			walkServices(v, seen)
			continue
		}
		if v.Kind() != reflect.Struct {
			continue
		}
		svc := reflect.PointerTo(v.Type()) // services have pointer receivers
		for j := 0; j < svc.NumMethod(); j++ {
			walkType(svc.Method(j).Type, seen)
		}
	}
}

// walkType records t, every type it is made of and every type its methods
// take or return.
func walkType(t reflect.Type, seen map[reflect.Type]bool) {
	if seen[t] {
		return
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		walkType(t.Elem(), seen)
	case reflect.Map:
		walkType(t.Key(), seen)
		walkType(t.Elem(), seen)
	case reflect.Func:
		for i := 0; i < t.NumIn(); i++ {
			walkType(t.In(i), seen)
		}
		for i := 0; i < t.NumOut(); i++ {
			walkType(t.Out(i), seen)
		}
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			walkType(t.Field(i).Type, seen)
		}
		// Methods reach further types: a union's members (AsSeaport).
		ptr := reflect.PointerTo(t)
		for i := 0; i < ptr.NumMethod(); i++ {
			walkType(ptr.Method(i).Type, seen)
		}
	}
}
