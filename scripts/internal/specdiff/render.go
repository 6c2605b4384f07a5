package specdiff

import (
	"encoding/json"
	"fmt"
	"io"
)

// Sections returns the report's lists with their headings, in reading order.
func (r *Report) Sections() []Section {
	return []Section{
		{"Operations added", r.OperationsAdded},
		{"Operations removed", r.OperationsRemoved},
		{"Operations changed", r.OperationsChanged},
		{"Schemas added", r.SchemasAdded},
		{"Schemas removed", r.SchemasRemoved},
		{"Schemas changed", r.SchemasChanged},
		{"Parameters added", r.ParametersAdded},
		{"Parameters removed", r.ParametersRemoved},
		{"Parameters changed", r.ParametersChanged},
		{"Properties added", r.PropertiesAdded},
		{"Properties removed", r.PropertiesRemoved},
		{"Properties changed", r.PropertiesChanged},
		{"Other changes", r.OtherChanges},
		{"Breaking changes", r.Breaking},
	}
}

// Section is one titled list of a Report.
type Section struct {
	Title string
	Items []string
}

// WriteText writes the report as plain text: the summary line, then every
// non-empty section as an indented list.
func (r *Report) WriteText(w io.Writer) error {
	if _, err := fmt.Fprintln(w, r.Summary()); err != nil {
		return err
	}
	for _, s := range r.Sections() {
		if len(s.Items) == 0 {
			continue
		}
		if _, err := fmt.Fprintf(w, "\n%s (%d):\n", s.Title, len(s.Items)); err != nil {
			return err
		}
		for _, it := range s.Items {
			if _, err := fmt.Fprintf(w, "  %s\n", it); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
