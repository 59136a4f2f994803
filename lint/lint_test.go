package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/migration"
)

func parse(t *testing.T, sql string) *migration.File {
	t.Helper()
	return parseAs(t, "m.sql", sql)
}

func parseAs(t *testing.T, path, sql string) *migration.File {
	t.Helper()
	return migration.ParseFile(path, []byte(sql), migration.FileOptions{})[0]
}

func names(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.RuleName)
	}
	slices.Sort(out)
	return out
}

// TestScope: a table created in an earlier file is new only when the files
// are one change (a pull request), not when they are history.
func TestScope(t *testing.T) {
	create := parse(t, "CREATE TABLE t (id bigint PRIMARY KEY, v text);")
	index := parse(t, "SET lock_timeout = '1s';\nSET statement_timeout = '5min';\nCREATE INDEX t_v_idx ON t (v);")
	history := Run(Input{Files: []*migration.File{create, index}, Scope: ScopeFile})
	if got := names(history); !slices.Equal(got, []string{"require-concurrent-index"}) {
		t.Errorf("ScopeFile: %v", got)
	}
	change := Run(Input{Files: []*migration.File{create, index}, Scope: ScopeChange})
	if len(change) != 0 {
		t.Errorf("ScopeChange: a table created in the same change must not be flagged: %v", names(change))
	}
}

// TestScopeUnit: in history, the files of one migration a layout splits
// over several (popx's numbered parts of one timestamp) deploy together,
// so a table one part creates is new in the next; the parts of different
// migrations are not.
func TestScopeUnit(t *testing.T) {
	const create = "CREATE TABLE t (id bigint PRIMARY KEY, v text);"
	const index = "SET lock_timeout = '1s';\nSET statement_timeout = '5min';\nCREATE INDEX t_v_idx ON t (v);"
	for _, tc := range []struct {
		second string
		want   []string
	}{
		{"20200830154602000001_add.postgres.up.sql", nil},
		{"20200830154603000000_add.postgres.up.sql", []string{"require-concurrent-index"}},
	} {
		fsys := fstest.MapFS{
			"20200830154602000000_add.postgres.up.sql": {Data: []byte(create)},
			tc.second: {Data: []byte(index)},
		}
		set, err := migration.Load(fsys, ".", migration.Options{Layout: migration.LayoutPopx})
		if err != nil {
			t.Fatal(err)
		}
		var files []*migration.File
		for _, m := range set.Migrations {
			files = append(files, m.Up)
		}
		if got := names(Run(Input{Files: files, Scope: ScopeFile})); !slices.Equal(got, tc.want) {
			t.Errorf("index in %s: %v, want %v", tc.second, got, tc.want)
		}
	}
}

func TestBaseCatalogDecidesTypeChanges(t *testing.T) {
	base := parseAs(t, "1.sql", "CREATE TABLE t (id bigint PRIMARY KEY, v varchar(10));")
	widen := parseAs(t, "2.sql", "SET lock_timeout = '1s';\nALTER TABLE t ALTER COLUMN v TYPE varchar(20);")
	narrow := parseAs(t, "3.sql", "SET lock_timeout = '1s';\nSET statement_timeout = '5min';\nALTER TABLE t ALTER COLUMN v TYPE varchar(5);")
	var got []string
	for _, f := range Run(Input{Files: []*migration.File{base, widen, narrow}}) {
		if f.Location.File != "1.sql" {
			got = append(got, f.Location.File+" "+f.RuleName)
		}
	}
	slices.Sort(got)
	want := []string{"3.sql alter-column-type-rewrites-table", "3.sql incompatible-type-change"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v (widening varchar is binary-coercible, narrowing is not)", got, want)
	}
}

// TestCorpus lints every project of the corpus: no panic, and the counts
// per rule are logged (go test ./lint -run TestCorpus -v) for comparison
// with other linters.
func TestCorpus(t *testing.T) {
	root := filepath.Join(testenv.Corpus(t), "migrations")
	projects, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	total := 0
	for _, p := range projects {
		if !p.IsDir() {
			continue
		}
		dir := testenv.CorpusMigrationDir(t, p.Name())
		set, err := migration.Load(os.DirFS(dir), ".", migration.Options{})
		if err != nil {
			t.Fatalf("%s: %v", p.Name(), err)
		}
		var files []*migration.File
		for _, m := range set.Migrations {
			if m.Up != nil {
				files = append(files, m.Up)
			}
		}
		for _, f := range Run(Input{Files: files, Scope: ScopeFile}) {
			if f.Location.File == "" || f.RuleID == "" {
				t.Errorf("%s: finding without file or rule: %+v", p.Name(), f)
			}
			counts[f.RuleName]++
			total++
		}
	}
	var lines []string
	for name, n := range counts {
		lines = append(lines, fmt.Sprintf("%6d  %s", n, name))
	}
	slices.Sort(lines)
	t.Logf("%d findings over the corpus:\n%s", total, strings.Join(lines, "\n"))
}

