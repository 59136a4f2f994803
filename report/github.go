package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/schemacheck/schemacheck/finding"
)

// GitHub workflow-command escaping: data escapes %, CR and LF; property
// values additionally escape : and , (see GitHub's toolkit command.ts).
var (
	ghData     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)

// writeGitHub prints one workflow command per finding, so GitHub shows
// annotations on the pull request diff, and appends the Markdown report to
// the job summary file when one is given.
func writeGitHub(w io.Writer, fs []finding.Finding, opts Options) error {
	bw := bufio.NewWriter(w)
	for _, f := range fs {
		cmd := map[finding.Severity]string{finding.SeverityError: "error", finding.SeverityWarning: "warning"}[f.Severity]
		if cmd == "" {
			cmd = "notice"
		}
		props := []string{"file=" + ghProperty.Replace(f.Location.File)}
		l := f.Location
		if l.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", l.Line))
			if l.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", l.Column))
			}
			if l.EndLine > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", l.EndLine))
			}
			if l.EndColumn > 0 && l.EndLine == l.Line {
				props = append(props, fmt.Sprintf("endColumn=%d", l.EndColumn))
			}
		}
		props = append(props, "title="+ghProperty.Replace(f.RuleID+" "+f.RuleName))
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData.Replace(resultText(f)))
	}
	fmt.Fprintf(bw, "schemacheck: %s\n", count(fs))
	if err := bw.Flush(); err != nil {
		return err
	}
	if opts.StepSummary == "" {
		return nil
	}
	sf, err := os.OpenFile(opts.StepSummary, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("job summary %s: %w", opts.StepSummary, err)
	}
	_, err = io.WriteString(sf, Markdown(fs, opts)+"\n")
	if cerr := sf.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("job summary %s: %w", opts.StepSummary, err)
	}
	return nil
}

// MessageWriter wraps the writer schemacheck prints its own messages to
// (notes, errors: standard error), which carry text from the inputs and
// the config. Every line loses its control characters (ESC of a terminal
// escape sequence, BEL, C1 controls become U+FFFD; tabs stay). With
// github, for a GitHub runner, which parses every line a step prints as a
// possible workflow command, each line is also escaped as workflow command
// data (%, CR) and a line that would start a command (:: or ##[ after
// spaces) has it escaped, so a newline in a config key, a file name or a
// database path cannot forge ::error or ::stop-commands. Each Write is
// taken to start a line (fmt.Fprintf writes a message in one call).
func MessageWriter(w io.Writer, github bool) io.Writer {
	if m, ok := w.(*messageWriter); ok { // already wrapped: escape once
		return &messageWriter{w: m.w, github: github || m.github}
	}
	return &messageWriter{w: w, github: github}
}

type messageWriter struct {
	w      io.Writer
	github bool
}

func (m *messageWriter) Write(p []byte) (int, error) {
	lines := strings.SplitAfter(string(p), "\n")
	var b strings.Builder
	for _, l := range lines {
		body, nl := strings.CutSuffix(l, "\n")
		b.WriteString(m.line(body))
		if nl {
			b.WriteByte('\n')
		}
	}
	if _, err := io.WriteString(m.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

func (m *messageWriter) line(s string) string {
	s = stripEscapes(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case m.github && r == '%':
			b.WriteString("%25")
		case m.github && r == '\r':
			b.WriteString("%0D")
		case r == '\t':
			b.WriteRune(r)
		case r == utf8.RuneError || unicode.IsControl(r):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	if !m.github {
		return out
	}
	rest := strings.TrimLeft(out, " \t")
	indent := out[:len(out)-len(rest)]
	switch {
	case strings.HasPrefix(rest, "::"):
		return indent + "%3A%3A" + rest[2:]
	case strings.HasPrefix(rest, "##["):
		return indent + "##%5B" + rest[3:]
	}
	return out
}
