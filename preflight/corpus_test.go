package preflight_test

import (
	"os"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/migration"
	"github.com/schemacheck/schemacheck/preflight"
)

// TestCorpusPendingMigrations applies real projects' migrations except the
// last ten and preflights those ten, as a deploy would meet them: every
// query preflight builds from real-world SQL must run (a query that fails
// is an SC-PF010 warning, which here would be preflight's bug), and on
// tables with no rows no statement can fail on data. The findings are
// logged (-v) for judging by hand.
func TestCorpusPendingMigrations(t *testing.T) {
	for _, p := range []struct {
		project, setup string
	}{
		// harbor's 2.0.0 schema updates golang-migrate's table itself.
		{"harbor", "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)"},
		{"openfga", ""},
		{"documenso", ""},
		{"ontrack", ""},
	} {
		t.Run(p.project, func(t *testing.T) {
			set, err := migration.Load(os.DirFS(testenv.CorpusMigrationDir(t, p.project)), ".", migration.Options{})
			if err != nil {
				t.Fatal(err)
			}
			split := max(len(set.Migrations)-10, 0)
			done := catalog.UpFiles(&migration.Set{Migrations: set.Migrations[:split]})
			todo := catalog.UpFiles(&migration.Set{Migrations: set.Migrations[split:]})
			setup := []string{p.setup}
			for _, f := range done {
				for _, st := range f.Statements {
					setup = append(setup, st.SQL)
				}
			}
			url := testenv.DatabaseWith(t, strings.Join(setup, ";\n"))
			res, _ := run(t, url, done, todo, preflight.Options{})
			var bad []string
			for _, f := range res.Findings {
				line := f.Location.String() + " " + f.Severity.String() + " " + f.RuleID + " " + f.Message
				t.Log(line)
				if f.Severity >= finding.SeverityWarning && (f.RuleID == preflight.NotChecked.ID || f.Severity == finding.SeverityError) {
					bad = append(bad, line)
				}
			}
			for _, n := range res.Notes {
				t.Log("note: " + n)
			}
			if len(bad) > 0 {
				t.Errorf("%d findings on empty tables (a failed query, or a failure no row can cause):\n%s", len(bad), strings.Join(bad, "\n"))
			}
		})
	}
}
