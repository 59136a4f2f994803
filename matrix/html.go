package matrix

import (
	"fmt"
	"html/template"
	"io"
	"slices"

	"github.com/schemacheck/schemacheck/finding"
)

// HTML renders a self-contained page (no external assets, no script): a
// coloured grid per contract whose cells link to their findings, shown
// below the grid when the cell is clicked (CSS :target), so the page works
// from a CI artifact or an e-mail attachment.
func HTML(w io.Writer, ms []*Matrix) error {
	type cellView struct {
		ID, Class, Mark, Title string
		Cell
	}
	type rowView struct {
		Label, Pin string
		Supported  bool
		Next       bool
		Cells      []cellView
	}
	type findingView struct {
		finding.Finding
		AtBase bool
	}
	type detailView struct {
		ID, Title string
		Cell
		Items []findingView
	}
	type matrixView struct {
		Contract string
		Columns  []Column
		Rows     []rowView
		Details  []detailView
		Summary  string
	}
	var views []matrixView
	for mi, m := range ms {
		v := matrixView{Contract: m.Contract, Columns: m.Columns, Summary: summary(m)}
		for ri, r := range m.Rows {
			rv := rowView{Label: rowLabel(r), Pin: r.Pin, Supported: r.Supported, Next: r.Next}
			for ci, c := range m.Cells[ri] {
				cv := cellView{Class: c.Status.String(), Mark: mark(c), Cell: c,
					Title: fmt.Sprintf("%s × %s: %s", rowLabel(r), colLabel(m.Columns[ci]), c.Direction)}
				if c.Change == AlreadyBroken {
					cv.Class = "at-base"
				}
				if len(c.Findings) > 0 {
					cv.ID = fmt.Sprintf("m%d-r%d-c%d", mi, ri, ci)
					d := detailView{ID: cv.ID, Title: cellTitle(r, m.Columns[ci], c), Cell: c}
					for i, f := range c.Findings {
						d.Items = append(d.Items, findingView{f, slices.Contains(c.AtBase, i)})
					}
					v.Details = append(v.Details, d)
				}
				rv.Cells = append(rv.Cells, cv)
			}
			v.Rows = append(v.Rows, rv)
		}
		views = append(views, v)
	}
	return htmlPage.Execute(w, views)
}

var htmlPage = template.Must(template.New("matrix").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>schemacheck compatibility matrix</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #1b1f24; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: .45em .8em; text-align: center; }
td { white-space: nowrap; }
th { background: #f6f8fa; }
th.row { text-align: left; }
th .pin, td .dir { display: block; font-weight: normal; font-size: .8em; color: #57606a; }
tr.unsupported th.row { color: #8c959f; font-style: italic; }
td.compatible { background: #dafbe1; }
td.warnings { background: #fff8c5; }
td.breaking { background: #ffd8d3; font-weight: 600; }
td.at-base { background: #eaeef2; color: #57606a; }
tr.unsupported td { opacity: .55; }
tr.next th.row { font-style: italic; border-top: 2px dashed #8c959f; }
tr.next td { border-top: 2px dashed #8c959f; }
td a { color: inherit; text-decoration: none; display: block; }
td a:hover { text-decoration: underline; }
.legend span { display: inline-block; padding: .1em .6em; margin-right: .5em; border: 1px solid #d0d7de; }
section.findings { display: none; border: 2px solid #0969da; padding: .2em 1em 1em; margin-top: 1em; max-width: 70em; }
section.findings:target { display: block; }
section.findings li { margin: .4em 0; text-align: left; }
.sev-error { color: #cf222e; font-weight: 600; } .sev-warning { color: #9a6700; font-weight: 600; } .sev-info { color: #57606a; }
.loc, .fix { color: #57606a; font-size: .9em; }
</style>
</head>
<body>
<h1>Compatibility matrix</h1>
<p class="legend">Rows: client versions, each against the contract it was built with. Columns: server versions. Click a cell for its findings.
<br><span class="compatible" style="background:#dafbe1">compatible</span><span style="background:#fff8c5">warnings</span><span style="background:#ffd8d3">breaking</span><span style="background:#eaeef2">already broken at the base of this change (never fails it)</span></p>
{{range .}}
<h2>Contract {{.Contract}}</h2>
<table>
<thead><tr><th>client \ server</th>{{range .Columns}}<th>{{if .Current}}this change{{else}}{{.Version}}{{end}}<span class="pin">{{.Pin}}</span></th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr{{if not .Supported}} class="unsupported"{{else if .Next}} class="next"{{end}}><th class="row">{{.Label}}<span class="pin">{{.Pin}}</span></th>{{range .Cells}}<td class="{{.Class}}" title="{{.Title}}">{{if .ID}}<a href="#{{.ID}}">{{.Mark}}</a>{{else}}{{.Mark}}{{end}}<span class="dir">{{.Direction}}</span></td>{{end}}</tr>
{{end}}</tbody>
</table>
<p>{{.Summary}}</p>
{{range .Details}}<section class="findings" id="{{.ID}}">
<h3>{{.Title}}</h3>
<ul>
{{range .Items}}<li><span class="sev-{{.Severity}}">{{.Severity}}</span> <code>{{.RuleID}}</code> {{.RuleName}}: {{.Message}}{{with .Location.String}} <span class="loc">({{.}})</span>{{end}}{{if .AtBase}} <span class="loc">[already at base]</span>{{end}}{{with .Fix}}<div class="fix">Fix: {{.}}</div>{{end}}</li>
{{end}}</ul>
</section>
{{end}}{{end}}
</body>
</html>
`))
