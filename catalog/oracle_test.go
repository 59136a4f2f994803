package catalog_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/catalog/introspect"
	"github.com/schemacheck/schemacheck/internal/pgtree"
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

// stopsAt says where PostgreSQL itself stops applying a project here, and
// why: the oracle compares everything applied before that statement. A
// project that stops elsewhere fails the test (earlier: the oracle lost
// coverage; later or not at all: update the table, it must stay true).
var stopsAt = map[string]struct{ file, why string }{
	"hatchet": {"20260424205453_v1_0_100.sql",
		"it locks v1_dags_olap_new, a table no migration creates (the application creates it at run time)"},
	"supabase-postgres": {"10000000000000_demote-postgres.sql",
		"the migrations expect what Supabase's Postgres image creates before them: the auth schema, roles " +
			"(supabase_admin, …) and extensions (pgjwt, pgsodium) that a stock PostgreSQL does not have"},
	"lemmy": {"2025-",
		"a 2025 migration uses a subquery in FROM without an alias, which needs PostgreSQL 16; the test server is 15"},
}

// TestOracle applies each project's up migrations to a fresh database, as
// the project's tool runs them, up to the first statement PostgreSQL
// refuses; introspects the database; and compares it with the catalog
// replayed from exactly the statements that took effect. Column defaults
// are compared by value: PostgreSQL itself prints the replay's expression
// for the column (see defaultsByValue). Index expressions are compared by
// presence.
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
			conn := testenv.Connect(t, url)
			replayed := catalog.New()
			if p.setup != "" {
				if _, err := conn.Exec(ctx, p.setup); err != nil {
					t.Fatal(err)
				}
				res, _ := pgtree.Parse(p.setup)
				for _, s := range res.Stmts {
					_ = replayed.Apply(s.Stmt)
				}
			}
			total, applied := 0, 0
			var text strings.Builder // every statement that took effect
			var stop error
			for _, m := range set.Migrations {
				if m.Up != nil {
					total += len(m.Up.Statements)
				}
			}
			for _, m := range set.Migrations {
				if m.Up == nil || stop != nil {
					continue
				}
				took, err := apply(ctx, conn, m.Up)
				for _, st := range took {
					_ = replayed.Apply(st.Node)
					text.WriteString(strings.ToLower(st.SQL))
				}
				applied += len(took)
				stop = err
			}
			want, listed := stopsAt[p.project]
			switch {
			case stop == nil && listed:
				t.Errorf("%s is listed as stopping at %s (%s) but applied completely: remove it from stopsAt", p.project, want.file, want.why)
			case stop != nil && !listed:
				t.Fatalf("PostgreSQL stopped after %d of %d statements: %v", applied, total, stop)
			case stop != nil && !strings.Contains(stop.Error(), want.file):
				t.Fatalf("PostgreSQL stopped after %d of %d statements, not in %s as listed: %v", applied, total, want.file, stop)
			}
			t.Logf("compared %d of %d statements (%.0f%%)", applied, total, 100*float64(applied)/float64(max(total, 1)))
			if stop != nil {
				t.Logf("PostgreSQL stopped: %v", stop)
			}
			if changes := differences(ctx, t, conn, replayed, text.String()); len(changes) > 0 {
				t.Errorf("%d differences between the database and the replayed catalog (live → replayed):\n%s", len(changes), listChanges(changes))
			}
		})
	}
}

// TestOracleFixtures runs each testdata/oracle/*.sql file on a fresh
// database, statement by statement, and requires the replayed catalog to
// match it: one file per class of statement the replay must follow
// (renames, CASCADE, DO blocks, defaults).
func TestOracleFixtures(t *testing.T) {
	paths, _ := filepath.Glob("testdata/oracle/*.sql")
	if len(paths) == 0 {
		t.Fatal("no fixtures")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			f := migration.ParseFile(path, src, migration.FileOptions{})[0]
			if len(f.Findings) > 0 {
				t.Fatalf("fixture does not parse: %v", f.Findings)
			}
			url := testenv.Database(t)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			conn := testenv.Connect(t, url)
			if _, err := apply(ctx, conn, f); err != nil {
				t.Fatalf("PostgreSQL refuses the fixture: %v", err)
			}
			replayed := catalog.Replay(nil, []*migration.File{f}, nil)
			// Uncertainty hides differences, so a fixture names the tables
			// it expects to be uncertain (`-- uncertain: t`); any other is a
			// fact the replay gave up on.
			for _, tb := range replayed.Tables() {
				if tb.Uncertain && !strings.Contains(string(src), "-- uncertain: "+tb.Name.Name+"\n") {
					t.Errorf("the replay marks %s uncertain", tb.Name)
				}
			}
			if changes := differences(ctx, t, conn, replayed, strings.ToLower(string(src))); len(changes) > 0 {
				t.Errorf("%d differences between the database and the replayed catalog (live → replayed):\n%s", len(changes), listChanges(changes))
			}
		})
	}
}

