package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// ServicesFile is the content of openapi/<api>/services.yaml: how the
// operations of the curated document are grouped into services and what
// their methods are called. Everything else (argument, body, result and item
// types, documentation) comes from the document.
type ServicesFile struct {
	// Import is the import path of the generated package.
	Import string `yaml:"import"`
	// Envelope says the API wraps every result in {"data": ...} (Core).
	Envelope bool `yaml:"envelope"`
	// HiddenParams are the names (as in the document) of parameters the
	// transport sets itself; a Params struct holding only these is not
	// exposed, and they are left out of the method docs.
	HiddenParams []string `yaml:"hidden_params"`
	// LimitParam names the query parameter that sets the page size of the
	// lists that have one; the services never send it above the package's
	// MaxLimit (Logistics).
	LimitParam string `yaml:"limit_param"`
	// ClientDoc is the doc comment of the Client type, without the comment
	// markers.
	ClientDoc string    `yaml:"client_doc"`
	Services  []Service `yaml:"services"`
}

// Service is one resource's group of operations.
type Service struct {
	Name  string `yaml:"name"`
	Field string `yaml:"field"`
	// Doc completes "<Field> serves ..." and "<Name> serves ...".
	Doc     string   `yaml:"doc"`
	Methods []Method `yaml:"methods"`
}

// Method maps one operation to a method.
type Method struct {
	Op   string `yaml:"op"`   // operationId, as in the curated document
	Name string `yaml:"name"` // Go method name
	// Paginate selects the list style: "" (not a list), "core" (envelope
	// collection with next links), "offset", "page_info", "cursor" (which
	// need the query parameter offset, page_info or cursor, see pageParams)
	// or "single" (the whole list in one response, a bare array).
	Paginate string `yaml:"paginate"`
	// Items names the property of the result holding the items, for list
	// results that are not a bare array (Logistics freight lists).
	Items string `yaml:"items"`
	// Handwritten marks an operation served by a handwritten method Name;
	// svcgen only checks it and writes nothing.
	Handwritten bool `yaml:"handwritten"`
	// Doc is a paragraph added to the method's documentation.
	Doc string `yaml:"doc"`
	// Description replaces the operation's upstream description where it is
	// wrong (say why in a comment beside it).
	Description string `yaml:"description"`
}

// loadServicesFile reads and checks a services file.
func loadServicesFile(path string) (*ServicesFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var sf ServicesFile
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&sf); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if sf.Import == "" {
		return nil, fmt.Errorf("%s: no import path of the generated package", path)
	}
	for i := range sf.Services {
		s := &sf.Services[i]
		if s.Name == "" || s.Doc == "" {
			return nil, fmt.Errorf("%s: service %d needs a name and a doc", path, i+1)
		}
		if s.Field == "" {
			s.Field = strings.TrimSuffix(s.Name, "Service")
		}
		for _, m := range s.Methods {
			if m.Op == "" || m.Name == "" {
				return nil, fmt.Errorf("%s: %s: every method needs an op and a name", path, s.Name)
			}
			if _, ok := listStyles[m.Paginate]; !ok {
				return nil, fmt.Errorf("%s: %s.%s: unknown paginate style %q", path, s.Name, m.Name, m.Paginate)
			}
		}
	}
	return &sf, nil
}
