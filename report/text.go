package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/schemacheck/schemacheck/finding"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiDim    = "\x1b[2m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
	ansiCyan   = "\x1b[36m"
)

// writeText renders findings grouped by file, each with a code frame that
// shows the offending line and a caret under the span.
func writeText(w io.Writer, fs []finding.Finding, opts Options) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	sevColor := map[finding.Severity]string{
		finding.SeverityError: ansiRed, finding.SeverityWarning: ansiYellow, finding.SeverityInfo: ansiBlue,
	}
	var file string
	for i, f := range fs {
		if i == 0 || f.Location.File != file {
			file = f.Location.File
			if i > 0 {
				bw.WriteString("\n")
			}
			fmt.Fprintf(bw, "%s\n", paint(ansiBold, file))
		}
		fmt.Fprintf(bw, "%s: %s %s\n",
			paint(ansiBold, f.Location.String()),
			paint(sevColor[f.Severity], f.Severity.String()+"["+f.RuleID+" "+f.RuleName+"]"),
			oneLine(f.Message))
		if opts.Source != nil && f.Location.Line > 0 {
			if src, ok := opts.Source(f.Location.File); ok {
				writeFrame(bw, src, f.Location, func(s string) string { return paint(ansiDim, s) },
					func(s string) string { return paint(sevColor[f.Severity], s) })
			}
		}
		for _, d := range f.Details {
			fmt.Fprintf(bw, "    %s\n", oneLine(d))
		}
		if f.Witness != "" {
			fmt.Fprintf(bw, "    witness: %s\n", oneLine(f.Witness))
		}
		if f.Fix != "" {
			fmt.Fprintf(bw, "    %s %s\n", paint(ansiCyan, "fix:"), indentRest(f.Fix, "         "))
		}
	}
	if len(fs) > 0 {
		bw.WriteString("\n")
	}
	fmt.Fprintf(bw, "%s\n", count(fs))
	return bw.Flush()
}

// writeFrame prints the source line of loc with its number in a gutter and
// a caret line under the columns loc covers (to the end of the line when the
// span continues on later lines).
func writeFrame(w io.Writer, src []byte, loc finding.Location, dim, mark func(string) string) {
	line, ok := sourceLine(src, loc.Line)
	if !ok {
		return
	}
	line = strings.ReplaceAll(line, "\t", " ")
	gutter := fmt.Sprintf("%5d | ", loc.Line)
	fmt.Fprintf(w, "%s%s\n", dim(gutter), line)
	start := max(loc.Column, 1)
	end := len(line)
	if loc.EndLine == loc.Line && loc.EndColumn >= start {
		end = min(loc.EndColumn, len(line))
	}
	if start > len(line) {
		start, end = len(line)+1, len(line)+1
	}
	width := max(end-start+1, 1)
	fmt.Fprintf(w, "%s%s%s\n", dim(strings.Repeat(" ", len(gutter)-2)+"| "), strings.Repeat(" ", start-1), mark(strings.Repeat("^", width)))
}

// sourceLine returns the 1-based line n of src without its line ending.
func sourceLine(src []byte, n int) (string, bool) {
	for i := 1; len(src) > 0; i++ {
		end := bytes.IndexByte(src, '\n')
		var line []byte
		if end < 0 {
			line, src = src, nil
		} else {
			line, src = src[:end], src[end+1:]
		}
		if i == n {
			return strings.TrimRight(string(line), "\r"), true
		}
	}
	return "", false
}

// oneLine keeps a message on one line so it cannot forge other output lines.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

func indentRest(s, indent string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+indent)
}
