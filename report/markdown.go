package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/finding"
)

// DefaultMarkdownLimit keeps a Markdown report under GitHub's 65,536
// character limit for comments, with room for a header the caller adds.
const DefaultMarkdownLimit = 60000

// markdownEscaper neutralises everything in input text that Markdown or
// GitHub would interpret: HTML, emphasis, links, tables, code spans and
// @mentions (a zero-width joiner after @ stops the mention).
var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "{", `\{`, "}", `\}`,
	"[", `\[`, "]", `\]`, "(", `\(`, ")", `\)`, "#", `\#`,
	"!", `\!`, "|", `\|`, "~", `\~`, ">", "&gt;", "<", "&lt;",
	"&", "&amp;", "@", "@\u200d", ":", "&#58;",
	"\r\n", " ", "\n", " ", "\r", " ",
)

func escapeMarkdown(s string) string { return markdownEscaper.Replace(s) }

// fence wraps s in a code block whose fence is longer than any backtick run
// inside s, so s cannot close it.
func fence(s string) string {
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	f := strings.Repeat("`", max(3, longest+1))
	return f + "\n" + strings.TrimRight(s, "\n") + "\n" + f
}

func writeMarkdown(w io.Writer, fs []finding.Finding, opts Options) error {
	_, err := io.WriteString(w, Markdown(fs, opts))
	return err
}

// Markdown renders a PR-comment-sized report: a summary line, findings per
// rule, then a table of findings until the size limit, then how many more.
func Markdown(fs []finding.Finding, opts Options) string {
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMarkdownLimit
	}
	var b strings.Builder
	c := count(fs)
	b.WriteString("### schemacheck\n\n")
	if len(fs) == 0 {
		b.WriteString("No findings.\n")
		return b.String()
	}
	fmt.Fprintf(&b, "**%s**\n\n", c)

	perRule := map[string]int{}
	names := map[string]string{}
	for _, f := range fs {
		perRule[f.RuleID]++
		names[f.RuleID] = f.RuleName
	}
	ids := make([]string, 0, len(perRule))
	for id := range perRule {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	b.WriteString("| Rule | Findings |\n|---|---:|\n")
	for _, id := range ids {
		fmt.Fprintf(&b, "| %s %s | %d |\n", escapeMarkdown(id), escapeMarkdown(names[id]), perRule[id])
	}
	b.WriteString("\n| Severity | Location | Rule | Message |\n|---|---|---|---|\n")
	for i, f := range fs {
		row := fmt.Sprintf("| %s | %s | %s | %s |\n", f.Severity, escapeMarkdown(f.Location.String()),
			escapeMarkdown(f.RuleID+" "+f.RuleName), escapeMarkdown(f.Message))
		more := fmt.Sprintf("\n%d more findings not shown; see the full report.\n", len(fs)-i)
		if b.Len()+len(row)+len(more) > limit {
			b.WriteString(more)
			return b.String()
		}
		b.WriteString(row)
	}
	return b.String()
}
