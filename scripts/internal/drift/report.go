package drift

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Verdict is a one-line summary of the whole check.
func (r *Result) Verdict() string {
	switch r.ExitCode() {
	case ExitUnchanged:
		return "unchanged: every upstream document matches its pin"
	case ExitDrift:
		return "drift: upstream changed; review the report, then update curation and run `make pin` and `make generate`"
	default:
		return "check failed: see the errors above"
	}
}

// WriteMarkdown writes the report as Markdown, which also reads well as
// plain text on a terminal.
func (r *Result) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Upstream drift report\n\n")
	for _, d := range r.Documents {
		fmt.Fprintf(&b, "- **%s**: %s", d.Name, d.Status)
		switch {
		case d.Status == CheckFailed:
			fmt.Fprintf(&b, ": %s", d.Error)
		case d.Status == Unchanged:
			fmt.Fprintf(&b, " (sha256 %s)", short(d.UpstreamSHA256))
		default:
			fmt.Fprintf(&b, " (pinned %s of %s, upstream now %s)", short(d.PinnedSHA256), d.PinnedDate, short(d.UpstreamSHA256))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n%s (exit %d)\n", r.Verdict(), r.ExitCode())

	for _, d := range r.Documents {
		if d.Status == Unchanged || d.Status == CheckFailed {
			continue
		}
		writeDocument(&b, d)
	}
	if r.Generation != nil || r.GenerationSkipped != "" {
		writeGeneration(&b, r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeDocument(b *strings.Builder, d *DocResult) {
	fmt.Fprintf(b, "\n## %s: %s\n\nSource: %s\n", d.Name, d.Status, d.Source)
	b.WriteString("\n### Diff against the pinned revision\n\n")
	if d.Diff == nil {
		fmt.Fprintf(b, "Not available: %s\n", d.DiffUnavailable)
	} else {
		fmt.Fprintf(b, "%s\n", d.Diff.Summary())
		for _, s := range d.Diff.Sections() {
			if len(s.Items) == 0 {
				continue
			}
			fmt.Fprintf(b, "\n%s (%d):\n\n", s.Title, len(s.Items))
			for _, it := range s.Items {
				fmt.Fprintf(b, "- `%s`\n", it)
			}
		}
	}
	c := d.Curation
	if c == nil {
		return
	}
	b.WriteString("\n### Curation\n\n")
	switch {
	case c.NormalizeError != "":
		fmt.Fprintf(b, "- Normaliser: FAILED: %s\n", c.NormalizeError)
	case len(c.StaleFixes) == 0:
		b.WriteString("- Normaliser: every fix still finds its target.\n")
	default:
		fmt.Fprintf(b, "- Normaliser: %d stale fix(es), found nothing to change:\n", len(c.StaleFixes))
		for _, f := range c.StaleFixes {
			fmt.Fprintf(b, "  - STALE fix `%s` (evidence: %s)\n", f.Name, f.Evidence)
		}
	}
	switch {
	case c.Overlay == "":
		b.WriteString("- Overlay: none for this document.\n")
	case c.NormalizeError != "":
		fmt.Fprintf(b, "- Overlay %s: not checked.\n", c.Overlay)
	case c.OverlayError != "":
		fmt.Fprintf(b, "- Overlay %s: FAILED: %s\n", c.Overlay, c.OverlayError)
	case len(c.StaleActions) == 0:
		fmt.Fprintf(b, "- Overlay %s: every action still matches (strict mode).\n", c.Overlay)
	default:
		fmt.Fprintf(b, "- Overlay %s: %d stale action(s):\n", c.Overlay, len(c.StaleActions))
		for _, a := range c.StaleActions {
			fmt.Fprintf(b, "  - STALE action %d, target `%s` (%s): %s\n", a.Index, a.Target, a.Description, a.Problem)
		}
	}
	for _, a := range c.NoEffectActions {
		fmt.Fprintf(b, "  - no effect: action %d, target `%s` (%s): %s\n", a.Index, a.Target, a.Description, a.Problem)
	}
}

func writeGeneration(b *strings.Builder, r *Result) {
	b.WriteString("\n## Regeneration of gen/ from the new documents\n\n")
	g := r.Generation
	switch {
	case g == nil:
		fmt.Fprintf(b, "Skipped: %s\n", r.GenerationSkipped)
		return
	case !g.Generated:
		fmt.Fprintf(b, "Generation FAILED:\n\n```\n%s\n```\n", g.Output)
		return
	case !g.Compiled:
		fmt.Fprintf(b, "Generated, but the repository does not compile:\n\n```\n%s\n```\n", g.Output)
		return
	}
	b.WriteString("Generated and compiled.\n")
	if len(g.Added)+len(g.Removed) == 0 {
		b.WriteString("\nThe exported API of gen/ would not change.\n")
	}
	for _, l := range []struct {
		title string
		ids   []string
	}{{"Exported identifiers removed (breaking for SDK users)", g.Removed}, {"Exported identifiers added", g.Added}} {
		if len(l.ids) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n%s (%d):\n\n", l.title, len(l.ids))
		for _, id := range l.ids {
			fmt.Fprintf(b, "- `%s`\n", id)
		}
	}
}

// WriteJSON writes the result as indented JSON, with the exit code.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		ExitCode int    `json:"exit_code"`
		Verdict  string `json:"verdict"`
		*Result
	}{r.ExitCode(), r.Verdict(), r})
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}
