package report

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/lines"
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

var sevColor = map[finding.Severity]string{
	finding.SeverityError: ansiRed, finding.SeverityWarning: ansiYellow, finding.SeverityInfo: ansiBlue,
}

// Indents of the text format: a finding's first line, then everything
// under it (message continuation, code frame, details).
const (
	findingIndent = 2
	detailIndent  = 4
)

// textWriter renders the text format: findings grouped under their file
// (named once), each wrapped to the width, with a code frame clipped
// around the column and capped lists, then a per-rule summary.
type textWriter struct {
	bw    *bufio.Writer
	opts  Options
	width int
	// lines are where each source file's lines start, indexed on its
	// first frame: scanning from the top for every frame took a second
	// on a pair with 1,658 findings in one 1.5 MB file.
	lines map[string]lines.Index
}

func (t *textWriter) paint(code, s string) string {
	if !t.opts.Color || code == "" {
		return s
	}
	return code + s + ansiReset
}

// word is a leading word of a paragraph with the colour it is painted in.
type word struct{ text, color string }

// para prints head and text as one paragraph wrapped to the width: the
// first line starts at column at, later ones at indent. The head words
// are painted (the position, the severity tag, a label); text is plain.
func (t *textWriter) para(at int, head []word, text string, indent int) {
	if len(head) > 0 {
		var b strings.Builder
		for _, w := range head {
			b.WriteString(w.text + " ")
		}
		b.WriteString(text)
		text = b.String()
	}
	if !t.opts.Color || len(head) == 0 {
		wrapTo(text, t.width, strings.Repeat(" ", at), indent, func(l []byte) {
			t.bw.Write(bytes.TrimRight(l, " "))
			t.bw.WriteByte('\n')
		})
		return
	}
	next := 0 // the head word to paint next
	for _, l := range wrap(text, t.width, strings.Repeat(" ", at), indent) {
		l = strings.TrimRight(l, " ")
		if next < len(head) {
			parts := strings.Split(l, " ")
			for i, p := range parts {
				if p == "" || next >= len(head) {
					continue
				}
				parts[i] = t.paint(head[next].color, p)
				// a head word holding a space spans two words of the line
				if !strings.HasSuffix(head[next].text, p) {
					continue
				}
				next++
			}
			l = strings.Join(parts, " ")
		}
		t.bw.WriteString(l)
		t.bw.WriteByte('\n')
	}
}

// line prints text wrapped at indent, continuing two columns further in.
func (t *textWriter) line(indent int, text string) {
	t.para(indent, nil, text, indent+2)
}

func writeText(w io.Writer, fs []finding.Finding, opts Options) error {
	t := &textWriter{bw: bufio.NewWriter(w), opts: opts, width: opts.textWidth()}
	var file string
	for i, f := range fs {
		if i == 0 || f.Location.File != file {
			file = f.Location.File
			if i > 0 {
				t.bw.WriteString("\n")
			}
			name := sanitize(relativePath(file, opts.WorkDir))
			if name == "" {
				name = "(no file)" // a finding about the run as a whole
			}
			t.bw.WriteString(t.paint(ansiBold, name) + "\n")
		}
		t.finding(f)
	}
	t.summary(fs)
	return t.bw.Flush()
}

func (t *textWriter) finding(f finding.Finding) {
	pos := ""
	if f.Location.Line > 0 {
		pos = strconv.Itoa(f.Location.Line)
		if f.Location.Column > 0 {
			pos += ":" + strconv.Itoa(f.Location.Column)
		}
		pos += " "
	}
	tag := f.Severity.String() + "[" + f.RuleID + " " + f.RuleName + "]"
	head := []word{{tag, sevColor[f.Severity]}}
	if pos != "" {
		head = append([]word{{strings.TrimSpace(pos), ansiBold}}, head...)
	}
	t.para(findingIndent, head, clip(sanitize(f.Message), maxMessage), detailIndent)

	if t.opts.Source != nil && f.Location.Line > 0 {
		if src, ok := t.opts.Source(f.Location.File); ok {
			t.frame(src, f)
		}
	}
	t.operations(f.Operations)
	t.details(f)
	for _, r := range capList(f.Related, maxDetails) {
		t.line(detailIndent, "was at "+sanitize(relativePath(r.String(), t.opts.WorkDir)))
	}
	if n := len(f.Related) - maxDetails; n > 0 {
		t.line(detailIndent, fmt.Sprintf("and %d more earlier locations (the json and sarif formats list them all)", n))
	}
	if f.Witness != "" {
		t.para(detailIndent, []word{{"witness:", ""}}, clip(sanitize(f.Witness), maxWitness), detailIndent+2)
	}
	if f.Fix != "" {
		const label = "fix: "
		for i, line := range strings.Split(strings.TrimRight(f.Fix, "\n"), "\n") {
			if i == 0 {
				t.para(detailIndent, []word{{"fix:", ansiCyan}}, clip(sanitize(line), maxDetail), detailIndent+len(label)+2)
			} else {
				t.para(detailIndent+len(label), nil, clip(sanitize(line), maxDetail), detailIndent+len(label)+2)
			}
		}
	}
}

