package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/finding"
)

// writeChangelog renders an API changelog (`diff --all`): the findings
// grouped under each operation they affect, breaking ones first within an
// operation. A change to a shared component appears under every operation
// it affects; changes no operation carries (an unused component, a JSON
// Schema, a migration) are listed last. It is Markdown that reads as plain
// text: input text is escaped only where Markdown or GitHub would act on it
// (HTML, emphasis, code, links, tables, mentions), so messages stay legible.
func writeChangelog(w io.Writer, fs []finding.Finding, opts Options) error {
	bw := bufio.NewWriter(w)
	groups := map[string][]finding.Finding{}
	for _, f := range fs {
		ops := map[string]bool{}
		for _, op := range f.Operations {
			ops[operationOf(op)] = true
		}
		if len(ops) == 0 {
			ops[""] = true
		}
		for op := range ops {
			groups[op] = append(groups[op], f)
		}
	}
	ops := make([]string, 0, len(groups))
	for op := range groups {
		if op != "" {
			ops = append(ops, op)
		}
	}
	slices.SortFunc(ops, func(a, b string) int {
		// By path, then method, as an API reference lists them.
		ma, pa, _ := strings.Cut(a, " ")
		mb, pb, _ := strings.Cut(b, " ")
		if c := strings.Compare(pa, pb); c != 0 {
			return c
		}
		return strings.Compare(ma, mb)
	})
	if _, ok := groups[""]; ok {
		ops = append(ops, "")
	}
	c := count(fs)
	fmt.Fprintf(bw, "# Changelog\n\n%d changes (%s)\n", len(fs), c)
	for _, op := range ops {
		title := op
		if title == "" {
			title = "Other changes"
		}
		fmt.Fprintf(bw, "\n## %s\n\n", escapeChangelog(title))
		list := slices.Clone(groups[op])
		slices.SortStableFunc(list, func(a, b finding.Finding) int { return int(b.Severity) - int(a.Severity) })
		for _, f := range list {
			fmt.Fprintf(bw, "- %s %s (%s, %s)%s\n", changeLabel(f.Severity), escapeChangelog(f.Message),
				escapeChangelog(f.RuleID), escapeChangelog(f.Location.String()), sides(f.Operations, op))
		}
	}
	return bw.Flush()
}

// operationOf strips the side from "GET /pets request".
func operationOf(op string) string {
	if i := strings.LastIndexByte(op, ' '); i > 0 {
		if side := op[i+1:]; side == "request" || side == "response" {
			return op[:i]
		}
	}
	return op
}

// sides says whether the change is in the operation's request, response
// or both, when the operation is known.
func sides(ops []string, op string) string {
	var out []string
	for _, o := range ops {
		if operationOf(o) == op && o != op {
			out = append(out, o[len(op)+1:])
		}
	}
	if len(out) == 0 {
		return ""
	}
	slices.Sort(out)
	return " — " + strings.Join(slices.Compact(out), " and ")
}

func changeLabel(s finding.Severity) string {
	switch s {
	case finding.SeverityError:
		return "**breaking**"
	case finding.SeverityWarning:
		return "**warning**"
	}
	return "change"
}

// changelogEscaper is the markdown format's escaper without the characters
// that are harmless inside a list item's text (colons, parentheses, #, !).
var changelogEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"|", `\|`, "~", `\~`, ">", "&gt;", "<", "&lt;", "&", "&amp;", "@", "@\u200d",
	"\r\n", " ", "\n", " ", "\r", " ",
)

func escapeChangelog(s string) string { return changelogEscaper.Replace(s) }
