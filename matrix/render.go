package matrix

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/schemacheck/schemacheck/finding"
)

// Formats lists the formats Write renders.
var Formats = []string{"text", "markdown", "json", "html"}

// Write renders ms in format: text, markdown, json or html.
func Write(w io.Writer, format string, ms []*Matrix) error {
	switch format {
	case "text":
		return Text(w, ms)
	case "markdown":
		return Markdown(w, ms)
	case "json":
		return JSON(w, ms)
	case "html":
		return HTML(w, ms)
	}
	return fmt.Errorf("the matrix renders as %s, not %q", strings.Join(Formats, ", "), format)
}

// mark is a cell's short form in text and Markdown.
func mark(c Cell) string {
	n := len(c.Findings)
	switch {
	case c.Change == AlreadyBroken:
		return fmt.Sprintf("broken at base (%d)", n)
	case c.Change == Fixed:
		return "fixed (" + c.Status.String() + ")"
	}
	switch c.Status {
	case Breaking:
		if len(c.AtBase) > 0 {
			return fmt.Sprintf("BREAKING (%d, %d new)", n, n-len(c.AtBase))
		}
		return fmt.Sprintf("BREAKING (%d)", n)
	case Warnings:
		return fmt.Sprintf("warnings (%d)", n)
	}
	if c.Direction == Same {
		return "ok (same)"
	}
	if n > 0 {
		return fmt.Sprintf("ok (%d notes)", n)
	}
	return "ok"
}

func rowLabel(r Row) string {
	switch {
	case r.Next:
		return r.Label() + " (this change, not released)"
	case !r.Supported:
		return r.Label() + " (unsupported)"
	}
	return r.Label()
}

func colLabel(c Column) string {
	if c.Current {
		return "this change"
	}
	return c.Version
}

func summary(m *Matrix) string {
	n := m.Counts()
	failing := len(m.Failing())
	s := fmt.Sprintf("%d compatible, %d with warnings, %d breaking", n[Compatible], n[Warnings], n[Breaking])
	if failing > 0 {
		s += fmt.Sprintf(" (%d for supported released client versions)", failing)
	}
	var old, fixed int
	for _, row := range m.Cells {
		for _, c := range row {
			switch c.Change {
			case AlreadyBroken:
				old++
			case Fixed:
				fixed++
			}
		}
	}
	if old > 0 {
		s += fmt.Sprintf("; %d already broken at the base of this change (shown, never failing)", old)
	}
	if fixed > 0 {
		s += fmt.Sprintf("; %d fixed by this change", fixed)
	}
	return s
}

// cellTitle heads a cell's findings: its row and column, direction,
// status and what the change does to it.
func cellTitle(r Row, col Column, c Cell) string {
	s := fmt.Sprintf("%s × %s (%s): %s", rowLabel(r), colLabel(col), c.Direction, c.Status)
	if c.Change != Unchanged {
		s += ", " + string(c.Change)
	}
	return s
}

// atBase marks a finding of a cell that the base's cell has too.
func atBase(c Cell, i int) string {
	if slices.Contains(c.AtBase, i) {
		return " [already at base]"
	}
	return ""
}

func findingLine(f finding.Finding) string {
	loc := f.Location.String()
	if loc != "" {
		loc = " (" + loc + ")"
	}
	return fmt.Sprintf("%s %s %s: %s%s", f.Severity, f.RuleID, f.RuleName, f.Message, loc)
}

// Text renders a grid per contract, then the findings behind every cell
// that is not plainly compatible.
func Text(w io.Writer, ms []*Matrix) error {
	var b strings.Builder
	for i, m := range ms {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "Contract %s: client versions (rows) × server versions (columns)\n\n", m.Contract)
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprint(tw, "client")
		for _, c := range m.Columns {
			fmt.Fprintf(tw, "\t%s", colLabel(c))
		}
		fmt.Fprintln(tw)
		for ri, r := range m.Rows {
			fmt.Fprint(tw, rowLabel(r))
			for _, c := range m.Cells[ri] {
				fmt.Fprintf(tw, "\t%s", mark(c))
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
		fmt.Fprintf(&b, "\n%s\n", summary(m))
		eachDetailed(m, func(r Row, col Column, c Cell) {
			fmt.Fprintf(&b, "\n%s\n", cellTitle(r, col, c))
			for i, f := range c.Findings {
				fmt.Fprintf(&b, "  %s%s\n", findingLine(f), atBase(c, i))
			}
		})
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// eachDetailed calls fn for each cell with findings, row by row.
func eachDetailed(m *Matrix, fn func(r Row, col Column, c Cell)) {
	for ri, r := range m.Rows {
		for ci, c := range m.Cells[ri] {
			if len(c.Findings) > 0 {
				fn(r, m.Columns[ci], c)
			}
		}
	}
}

// markdownCellLimit bounds the findings listed per cell in Markdown: a
// pull-request comment holds 65,536 characters, and a Stripe-size matrix
// has hundreds of findings per cell.
const markdownCellLimit = 20

// Markdown renders a table per contract (for a pull-request comment) and
// the findings of each cell in a collapsed section, at most
// markdownCellLimit of them.
func Markdown(w io.Writer, ms []*Matrix) error {
	var b strings.Builder
	icon := map[Status]string{Compatible: "🟢", Warnings: "🟡", Breaking: "🔴"}
	iconOf := func(c Cell) string {
		if c.Change == AlreadyBroken {
			return "⚪"
		}
		return icon[c.Status]
	}
	for i, m := range ms {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "### Compatibility matrix: %s\n\n", mdEscape(m.Contract))
		b.WriteString("| client \\ server |")
		for _, c := range m.Columns {
			fmt.Fprintf(&b, " %s |", mdEscape(colLabel(c)))
		}
		b.WriteString("\n|---|")
		b.WriteString(strings.Repeat("---|", len(m.Columns)))
		b.WriteString("\n")
		for ri, r := range m.Rows {
			fmt.Fprintf(&b, "| %s |", mdEscape(rowLabel(r)))
			for _, c := range m.Cells[ri] {
				fmt.Fprintf(&b, " %s %s |", iconOf(c), mark(c))
			}
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "\n%s\n", summary(m))
		eachDetailed(m, func(r Row, col Column, c Cell) {
			fmt.Fprintf(&b, "\n<details><summary>%s</summary>\n\n", htmlEscape(cellTitle(r, col, c)))
			for i, f := range c.Findings {
				if i == markdownCellLimit {
					fmt.Fprintf(&b, "- … and %d more (--format text, json or html lists every one)\n", len(c.Findings)-i)
					break
				}
				fmt.Fprintf(&b, "- %s%s\n", mdEscape(findingLine(f)), atBase(c, i))
			}
			b.WriteString("\n</details>\n")
		})
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "\n", " ").Replace(s)
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// JSON renders {"matrices": [...]}; every cell carries its findings.
func JSON(w io.Writer, ms []*Matrix) error {
	if ms == nil {
		ms = []*Matrix{}
	}
	for _, m := range ms {
		for ri := range m.Cells {
			for ci := range m.Cells[ri] {
				if m.Cells[ri][ci].Findings == nil {
					m.Cells[ri][ci].Findings = []finding.Finding{}
				}
			}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Matrices []*Matrix `json:"matrices"`
	}{ms})
}