// operations lists the API operations a change affects: the first few,
// then how many more (JSON and SARIF carry the whole list).
func (t *textWriter) operations(ops []string) {
	const label = "operations:"
	at := detailIndent + len(label) + 1
	for i, op := range capList(ops, maxOperations) {
		if i == 0 {
			t.para(detailIndent, []word{{label, ""}}, clip(sanitize(op), maxDetail), at+2)
		} else {
			t.para(at, nil, clip(sanitize(op), maxDetail), at+2)
		}
	}
	if n := len(ops) - maxOperations; n > 0 {
		t.para(at, nil, fmt.Sprintf("and %d more (the json and sarif formats list all %d)", n, len(ops)), at+2)
	}
}

// details prints the detail lines that are not operations (those are
// listed by operations), capped.
func (t *textWriter) details(f finding.Finding) {
	ds := f.Details
	if len(f.Operations) > 0 {
		isOp := make(map[string]bool, len(f.Operations))
		for _, op := range f.Operations {
			isOp[op] = true
		}
		ds = slices.DeleteFunc(slices.Clone(ds), func(d string) bool { return isOp[d] })
	}
	for _, d := range capList(ds, maxDetails) {
		t.line(detailIndent, clip(sanitize(d), maxDetail))
	}
	if n := len(ds) - maxDetails; n > 0 {
		t.line(detailIndent, fmt.Sprintf("and %d more details (the json and sarif formats list them all)", n))
	}
}

func capList[T any](xs []T, n int) []T {
	return xs[:min(len(xs), n)]
}

// frame prints the source line of the finding with its number in a gutter
// and a caret line under the columns the location covers (to the end of
// the line when the span continues), clipped to the width around the
// column: a minified document's one line prints as one window.
func (t *textWriter) frame(src []byte, f finding.Finding) {
	loc := f.Location
	ix, ok := t.lines[loc.File]
	if !ok {
		ix = lines.New(src)
		if t.lines == nil {
			t.lines = map[string]lines.Index{}
		}
		t.lines[loc.File] = ix
	}
	line, ok := ix.Line(src, loc.Line)
	if !ok {
		return
	}
	num := strconv.Itoa(loc.Line)
	gutter := fmt.Sprintf("%s%*s | ", strings.Repeat(" ", detailIndent), max(len(num), 3), num)
	budget := max(t.width-len(gutter), 20)
	start := max(loc.Column, 1)
	end := len(line)
	if loc.EndLine == loc.Line && loc.EndColumn >= start {
		end = min(loc.EndColumn, len(line))
	}
	// Only a few times the window's size around the column is looked at,
	// so a line of megabytes costs no more than a short one. The margins
	// (in bytes, at least one rune each) exceed what window keeps, so it
	// still marks the cut ends.
	margin := 4 * budget
	if lo := start - 1 - margin; lo > 0 {
		line, start, end = line[lo:], start-lo, end-lo
	}
	if hi := end + margin; hi < len(line) {
		line = line[:hi]
	}
	// window counts runes as sanitize maps them (one for one), so the caret
	// stays under its column.
	text, caret, length := window(line, start, end, budget)
	text = sanitizeRunes(text)
	dim := func(s string) string { return t.paint(ansiDim, s) }
	fmt.Fprintf(t.bw, "%s%s\n", dim(gutter), text)
	fmt.Fprintf(t.bw, "%s%s%s\n", dim(strings.Repeat(" ", len(gutter)-2)+"| "), strings.Repeat(" ", caret),
		t.paint(sevColor[f.Severity], strings.Repeat("^", length)))
}

// summary ends the report: findings per rule, then the totals and what
// the run left out.
func (t *textWriter) summary(fs []finding.Finding) {
	if len(fs) > 0 {
		t.bw.WriteString("\n")
		rows := perRule(fs)
		w := 0
		for _, r := range rows {
			w = max(w, len(r.id)+1+len(r.name))
		}
		for _, r := range rows {
			// the counts line up in a column when the width allows
			row := fmt.Sprintf("%*s%-*s  %s", findingIndent, "", w, r.id+" "+sanitize(r.name), r.counts.nonZero())
			if utf8.RuneCountInString(row) <= t.width {
				t.bw.WriteString(row + "\n")
			} else {
				t.para(findingIndent, nil, row, findingIndent+2)
			}
		}
	}
	t.para(0, nil, count(fs).String()+t.opts.Hidden.suffix(), 2)
}

// ruleRow is one rule's line of a summary.
type ruleRow struct {
	id, name string
	counts   counts
}

// perRule tallies findings per rule, in rule ID order.
func perRule(fs []finding.Finding) []ruleRow {
	byID := map[string]*ruleRow{}
	for _, f := range fs {
		r := byID[f.RuleID]
		if r == nil {
			r = &ruleRow{id: f.RuleID, name: f.RuleName}
			byID[f.RuleID] = r
		}
		r.counts.add(f.Severity)
	}
	rows := make([]ruleRow, 0, len(byID))
	for _, r := range byID {
		rows = append(rows, *r)
	}
	slices.SortFunc(rows, func(a, b ruleRow) int { return strings.Compare(a.id, b.id) })
	return rows
}

// oneLine keeps a message on one line so it cannot forge other output lines.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
