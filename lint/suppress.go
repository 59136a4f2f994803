package lint

import (
	"fmt"
	"strings"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/suggest"
	"github.com/schemacheck/schemacheck/migration"
	"github.com/schemacheck/schemacheck/rules"
)

// Suppress applies the schemacheck:ignore comments of files to findings,
// whichever check raised them: a finding located in one of the files is
// dropped when the statement it points into, or the file, ignores its rule
// (by ID or name). Then every comment in files that names a rule not in
// registry, or suppresses nothing, is reported where it is written. Call it
// once per run, after every check has added its findings: a comment is only
// unused when nothing at all matched it. Like slices.DeleteFunc, it filters
// findings in place (a run's findings can be megabytes; a copy would double
// them at the run's peak): the caller keeps only the result.
func Suppress(files []*migration.File, findings []finding.Finding, registry []finding.Rule) []finding.Finding {
	if len(files) == 0 {
		return findings
	}
	out, used := apply(files, findings, findings[:0])
	known := map[string]bool{}
	var names []string
	for _, r := range registry {
		known[strings.ToUpper(r.ID)], known[r.Name] = true, true
		names = append(names, r.ID, r.Name)
	}
	check := func(s *migration.Suppression) {
		if !known[strings.ToUpper(s.Rule)] && !known[s.Rule] {
			fd := rules.UnknownSuppression.New(s.Pos, "schemacheck:ignore names unknown rule %q%s", s.Rule, suggestion(s.Rule, names))
			fd.Key = s.Rule
			out = append(out, fd)
			return
		}
		if !used[s] {
			fd := rules.UnusedSuppression.New(s.Pos, "schemacheck:ignore %s suppresses nothing here; remove it", s.Rule)
			fd.Key = s.Rule
			out = append(out, fd)
		}
	}
	for _, f := range files {
		for i := range f.Ignores {
			check(&f.Ignores[i])
		}
		for _, st := range f.Statements {
			for i := range st.Ignores {
				check(&st.Ignores[i])
			}
		}
	}
	return out
}

// Unsuppressed returns the findings the files' ignore comments leave, and
// judges no comment: for a check that must know what the user will see
// before the run is over (the database diff does not repeat a lint finding,
// unless the user silenced that one).
func Unsuppressed(files []*migration.File, findings []finding.Finding) []finding.Finding {
	out, _ := apply(files, findings, nil)
	return out
}

// apply appends to out the findings no ignore comment of files matches and
// says which comments matched. out may be findings[:0].
func apply(files []*migration.File, findings, out []finding.Finding) ([]finding.Finding, map[*migration.Suppression]bool) {
	byPath := map[string][]*migration.File{} // a goose file's halves share a path
	for _, f := range files {
		byPath[f.Path] = append(byPath[f.Path], f)
	}
	used := map[*migration.Suppression]bool{}
	matches := func(ignores []migration.Suppression, fd finding.Finding) bool {
		hit := false
		for i := range ignores {
			if strings.EqualFold(ignores[i].Rule, fd.RuleID) || ignores[i].Rule == fd.RuleName {
				used[&ignores[i]], hit = true, true
			}
		}
		return hit
	}
	for _, fd := range findings {
		suppressed := false
		for _, f := range byPath[fd.Location.File] {
			if matches(f.Ignores, fd) {
				suppressed = true
			}
			if st := statementAt(f, fd.Location); st != nil && matches(st.Ignores, fd) {
				suppressed = true
			}
		}
		if !suppressed {
			out = append(out, fd)
		}
	}
	return out, used
}

// statementAt returns the statement of f whose text spans the position
// (line, column; column 0 means anywhere on the line), if any.
func statementAt(f *migration.File, at finding.Location) *migration.Statement {
	if at.Line == 0 {
		return nil
	}
	before := func(l1, c1, l2, c2 int) bool { return l1 < l2 || l1 == l2 && (c1 == 0 || c2 == 0 || c1 <= c2) }
	for _, st := range f.Statements {
		endLine, endCol := st.Pos.EndLine, st.Pos.EndColumn
		if endLine == 0 {
			endLine, endCol = st.Pos.Line, 0
		}
		if before(st.Pos.Line, st.Pos.Column, at.Line, at.Column) && before(at.Line, at.Column, endLine, endCol) {
			return st
		}
	}
	return nil
}

// suggestion returns ` (did you mean "x"?)` for a misspelt rule name.
func suggestion(name string, names []string) string {
	if s, ok := suggest.Closest(name, names); ok {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}