func BenchmarkLintCorpus(b *testing.B) {
	root := filepath.Join(testenv.Corpus(b), "migrations")
	projects, _ := os.ReadDir(root)
	for b.Loop() {
		for _, p := range projects {
			if !p.IsDir() {
				continue
			}
			set, err := migration.Load(os.DirFS(testenv.CorpusMigrationDir(b, p.Name())), ".", migration.Options{})
			if err != nil {
				b.Fatal(err)
			}
			var files []*migration.File
			for _, m := range set.Migrations {
				if m.Up != nil {
					files = append(files, m.Up)
				}
			}
			Run(Input{Files: files, Scope: ScopeFile})
		}
	}
}

// TestPG18ParseNote: when the target is PostgreSQL 18, the first parse
// error of the run (and only it) says the grammar is 17's, and the
// specific PG18 hints stay.
func TestPG18ParseNote(t *testing.T) {
	files := []*migration.File{
		parseAs(t, "1.sql", "ALTER TABLE t ADD CONSTRAINT t_a_nn NOT NULL a;"),
		parseAs(t, "2.sql", "ALTER TABLE t ADD COLUMN b int GENERATED ALWAYS AS (a * 2) VIRTUAL;"),
		// lemmy's down scripts: the table-constraint form inside CREATE TABLE.
		parseAs(t, "3.sql", "CREATE TABLE m (id int, published timestamptz,\n    CONSTRAINT m_published_not_null NOT NULL published\n);"),
		// A named NOT NULL column constraint is PostgreSQL 17 syntax; the
		// error here is elsewhere, and no hint is given.
		parseAs(t, "4.sql", "CREATE TABLE n (id int CONSTRAINT n_id_nn NOT NULL DEFAULT 1, v text,);"),
	}
	for _, pg := range []int{17, 18} {
		var notes, errs int
		for _, f := range Run(Input{Files: files, PGVersion: pg}) {
			if f.RuleID != migration.RuleParseError.ID {
				continue
			}
			errs++
			if strings.Contains(f.Message, "PostgreSQL 17's grammar") {
				notes++
			}
			hinted := strings.Contains(f.Message, "PostgreSQL 18 syntax")
			if want := f.Location.File == "1.sql" || f.Location.File == "3.sql"; hinted != want {
				t.Errorf("PostgreSQL %d: %s: the CONSTRAINT … NOT NULL hint given %v, want %v: %s", pg, f.Location.File, hinted, want, f.Message)
			}
		}
		want := map[int]int{17: 0, 18: 1}[pg]
		if errs != 4 || notes != want {
			t.Errorf("PostgreSQL %d: %d parse errors with %d notes, want 4 with %d", pg, errs, notes, want)
		}
	}
}

