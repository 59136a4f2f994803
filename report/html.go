package report

import (
	_ "embed"
	"html/template"
	"io"

	"github.com/schemacheck/schemacheck/finding"
)

//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// writeHTML renders a self-contained page (inline CSS, no external assets);
// html/template escapes everything that comes from the inputs.
func writeHTML(w io.Writer, fs []finding.Finding, opts Options) error {
	return htmlTemplate.Execute(w, struct {
		Version  string
		Summary  string
		Findings []finding.Finding
	}{opts.ToolVersion, count(fs).String(), fs})
}
