package main

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/schemacheck/schemacheck"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/atomicfile"
	"github.com/schemacheck/schemacheck/matrix"
)

// runMatrix prints the compatibility matrix in its own text, Markdown, JSON
// or HTML form; the other report formats (sarif, github, junit, gitlab)
// list the findings of the supported client versions' cells instead. The
// exit code follows --fail-on over those findings either way.
func runMatrix(e *env, o *options, args []string) int {
	if len(args) > 0 {
		return fail(e, fmt.Errorf("matrix takes no arguments; it reads clients: and servers: from schemacheck.yaml (got %q)", args[0]))
	}
	p, err := o.open()
	if err != nil {
		return fail(e, err)
	}
	m, err := p.Matrix(schemacheck.MatrixOptions{})
	if err != nil {
		return fail(e, err)
	}
	format := firstNonEmpty(o.format, p.Config().Format, "text")
	if !slices.Contains(matrix.Formats, format) || o.writeBaseline != "" {
		return o.emit(e, p, m.Result)
	}
	for _, note := range m.Notes {
		fmt.Fprintf(e.stderr, "schemacheck: %s\n", note)
	}
	failOn, err := schemacheck.ParseFailOn(firstNonEmpty(o.failOn, p.Config().FailOn, "error"))
	if err != nil {
		return fail(e, fmt.Errorf("--fail-on: %w", err))
	}
	if baseline := firstNonEmpty(o.baseline, p.Config().Baseline); baseline != "" {
		if err := m.FilterBaseline(baseline); err != nil {
			return fail(e, err)
		}
	}
	var buf bytes.Buffer
	if err := matrix.Write(&buf, format, m.Matrices); err != nil {
		return fail(e, err)
	}
	if o.output == "" {
		if _, err := e.stdout.Write(buf.Bytes()); err != nil {
			return fail(e, err)
		}
	} else if err := atomicfile.WriteFile(o.output, buf.Bytes(), 0o644); err != nil {
		return fail(e, fmt.Errorf("--output: %w", err))
	}
	if failOn != finding.SeverityOff && finding.Max(m.Findings) >= failOn {
		return exitFindings
	}
	return exitOK
}