// TestSessionSettings: timeouts the migration tool's connection sets
// before each file (databases[].session in the config) satisfy the
// timeout rules as a SET at the top of the file would, named in any
// letter case; 0 is no timeout.
func TestSessionSettings(t *testing.T) {
	table := parseAs(t, "1.sql", "CREATE TABLE t (id bigint PRIMARY KEY, v text);")
	index := parseAs(t, "2.sql", "CREATE INDEX CONCURRENTLY t_v ON t (v);\nALTER TABLE t ALTER COLUMN v SET NOT NULL;")
	for _, tc := range []struct {
		session map[string]string
		want    []string
	}{
		{nil, []string{"require-lock-timeout", "require-statement-timeout", "set-not-null-without-check"}},
		{map[string]string{"lock_timeout": "5s"}, []string{"require-statement-timeout", "set-not-null-without-check"}},
		{map[string]string{"lock_timeout": "'2s'", "statement_timeout": "15min"}, []string{"set-not-null-without-check"}},
		{map[string]string{"lock_timeout": "0", "statement_timeout": "0ms"}, []string{"require-lock-timeout", "require-statement-timeout", "set-not-null-without-check"}},
		{map[string]string{"lock_timeout": "3000"}, []string{"require-statement-timeout", "set-not-null-without-check"}},
		// Setting names are case-insensitive in PostgreSQL.
		{map[string]string{"Lock_Timeout": "2s", "STATEMENT_TIMEOUT": "1min"}, []string{"set-not-null-without-check"}},
	} {
		var got []string
		for _, f := range Run(Input{Files: []*migration.File{table, index}, Session: tc.session}) {
			if f.Location.File == "2.sql" {
				got = append(got, f.RuleName)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, tc.want) {
			t.Errorf("session %v: %v, want %v", tc.session, got, tc.want)
		}
	}
}

// TestSessionTimeZone: a TimeZone the migration tool's connection sets
// (databases[].session, any letter case) decides whether a conversion
// between timestamp and timestamptz rewrites the table, as a SET would.
func TestSessionTimeZone(t *testing.T) {
	table := parseAs(t, "1.sql", "CREATE TABLE t (id bigint PRIMARY KEY, at timestamp);")
	change := parseAs(t, "2.sql", "ALTER TABLE t ALTER COLUMN at TYPE timestamptz;")
	for _, tc := range []struct {
		session map[string]string
		rewrite bool
	}{
		{nil, true},
		{map[string]string{"TimeZone": "UTC"}, false},
		{map[string]string{"timezone": "Etc/UTC"}, false},
		{map[string]string{"TimeZone": "Europe/Berlin"}, true},
	} {
		rewrite := false
		for _, f := range Run(Input{Files: []*migration.File{table, change}, Session: tc.session}) {
			rewrite = rewrite || f.RuleName == "alter-column-type-rewrites-table"
		}
		if rewrite != tc.rewrite {
			t.Errorf("session %v: rewrite reported %v, want %v", tc.session, rewrite, tc.rewrite)
		}
	}
}

// Suppress filters the run's findings in place: a copy would double the
// largest slice of a run at its peak.
func TestSuppressFiltersInPlace(t *testing.T) {
	f := parse(t, "-- schemacheck:ignore require-concurrent-index\nCREATE INDEX i ON t (a);\nCREATE INDEX j ON t (b);\n")
	findings := []finding.Finding{
		{RuleID: "SC-DB101", RuleName: "require-concurrent-index", Location: finding.Location{File: "m.sql", Line: 2, Column: 1}},
		{RuleID: "SC-DB101", RuleName: "require-concurrent-index", Location: finding.Location{File: "m.sql", Line: 3, Column: 1}},
	}
	out := Suppress([]*migration.File{f}, findings, nil)
	if len(out) == 0 || &out[0] != &findings[0] {
		t.Fatalf("Suppress copied the findings (got %d)", len(out))
	}
	if out[0].Location.Line != 3 {
		t.Errorf("kept %v, want the unsuppressed finding on line 3", out[0].Location)
	}
}

// TestDoBlockFindingsPointAtTheirStatement: a finding on a statement a DO
// block runs is placed where that statement is written in the body (and
// a parse-tree location in it, such as a column's, resolves there too),
// not at the DO keyword: supabase's storage migrations hold most of their
// changes in DO blocks, and every finding stood at line 1. A body quoted
// with '…' and doubled quotes is not written verbatim, so its findings
// stay at the DO.
func TestDoBlockFindingsPointAtTheirStatement(t *testing.T) {
	base := parseAs(t, "0.sql", "CREATE TABLE t (id bigint PRIMARY KEY, v text);")
	for _, tc := range []struct{ sql, want string }{
		{"SET lock_timeout = '1s';\nDO $$\nBEGIN\n    CREATE INDEX t_v_idx ON t (v);\nEND $$;", "1.sql:4:5 require-concurrent-index"},
		{"SET lock_timeout = '1s';\nDO $$ BEGIN CREATE INDEX t_v_idx ON t (v); END $$;", "1.sql:2:13 require-concurrent-index"},
		{"SET lock_timeout = '1s';\nDO $do$\nBEGIN\n  IF true THEN CREATE INDEX t_v_idx ON t (v); END IF;\nEND\n$do$;", "1.sql:4:16 require-concurrent-index"},
		{"SET lock_timeout = '1s';\nDO $$\nBEGIN\n  ALTER TABLE t\n    ADD COLUMN w int NOT NULL;\nEND $$;", "1.sql:4:3 add-not-null-column-without-default"},
		{"SET lock_timeout = '1s';\nDO 'BEGIN CREATE INDEX t_v_idx ON t (v); PERFORM ''x''; END';", "1.sql:2:1 require-concurrent-index"},
	} {
		var got []string
		for _, f := range Run(Input{Files: []*migration.File{base, parseAs(t, "1.sql", tc.sql)}}) {
			if f.Location.File == "1.sql" && f.RuleName != "statement-after-exclusive-lock" {
				got = append(got, f.Location.String()+" "+f.RuleName)
			}
		}
		if !slices.Contains(got, tc.want) {
			t.Errorf("%q: findings %v, want %s", tc.sql, got, tc.want)
		}
	}
}
