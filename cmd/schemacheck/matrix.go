package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/schemacheck/schemacheck"
	"github.com/schemacheck/schemacheck/matrix"
	"github.com/schemacheck/schemacheck/report"
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
	m, err := p.Matrix(schemacheck.MatrixOptions{Base: o.base})
	if err != nil {
		return fail(e, err)
	}
	format := firstNonEmpty(o.format, p.Config().Format, "text")
	if !slices.Contains(matrix.Formats, format) {
		return o.emit(e, p, m.Result)
	}
	return o.emitWith(e, p, m.Result, func(w io.Writer, format string, _ report.Options) error {
		return matrix.Write(w, format, m.Matrices)
	})
}
