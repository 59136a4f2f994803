package dbdiff

import (
	"fmt"
	"slices"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/migration"
)

// maxDownDetails bounds the differences a lossy-down finding lists.
const maxDownDetails = 10

// downFindings checks each added migration's down script: replayed after
// its up script on the schema before it, it must give that schema back.
func downFindings(base *catalog.Catalog, added []*migration.Migration, head *migration.Set, policy DownPolicy, trace *catalog.Tracer) []finding.Finding {
	sev := finding.SeverityWarning
	switch policy {
	case DownIgnore:
		return nil
	case DownRequire:
		sev = finding.SeverityError
	}
	// A missing down is worth a warning only in a project that writes
	// them; require asks for them wherever the tool can run them.
	writesDowns := slices.ContainsFunc(head.Migrations, func(m *migration.Migration) bool { return m.Down != nil })
	// Elsewhere (Prisma, Atlas, Flyway without undo) a missing down is the
	// norm, not a finding.
	tool := migration.ToolFor(head.Layout)
	hasDowns := writesDowns || policy == DownRequire && tool != nil && tool.Downs
	var out []finding.Finding
	before := base
	for _, m := range added {
		after := trace.After(m.Up) // the schema the replay of the change reached after m
		switch {
		case m.Down == nil:
			if hasDowns {
				f := ruleDownMissing.New(firstStatement(m.Up), "migration %s has no down script: rolling it back means writing one by hand", migrationName(m))
				f.Severity, f.Key = sev, m.Up.Path
				out = append(out, f)
			}
		case len(m.Up.Findings) == 0 && len(m.Down.Findings) == 0:
			back := catalog.Replay(after, []*migration.File{m.Down}, nil)
			if diff := catalog.Diff(before, back); len(diff) > 0 {
				f := ruleDownLossy.New(downLocation(m.Down), "the down script of %s does not restore the schema before it: %s", migrationName(m), restoreGap(diff[0]))
				for i, c := range diff[1:] {
					if i == maxDownDetails {
						f.Details = append(f.Details, fmt.Sprintf("and %d more differences", len(diff)-1-maxDownDetails))
						break
					}
					f.Details = append(f.Details, restoreGap(c))
				}
				f.Severity, f.Key = sev, m.Down.Path
				out = append(out, f)
			}
		}
		before = after
	}
	return out
}

// restoreGap says what a change left after up and down means.
func restoreGap(c catalog.Change) string {
	switch c.Kind {
	case catalog.Added:
		return fmt.Sprintf("%s %s is left behind", c.Object, c.Name)
	case catalog.Removed:
		return fmt.Sprintf("%s %s is not restored", c.Object, c.Name)
	}
	return fmt.Sprintf("%s %s differs: %s", c.Object, c.Name, c.Detail)
}

func migrationName(m *migration.Migration) string {
	if m.Name != "" {
		return m.Version + " (" + m.Name + ")"
	}
	return m.Version
}

// downLocation points at the down script's first statement, or at the file
// when it has none (an empty down section).
func downLocation(f *migration.File) finding.Location {
	if len(f.Statements) > 0 {
		p := f.Statements[0].Pos
		return finding.Location{File: p.File, Line: p.Line, Column: p.Column}
	}
	return finding.Location{File: f.Path}
}
