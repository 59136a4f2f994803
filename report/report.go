// Package report renders findings in every output format schemacheck
// supports. Each format is one writer function over the same sorted
// findings, so all formats report exactly the same set.
package report

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/term"

	"github.com/schemacheck/schemacheck/finding"
)

// Options carry what a writer needs besides the findings.
type Options struct {
	// Rules is the rule registry: SARIF lists it with help text, Markdown
	// and HTML use it for summaries.
	Rules []finding.Rule
	// Source returns a file's contents for code frames; may be nil.
	Source func(path string) ([]byte, bool)
	// Color enables ANSI colour in text output.
	Color       bool
	ToolVersion string
	// FailOn is the --fail-on threshold, shown in summaries.
	FailOn finding.Severity
	// StepSummary is the path of GitHub's job summary file
	// ($GITHUB_STEP_SUMMARY); the github format appends Markdown to it.
	StepSummary string
	// MaxBytes bounds Markdown output (a PR comment is limited to 65,536
	// characters); 0 means DefaultMarkdownLimit.
	MaxBytes int
	// Width is the text format's line width; 0 means DefaultWidth (the
	// caller passes the terminal's width when writing to one).
	Width int
	// WorkDir is the working directory: the text formats show absolute
	// paths relative to it. Empty leaves paths as they are.
	WorkDir string
	// Hidden counts what the run found but left out, for the summaries.
	Hidden Hidden
}

// Hidden counts findings a run found but does not report, so summaries
// can say that something was left out rather than pass silently.
type Hidden struct {
	// BelowMinSeverity findings were under MinSeverity (--min-severity).
	BelowMinSeverity int
	MinSeverity      finding.Severity
	// Deselected findings were left out by rule selection (--exclude,
	// --only, exclude: and only: in the config).
	Deselected int
}

// suffix is the clause a summary line ends with ("" when nothing is hidden).
func (h Hidden) suffix() string {
	var parts []string
	if h.BelowMinSeverity > 0 {
		parts = append(parts, fmt.Sprintf("%d below --min-severity %s", h.BelowMinSeverity, h.MinSeverity))
	}
	if h.Deselected > 0 {
		parts = append(parts, fmt.Sprintf("%d left out by rule selection", h.Deselected))
	}
	if len(parts) == 0 {
		return ""
	}
	return "; not shown: " + strings.Join(parts, ", ")
}

func (o Options) textWidth() int {
	if o.Width <= 0 {
		return DefaultWidth
	}
	return max(o.Width, minWidth)
}

const (
	toolName = "schemacheck"
	toolURI  = "https://github.com/schemacheck/schemacheck"
)

type writer func(w io.Writer, fs []finding.Finding, opts Options) error

var writers = map[string]writer{
	"text":      writeText,
	"compact":   writeCompact,
	"json":      writeJSON,
	"sarif":     writeSARIF,
	"github":    writeGitHub,
	"markdown":  writeMarkdown,
	"junit":     writeJUnit,
	"gitlab":    writeGitLab,
	"html":      writeHTML,
	"changelog": writeChangelog,
}

// Formats lists the format names Write accepts, sorted.
func Formats() []string {
	names := make([]string, 0, len(writers))
	for n := range writers {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Write renders findings in format, in finding.Sort's order. Findings not
// already in that order are sorted in a copy; the caller's slice is left
// as it was. (A command's findings usually arrive sorted, and a copy of
// thousands of them would be the largest thing live while the report is
// written.)
func Write(w io.Writer, format string, findings []finding.Finding, opts Options) error {
	wr, ok := writers[format]
	if !ok {
		return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	fs := findings
	if !finding.InOrder(fs) {
		fs = slices.Clone(fs)
		finding.Sort(fs)
	}
	if opts.ToolVersion == "" {
		opts.ToolVersion = "devel"
	}
	return wr(w, fs, opts)
}

// ColorEnabled decides whether text output is coloured: "always", "never",
// or "auto" (only when f is a terminal and NO_COLOR is unset or empty).
func ColorEnabled(mode string, f *os.File) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" || f == nil {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// Width is the text width for output to f: the terminal's width when f is
// one, else DefaultWidth.
func Width(f *os.File) int {
	if f != nil && term.IsTerminal(int(f.Fd())) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	return DefaultWidth
}

// counts tallies findings per severity.
type counts struct{ errors, warnings, infos int }

func count(fs []finding.Finding) counts {
	var c counts
	for _, f := range fs {
		c.add(f.Severity)
	}
	return c
}

func (c *counts) add(s finding.Severity) {
	switch s {
	case finding.SeverityError:
		c.errors++
	case finding.SeverityWarning:
		c.warnings++
	case finding.SeverityInfo:
		c.infos++
	}
}

// nonZero lists only the severities that occur ("2 errors, 1 info").
func (c counts) nonZero() string {
	var parts []string
	for _, p := range []struct {
		n    int
		word string
	}{{c.errors, "error"}, {c.warnings, "warning"}, {c.infos, "info"}} {
		if p.n > 0 {
			parts = append(parts, plural(p.n, p.word))
		}
	}
	return strings.Join(parts, ", ")
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func (c counts) String() string {
	return fmt.Sprintf("%s, %s, %s", plural(c.errors, "error"), plural(c.warnings, "warning"), plural(c.infos, "info"))
}
