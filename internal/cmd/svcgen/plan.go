package main

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// Template data.
type fileData struct {
	Package, Import, Alias, Source string
	ClientDoc                      []string // doc comment lines of Client
	Services                       []serviceData
	Handwritten                    []string
	NeedsIter                      bool // some method returns an iterator
}

type serviceData struct {
	Name, Field, Doc string
	Methods          []methodData
}

type arg struct{ Name, Type string }

type methodData struct {
	Service, Name string
	Call          string   // "Field.Name", for errors
	Doc           []string // doc comment lines (List's for lists)
	PageDoc       []string // doc comment lines of ListPage
	GenMethod     string   // method of the generated Client
	PathArgs      []arg
	ParamsType    string // generated Params type, "" if none
	ExposeParams  bool
	BodyType      string // type the caller passes (without *), "" if none
	Validate      bool   // the body schema has required properties
	Result        string // "" for no result
	ResultIsSlice bool
	ItemType      string // list item type
	ItemsField    string // field of the result holding the items
	ItemsPtr      bool   // the items field is a pointer to the slice
	Paginate      string
	// PageParam is the Params field selecting the page for the offset,
	// page_info and cursor styles (Offset, PageInfo, Cursor), PageParamType
	// its type without the pointer.
	PageParam, PageParamType string
	// LimitParam is the Params field setting the page size (ServicesFile's
	// LimitParam), LimitType its type without the pointer.
	LimitParam, LimitType string
}

var numeric = []string{"float64", "float32", "int", "int32", "int64"}

// listStyles names, for each paginate style, the query parameter that
// selects the page and the Go types it may have (none for core, whose pages
// are links, and single, which has one page).
var listStyles = map[string]struct {
	param string
	types []string
}{
	"":          {},
	"core":      {},
	"single":    {},
	"offset":    {"offset", numeric},
	"page_info": {"page_info", []string{"string"}},
	"cursor":    {"cursor", numeric},
}

