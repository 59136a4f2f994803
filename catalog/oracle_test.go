package catalog_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/catalog/introspect"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/migration"
)

// oracleProjects are the corpus projects whose migrations are applied to a
// real PostgreSQL and compared with the replayed catalog.
var oracleProjects = []struct {
	project      string
	placeholders map[string]string
	// setup is what the project's migration tool creates before the first
	// migration runs; it is applied to the database and the replay alike.
	setup string
}{
	// golang-migrate creates its bookkeeping table, which harbor's 2.0.0
	// migration alters.
	{"harbor", nil, "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)"},
	{"temporal", nil, ""},
	{"ory-kratos", nil, ""},
	// supabase auth's runner creates the namespace schema first.
	{"supabase-auth", map[string]string{"Namespace": "auth"}, "CREATE SCHEMA auth"},
	{"hatchet", nil, ""},
	{"openfga", nil, ""},
	{"supabase-postgres", nil, ""},
	{"openmeter", nil, ""},
	{"lemmy", nil, ""},
	{"documenso", nil, ""},
	{"ontrack", nil, ""},
}

// cannotApply lists the projects PostgreSQL itself cannot apply here, with
// why. Any other project that fails to apply fails the test, and a listed
// project that applies cleanly fails it too (the list must stay true).
var cannotApply = map[string]string{
	"hatchet":           "a migration locks v1_dags_olap_new, a table no migration creates (the application creates it at run time)",
	"supabase-postgres": "the migrations expect the roles and schemas of Supabase's Postgres image (auth, extensions, pgsodium, …)",
	"lemmy":             "a 2025 migration uses a subquery in FROM without an alias, which needs PostgreSQL 16; the test server is 15",
}

// TestOracle applies each project's up migrations to a fresh database,
// introspects it, and compares it with the catalog replayed from the same
// statements. Column defaults and index expressions are compared by
// presence, since the server prints expressions its own way.
func TestOracle(t *testing.T) {
	for _, p := range oracleProjects {
		t.Run(p.project, func(t *testing.T) {
			set, err := migration.Load(os.DirFS(testenv.CorpusMigrationDir(t, p.project)), ".", migration.Options{Placeholders: p.placeholders})
			if err != nil {
				t.Fatal(err)
			}
			url := testenv.Database(t)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(context.Background())
			replayed := catalog.New()
			if p.setup != "" {
				if _, err := conn.Exec(ctx, p.setup); err != nil {
					t.Fatal(err)
				}
				res, _ := pg_query.Parse(p.setup)
				for _, s := range res.Stmts {
					_ = replayed.Apply(s.Stmt)
				}
			}
			for _, m := range set.Migrations {
				if m.Up == nil {
					continue
				}
				if err := apply(ctx, conn, m.Up); err != nil {
					if reason, ok := cannotApply[p.project]; ok {
						t.Skipf("allow-listed: %s (PostgreSQL %v)", reason, err)
					}
					t.Fatalf("PostgreSQL %v", err)
				}
				for _, st := range m.Up.Statements {
					_ = replayed.Apply(st.Node)
				}
			}
			if reason, ok := cannotApply[p.project]; ok {
				t.Errorf("%s is allow-listed as not applicable (%s) but applied cleanly: remove it from cannotApply", p.project, reason)
			}
			live, err := introspect.Read(ctx, conn)
			if err != nil {
				t.Fatal(err)
			}
			normalize(live)
			normalize(replayed)
			var changes []catalog.Change
			for _, c := range catalog.Diff(live, replayed) {
				if !onUncertainTable(replayed, c) {
					changes = append(changes, c)
				}
			}
			if len(changes) > 0 {
				var lines []string
				for i, c := range changes {
					if i == 25 {
						lines = append(lines, fmt.Sprintf("… %d more", len(changes)-25))
						break
					}
					lines = append(lines, c.String())
				}
				t.Errorf("%d differences between the database and the replayed catalog (live → replayed):\n%s", len(changes), strings.Join(lines, "\n"))
			}
		})
	}
}

// apply runs a file as its tool would: in one transaction when the tool
// wraps files, statement by statement otherwise (explicit BEGIN/COMMIT in
// the file then act on the connection as written).
func apply(ctx context.Context, conn *pgx.Conn, f *migration.File) error {
	run := func(exec func(string) error) error {
		for _, st := range f.Statements {
			if err := exec(st.SQL); err != nil {
				return fmt.Errorf("cannot apply %s (%s): %w", st.Pos, firstLine(st.SQL), err)
			}
		}
		return nil
	}
	if !f.ToolWraps {
		return run(func(sql string) error { _, err := conn.Exec(ctx, sql); return err })
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	if err := run(func(sql string) error { _, err := tx.Exec(ctx, sql); return err }); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// onUncertainTable reports whether a change is about a table the replay
// marked uncertain (a DO block or dynamic SQL may have changed it): the
// catalog says it does not know, so a difference there is not a wrong fact.
func onUncertainTable(c *catalog.Catalog, ch catalog.Change) bool {
	for _, t := range c.Tables() {
		if t.Uncertain && (ch.Name == t.Name.String() || strings.HasPrefix(ch.Name, t.Name.String()+".") || strings.HasSuffix(ch.Detail, "on "+t.Name.String())) {
			return true
		}
	}
	return false
}

// normalize reduces what the server and the replay legitimately print
// differently: expression text, and the types of view columns computed by
// expressions (the replay knows the names, not the result types).
func normalize(c *catalog.Catalog) {
	for _, t := range c.Tables() {
		if t.Kind == catalog.RelView || t.Kind == catalog.RelMatView {
			for _, col := range t.Columns {
				col.Type, col.NotNull = catalog.Type{}, false
			}
		}
		for _, col := range t.Columns {
			if col.Default != nil {
				col.Default = &catalog.Default{Expr: "(present)"}
			}
		}
		for _, ix := range c.IndexesOn(t.Name) {
			for i, col := range ix.Columns {
				if strings.HasPrefix(col, "(") {
					ix.Columns[i] = "(expr)"
				}
			}
		}
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}

// BenchmarkReplayCorpus parses every corpus project and replays its up
// migrations into a catalog.
func BenchmarkReplayCorpus(b *testing.B) {
	statements := 0
	for b.Loop() {
		statements = 0
		for _, p := range oracleProjects {
			set, err := migration.Load(os.DirFS(testenv.CorpusMigrationDir(b, p.project)), ".", migration.Options{Placeholders: p.placeholders})
			if err != nil {
				b.Fatal(err)
			}
			c := catalog.New()
			for _, m := range set.Migrations {
				if m.Up == nil {
					continue
				}
				for _, st := range m.Up.Statements {
					_ = c.Apply(st.Node)
					statements++
				}
			}
		}
	}
	b.ReportMetric(float64(statements), "statements/op")
}
