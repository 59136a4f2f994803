package migration

import (
	"sort"
	"strings"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/lines"
)

// lineIndex maps byte offsets of a file to 1-based lines and columns.
type lineIndex lines.Index

func newLineIndex(src []byte) lineIndex { return lineIndex(lines.New(src)) }

func (l lineIndex) location(path string, offset int) finding.Location {
	line, column := lines.Index(l).Position(offset)
	return finding.Location{File: path, Line: line, Column: column}
}

// offsetMap maps offsets in substituted text back to the original segment.
// Each edit records where a replacement starts in the new text, how long it
// is, and how long the original was.
type offsetMap []edit

type edit struct{ newStart, newLen, oldStart, oldLen int }

func (m offsetMap) original(off int) int {
	delta := 0
	for _, e := range m {
		if off < e.newStart {
			break
		}
		if off < e.newStart+e.newLen {
			return e.oldStart // inside a substitution: point at the placeholder
		}
		delta = e.oldStart + e.oldLen - (e.newStart + e.newLen)
	}
	return off + delta
}

// substitute replaces Go-template actions and Flyway ${x} variables with
// configured values, and a leading byte-order mark with spaces. It returns
// the text, the offset map, and the first placeholder it could not resolve.
func substitute(seg []byte, values map[string]string) (string, offsetMap, string) {
	s := string(seg)
	if strings.HasPrefix(s, "\ufeff") {
		s = "   " + s[3:] // same length, so no offset changes
	}
	type match struct {
		start, end int
		key        string
	}
	if !strings.Contains(s, "{{") && !strings.Contains(s, "${") {
		return s, nil, ""
	}
	var ms []match
	for _, m := range templateAction.FindAllStringIndex(s, -1) {
		key := ""
		if km := templateName.FindStringSubmatch(s[m[0]:m[1]]); km != nil {
			key = km[1] + km[2]
		}
		ms = append(ms, match{m[0], m[1], key})
	}
	for _, m := range flywayVar.FindAllStringSubmatchIndex(s, -1) {
		ms = append(ms, match{m[0], m[1], s[m[2]:m[3]]})
	}
	if len(ms) == 0 {
		return s, nil, ""
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	var b strings.Builder
	var edits offsetMap
	prev := 0
	for _, m := range ms {
		if m.start < prev {
			continue
		}
		val, ok := values[m.key]
		if !ok {
			if strings.HasPrefix(s[m.start:], "${") && !strings.Contains(s[:m.start], "'") {
				// Outside any string literal a Flyway variable cannot be
				// valid SQL either; report it like a template.
				return s, nil, s[m.start:m.end]
			}
			if strings.HasPrefix(s[m.start:], "{{") {
				return s, nil, s[m.start:m.end]
			}
			continue
		}
		b.WriteString(s[prev:m.start])
		edits = append(edits, edit{newStart: b.Len(), newLen: len(val), oldStart: m.start, oldLen: m.end - m.start})
		b.WriteString(val)
		prev = m.end
	}
	b.WriteString(s[prev:])
	return b.String(), edits, ""
}
