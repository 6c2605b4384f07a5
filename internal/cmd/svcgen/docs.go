package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// wrapAt is the width doc comment paragraphs are wrapped to.
const wrapAt = 76

// methodDocs writes the doc comment of a method (of List, for lists) and,
// for lists, of its ListPage: what it calls, the operation's upstream
// summary and description, the services file's note, and the parameters
// the caller sets.
func methodDocs(sf *ServicesFile, m Method, op *codegen.OperationDefinition, md *methodData, fields []codegen.Property) (doc, pageDoc []string) {
	call := fmt.Sprintf("%s %s (%s)", strings.ToUpper(op.Method), op.Path, op.SpecOperationId)
	var paras []string
	switch {
	case md.Paginate == "single":
		paras = append(paras, fmt.Sprintf("%s calls %s, which returns the whole list at once, and yields every item in order.", m.Name, call))
	case md.Paginate != "":
		paras = append(paras, fmt.Sprintf("%s calls %s page after page and yields every item in order; stop ranging to stop fetching.", m.Name, call))
	default:
		paras = append(paras, fmt.Sprintf("%s calls %s.", m.Name, call))
	}
	about := upstreamText(op, m)
	paras = append(paras, about...)
	if m.Doc != "" {
		paras = append(paras, m.Doc)
	}
	if params := paramDocs(sf, fields, md); len(params) > 0 {
		paras = append(paras, params...)
	}
	doc = render(paras)
	if md.Paginate != "" {
		page := []string{fmt.Sprintf("%sPage calls %s once and returns that page with what is needed to ask for the next one.", m.Name, call)}
		if md.Paginate == "single" {
			page[0] = fmt.Sprintf("%sPage calls %s and returns the whole list as one Page, the last.", m.Name, call)
		}
		if len(about) > 0 {
			page = append(page, about[0])
		}
		if md.ExposeParams {
			page = append(page, fmt.Sprintf("params are those of %s.", m.Name))
		}
		pageDoc = render(page)
	}
	return doc, pageDoc
}

// upstreamText returns the operation's summary and its description (or the
// services file's replacement for it) as paragraphs, leaving out a
// description that only repeats the summary.
func upstreamText(op *codegen.OperationDefinition, m Method) []string {
	var out []string
	summary := sentence(op.Summary)
	if summary != "" {
		out = append(out, summary)
	}
	desc := op.Spec.Description
	if m.Description != "" {
		desc = m.Description
	}
	for _, p := range paragraphs(desc) {
		if fold(p) != fold(summary) {
			out = append(out, p)
		}
	}
	return out
}

// paramDocs lists the parameters a list caller sets, each with its query
// name and the first sentence of its description; for other operations
// they are in the Params type's own docs.
func paramDocs(sf *ServicesFile, fields []codegen.Property, md *methodData) []string {
	if md.Paginate == "" || !md.ExposeParams {
		return nil
	}
	var items []string
	for _, f := range fields {
		if slices.Contains(sf.HiddenParams, f.JsonFieldName) {
			continue
		}
		var about []string
		if d := brief(f.Description); d != "" {
			about = append(about, d)
		}
		if f.GoFieldName() == md.LimitParam {
			about = append(about, "Above MaxLimit, MaxLimit is sent.")
		}
		item := fmt.Sprintf("- %s (%s)", f.GoFieldName(), f.JsonFieldName)
		if len(about) > 0 {
			item += ": " + strings.Join(about, " ")
		}
		items = append(items, item)
	}
	if len(items) == 0 {
		return nil
	}
	head := fmt.Sprintf("Filters and options, set in params (nil for none; %s copies them and never changes yours):", md.Name)
	return append([]string{head}, strings.Join(items, "\n"))
}

var (
	tags       = regexp.MustCompile(`<[^>]*>`)
	blockTags  = regexp.MustCompile(`(?i)</?(p|ol|ul|br)\s*/?>|</li>`)
	itemTags   = regexp.MustCompile(`(?i)<li>`)
	spaces     = regexp.MustCompile(`[ \t]+`)
	blankLines = regexp.MustCompile(`\n\s*\n`)
)

// paragraphs splits upstream text (plain, or with the simple HTML some
// Logistics descriptions carry) into paragraphs of one line each; a list
// item is a paragraph starting with "- ".
func paragraphs(s string) []string {
	s = blockTags.ReplaceAllString(s, "\n\n")
	s = itemTags.ReplaceAllString(s, "\n\n- ")
	s = tags.ReplaceAllString(s, "")
	var out []string
	for _, p := range blankLines.Split(s, -1) {
		p = strings.TrimSpace(spaces.ReplaceAllString(strings.ReplaceAll(p, "\n", " "), " "))
		if p != "" && p != "-" {
			out = append(out, sentence(p))
		}
	}
	return out
}

// sentence trims s and ends it with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(spaces.ReplaceAllString(strings.ReplaceAll(s, "\n", " "), " "))
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, ":") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// briefMax is the longest parameter description a method doc repeats
// whole; of a longer one it gives the first sentence.
const briefMax = 200

// brief returns s as one sentence-ended line, cut to its first sentence
// when longer than briefMax.
func brief(s string) string {
	s = sentence(s)
	if len(s) <= briefMax {
		return s
	}
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// fold reduces s to its lower-case letters and digits, to compare texts.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, s)
}

// render lays out paragraphs as doc comment lines (without "// "): each
// paragraph wrapped, a blank line between paragraphs, list items (lines
// starting with "- ") indented as gofmt formats doc comment lists.
func render(paras []string) []string {
	var out []string
	for i, p := range paras {
		if i > 0 {
			out = append(out, "")
		}
		for _, line := range strings.Split(p, "\n") {
			if item, ok := strings.CutPrefix(line, "- "); ok {
				for j, l := range wrap(item, wrapAt-4) {
					if j == 0 {
						out = append(out, "  - "+l)
					} else {
						out = append(out, "    "+l)
					}
				}
				continue
			}
			out = append(out, wrap(line, wrapAt)...)
		}
	}
	return out
}

// splitLines splits a block of text (the services file's client doc) into
// comment lines, without a trailing empty one.
func splitLines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// wrap breaks s into lines of at most width runes at spaces (a longer word
// stays whole).
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}