// plan maps every operation of a to its method, checks that each is mapped
// exactly once, and returns the template data.
func plan(sf *ServicesFile, a *api, pkg, source string) (*fileData, error) {
	fd := &fileData{Package: pkg, Import: sf.Import, Alias: path.Base(sf.Import), Source: source}
	fd.ClientDoc = splitLines(sf.ClientDoc)
	seen := map[string]string{}
	for _, s := range sf.Services {
		sd := serviceData{Name: s.Name, Field: s.Field, Doc: s.Doc}
		for _, m := range s.Methods {
			op, ok := a.ops[m.Op]
			if !ok {
				return nil, fmt.Errorf("%s.%s: the document has no operation %s", s.Name, m.Name, m.Op)
			}
			if prev, dup := seen[m.Op]; dup {
				return nil, fmt.Errorf("operation %s is mapped twice (%s and %s.%s)", m.Op, prev, s.Name, m.Name)
			}
			seen[m.Op] = s.Name + "." + m.Name
			if m.Handwritten {
				fd.Handwritten = append(fd.Handwritten, s.Name+"."+m.Name)
				continue
			}
			md, err := planMethod(sf, s, m, op)
			if err != nil {
				return nil, fmt.Errorf("%s.%s (%s): %w", s.Name, m.Name, m.Op, err)
			}
			fd.NeedsIter = fd.NeedsIter || md.Paginate != ""
			sd.Methods = append(sd.Methods, md)
		}
		fd.Services = append(fd.Services, sd)
	}
	var missing []string
	for _, id := range a.operationIDs() {
		if _, ok := seen[id]; !ok {
			op := a.ops[id]
			missing = append(missing, fmt.Sprintf("%s (%s %s)", id, strings.ToUpper(op.Method), op.Path))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("operations without a service method: %s", strings.Join(missing, ", "))
	}
	return fd, nil
}

func planMethod(sf *ServicesFile, s Service, m Method, op *codegen.OperationDefinition) (methodData, error) {
	md := methodData{Service: s.Name, Name: m.Name, Call: s.Field + "." + m.Name, Paginate: m.Paginate, GenMethod: op.OperationId}
	for _, p := range op.PathParams {
		md.PathArgs = append(md.PathArgs, arg{Name: p.GoVariableName(), Type: p.TypeDef()})
	}
	pt, fields := paramsType(op)
	md.ParamsType = pt
	for _, f := range fields {
		md.ExposeParams = md.ExposeParams || !slices.Contains(sf.HiddenParams, f.JsonFieldName)
		if f.JsonFieldName == sf.LimitParam && md.Paginate != "" {
			md.LimitParam, md.LimitType = f.GoFieldName(), strings.TrimPrefix(f.GoTypeDef(), "*")
		}
	}
	if len(op.Bodies) > 0 {
		b := jsonBody(op)
		if b == nil {
			return md, fmt.Errorf("no JSON request body: serve it by hand (handwritten: true)")
		}
		md.BodyType = bodyType(op, b)
		md.GenMethod += b.Suffix()
		md.Validate = hasRequired(b.Schema.OAPISchema)
	}
	if md.Paginate != "" && (len(md.PathArgs) > 0 || md.BodyType != "") {
		return md, fmt.Errorf("a list with path parameters or a body: the list templates do not support it")
	}
	if md.Paginate != "" && md.Paginate != "single" && !md.ExposeParams {
		return md, fmt.Errorf("a paginated list without parameters to select the page")
	}
	if err := planResult(sf, m, op, &md); err != nil {
		return md, err
	}
	if err := planPages(m, fields, &md); err != nil {
		return md, err
	}
	md.Doc, md.PageDoc = methodDocs(sf, m, op, &md, fields)
	return md, nil
}

// planResult sets the result type of a method and, for lists, the item type.
func planResult(sf *ServicesFile, m Method, op *codegen.OperationDefinition, md *methodData) error {
	rs := successSchema(op)
	if rs == nil {
		if md.Paginate != "" {
			return fmt.Errorf("a list without a JSON response")
		}
		return nil
	}
	schema, result := rs.OAPISchema, rs.TypeDecl()
	if sf.Envelope {
		data, err := property(schema, result, "data")
		if err != nil {
			return fmt.Errorf("envelope: %w", err)
		}
		schema, result = data.Schema.OAPISchema, data.Schema.TypeDecl()
	}
	if md.Paginate == "core" {
		items, err := property(schema, result, "data")
		if err != nil {
			return fmt.Errorf("collection: %w", err)
		}
		md.ItemType = elem(items.Schema.TypeDecl())
	}
	if !strings.HasPrefix(result, "[]") && !isTypeName(result) {
		return fmt.Errorf("result type %s is not named: give its schema a name in the overlay", result)
	}
	md.Result, md.ResultIsSlice = result, strings.HasPrefix(result, "[]")
	switch {
	case md.Paginate == "" || md.Paginate == "core":
	case m.Items != "":
		items, err := property(schema, result, m.Items)
		if err != nil {
			return err
		}
		md.ItemsField, md.ItemsPtr = items.GoFieldName(), strings.HasPrefix(items.GoTypeDef(), "*")
		md.ItemType = elem(items.Schema.TypeDecl())
	case md.ResultIsSlice:
		md.ItemType = elem(result)
	default:
		return fmt.Errorf("paginated result %s is not an array: name its items property", result)
	}
	if md.Paginate != "" && !isTypeName(md.ItemType) {
		return fmt.Errorf("list item type %q is not named", md.ItemType)
	}
	return nil
}

// planPages finds the parameter that selects the page of a list.
func planPages(m Method, fields []codegen.Property, md *methodData) error {
	style := listStyles[m.Paginate]
	if style.param == "" {
		return nil
	}
	for _, f := range fields {
		if f.JsonFieldName != style.param {
			continue
		}
		typ := f.GoTypeDef()
		if !strings.HasPrefix(typ, "*") || !slices.Contains(style.types, typ[1:]) {
			return fmt.Errorf("%s style: %s.%s is %s, want a pointer to one of %v", m.Paginate, md.ParamsType, f.GoFieldName(), typ, style.types)
		}
		md.PageParam, md.PageParamType = f.GoFieldName(), typ[1:]
		return nil
	}
	return fmt.Errorf("%s style: the operation has no %s parameter", m.Paginate, style.param)
}

// elem strips pointers and one slice from a type: *[]*T -> T.
func elem(t string) string {
	return strings.TrimLeft(strings.TrimPrefix(strings.TrimLeft(t, "*"), "[]"), "*")
}
