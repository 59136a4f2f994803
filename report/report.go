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
}

const (
	toolName = "schemacheck"
	toolURI  = "https://github.com/schemacheck/schemacheck"
)

type writer func(w io.Writer, fs []finding.Finding, opts Options) error

var writers = map[string]writer{
	"text":      writeText,
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

// Write renders findings in format. It sorts a copy; the caller's slice is
// left as it was.
func Write(w io.Writer, format string, findings []finding.Finding, opts Options) error {
	wr, ok := writers[format]
	if !ok {
		return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	fs := slices.Clone(findings)
	finding.Sort(fs)
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

// counts tallies findings per severity.
type counts struct{ errors, warnings, infos int }

func count(fs []finding.Finding) counts {
	var c counts
	for _, f := range fs {
		switch f.Severity {
		case finding.SeverityError:
			c.errors++
		case finding.SeverityWarning:
			c.warnings++
		case finding.SeverityInfo:
			c.infos++
		}
	}
	return c
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
