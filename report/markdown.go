package report

import (
	"fmt"
	"io"
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

// markdownFirst is how many findings of each rule a Markdown report shows
// before folding the rest into a <details> block.
const markdownFirst = 3

// Markdown renders a PR-comment-sized report: the totals, a table of
// findings per rule, then each rule's first findings with the rest folded
// into <details>, until the size limit, then how many more. Everything
// from the inputs is escaped; the only HTML is the <details> and
// <summary> tags this function writes.
func Markdown(fs []finding.Finding, opts Options) string {
	limit := opts.MaxBytes
	if limit <= 0 {
		limit = DefaultMarkdownLimit
	}
	var b strings.Builder
	b.WriteString("### schemacheck\n\n")
	if len(fs) == 0 {
		b.WriteString("No findings.")
		if h := opts.Hidden.suffix(); h != "" {
			b.WriteString(escapeMarkdown(strings.TrimPrefix(h, "; ")))
		}
		b.WriteString("\n")
		return b.String()
	}
	fmt.Fprintf(&b, "**%s**%s\n\n", count(fs), escapeMarkdown(opts.Hidden.suffix()))

	rows := perRule(fs)
	b.WriteString("| Rule | Findings |\n|---|---:|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s %s | %s |\n", escapeMarkdown(r.id), escapeMarkdown(r.name), r.counts.nonZero())
	}

	byRule := map[string][]finding.Finding{}
	for _, f := range fs {
		byRule[f.RuleID] = append(byRule[f.RuleID], f)
	}
	const header = "| Severity | Location | Message |\n|---|---|---|\n"
	const closeDetails = "\n</details>\n"
	shown := 0
	for _, r := range rows {
		group := byRule[r.id]
		heading := fmt.Sprintf("\n#### %s %s\n\n%s", escapeMarkdown(r.id), escapeMarkdown(r.name), header)
		if b.Len()+len(heading) > limit-markdownReserve {
			break
		}
		b.WriteString(heading)
		open := false
		for i, f := range group {
			if i == markdownFirst {
				fold := fmt.Sprintf("\n<details><summary>%d more</summary>\n\n%s", len(group)-markdownFirst, header)
				if b.Len()+len(fold)+len(closeDetails) > limit-markdownReserve {
					break
				}
				b.WriteString(fold)
				open = true
			}
			row := fmt.Sprintf("| %s | %s | %s |\n", f.Severity, escapeMarkdown(relativePath(f.Location.String(), opts.WorkDir)),
				escapeMarkdown(clip(f.Message, maxMessage)))
			reserve := markdownReserve
			if open {
				reserve += len(closeDetails)
			}
			if b.Len()+len(row) > limit-reserve {
				break
			}
			b.WriteString(row)
			shown++
		}
		if open {
			b.WriteString(closeDetails)
		}
		if shown < len(fs) && b.Len() > limit-markdownReserve-len(header) {
			break
		}
	}
	if n := len(fs) - shown; n > 0 {
		fmt.Fprintf(&b, "\n%d more findings not shown; see the full report.\n", n)
	}
	return b.String()
}

// markdownReserve is room kept for the closing note.
const markdownReserve = 80