// differences introspects the database and compares it with replayed;
// sql is the text of every statement applied, lowercased.
func differences(ctx context.Context, t *testing.T, conn *pgx.Conn, replayed *catalog.Catalog, sql string) []catalog.Change {
	t.Helper()
	live, err := introspect.Read(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	defaultsByValue(ctx, t, conn, live, replayed)
	normalize(live)
	normalize(replayed)
	var changes []catalog.Change
	runtimeNamed := 0
	for _, c := range catalog.Diff(live, replayed) {
		switch {
		case onUncertainTable(replayed, c):
		case namedAtRunTime(c, sql):
			runtimeNamed++
		default:
			changes = append(changes, c)
		}
	}
	if runtimeNamed > 0 {
		t.Logf("not compared: %d objects that functions the migrations call created under names computed at run time", runtimeNamed)
	}
	return changes
}

func listChanges(changes []catalog.Change) string {
	var lines []string
	for i, c := range changes {
		if i == 40 {
			lines = append(lines, fmt.Sprintf("… %d more", len(changes)-40))
			break
		}
		lines = append(lines, c.String())
	}
	return strings.Join(lines, "\n")
}

// apply runs a file as its tool would: in one transaction when the tool
// wraps files (or PostgreSQL runs the file as one implicit transaction),
// statement by statement otherwise (explicit BEGIN/COMMIT in the file then
// act on the connection as written). It returns the statements that took
// effect: none of a wrapped file that failed, since its transaction rolled
// back; those before the failing one otherwise.
func apply(ctx context.Context, conn *pgx.Conn, f *migration.File) ([]*migration.Statement, error) {
	run := func(exec func(string) error) (int, error) {
		for i, st := range f.Statements {
			if err := exec(st.SQL); err != nil {
				return i, fmt.Errorf("cannot apply %s (%s): %w", st.Pos, firstLine(st.SQL), err)
			}
		}
		return len(f.Statements), nil
	}
	if !f.ToolWraps {
		// A failed statement inside an explicit BEGIN leaves the
		// transaction aborted: roll it back, and what it did with it.
		n, err := run(func(sql string) error { _, err := conn.Exec(ctx, sql); return err })
		if err != nil && conn.PgConn().TxStatus() != 'I' {
			_, _ = conn.Exec(ctx, "ROLLBACK")
			for n > 0 && f.Statements[n-1].InTransaction() {
				n--
			}
		}
		return f.Statements[:n], err
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(ctx)
	if _, err := run(func(sql string) error { _, err := tx.Exec(ctx, sql); return err }); err != nil {
		return nil, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("%s: commit: %w", f.Path, err)
	}
	return f.Statements, nil
}

// defaultsByValue replaces each replayed column default with the text
// PostgreSQL gives that expression on a column of the live column's type,
// so 'x' and 'x'::text, or now() and CURRENT_TIMESTAMP… compare as the
// server sees them and a wrong value is a difference. An expression the
// server refuses keeps its text, marked, and so differs.
func defaultsByValue(ctx context.Context, t *testing.T, conn *pgx.Conn, live, replayed *catalog.Catalog) {
	t.Helper()
	for _, rt := range replayed.Tables() {
		lt := live.Table(rt.Name)
		if lt == nil || rt.Kind != catalog.RelTable && rt.Kind != catalog.RelPartitioned {
			continue
		}
		for _, rc := range rt.Columns {
			lc := lt.Column(rc.Name)
			if rc.Default == nil || lc == nil || lc.Default == nil {
				continue
			}
			if rc.Default.Expr == lc.Default.Expr {
				continue
			}
			rc.Default.Expr = "(refused by PostgreSQL) " + rc.Default.Expr
			if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE TEMP TABLE oracle_default (c %s DEFAULT %s)", lc.Type, rc.Default.Expr[len("(refused by PostgreSQL) "):])); err != nil {
				continue
			}
			var expr string
			if err := conn.QueryRow(ctx, "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'oracle_default'::regclass").Scan(&expr); err == nil {
				rc.Default.Expr = expr
			}
			if _, err := conn.Exec(ctx, "DROP TABLE oracle_default"); err != nil {
				t.Fatal(err)
			}
		}
	}
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

// namedAtRunTime reports whether c is an object only the database has
// whose name no applied statement spells: a function the migrations call
// created it with dynamic SQL (hatchet's dated partitions), so no replay
// can know it.
func namedAtRunTime(c catalog.Change, sql string) bool {
	if c.Kind != catalog.Removed || c.Object != "table" && c.Object != "partitioned table" && c.Object != "index" {
		return false
	}
	_, name, _ := strings.Cut(c.Name, ".")
	return !strings.Contains(sql, strings.ToLower(name))
}

// normalize reduces what the server and the replay legitimately print
// differently: index expression text, and the types of view columns computed by
// expressions (the replay knows the names, not the result types).
func normalize(c *catalog.Catalog) {
	for _, t := range c.Tables() {
		if t.Kind == catalog.RelView || t.Kind == catalog.RelMatView {
			for _, col := range t.Columns {
				col.Type, col.NotNull = catalog.Type{}, false
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
