package rules_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/lint"
	"github.com/schemacheck/schemacheck/migration"
	"github.com/schemacheck/schemacheck/rules"
)

var (
	wantComment = regexp.MustCompile(`--\s*want:\s*([a-z0-9, -]+?)\s*$`)
	pgDirective = regexp.MustCompile(`(?m)^--\s*pg-version:\s*(\d+)`)
)

// TestFixtures runs every testdata/*.sql fixture. Statements above a line
// `-- @change` build the base schema (already deployed, not linted); the
// rest is linted as one migration file. A line ending in
// `-- want: rule-a, rule-b` must get exactly those findings (on the
// statement that starts on that line); every other line must get none.
// Directives: `-- pg-version: N`, `-- tool-wraps` (the tool runs the file
// in a transaction), `-- notransaction` (the tool was told not to), and
// `-- @file` lines, which start another migration file of the change.
func TestFixtures(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.sql")
	if len(paths) == 0 {
		t.Fatal("no fixtures")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got, want := lintFixture(t, path, src)
			lines := map[int]bool{}
			for l := range got {
				lines[l] = true
			}
			for l := range want {
				lines[l] = true
			}
			for l := range lines {
				g, w := got[l], want[l]
				slices.Sort(g)
				slices.Sort(w)
				if !slices.Equal(g, w) {
					t.Errorf("%s:%d: got %v, want %v", path, l, g, w)
				}
			}
		})
	}
}

func lintFixture(t *testing.T, path string, src []byte) (got, want map[int][]string) {
	t.Helper()
	fx := runFixture(t, path, src)
	got = map[int][]string{}
	for _, f := range fx.findings {
		got[f.Location.Line] = append(got[f.Location.Line], f.RuleName)
	}
	return got, fx.want
}

// fixture is a linted fixture: the base schema's statements, the change's,
// the target version, what the want comments expect and what lint found.
type fixture struct {
	base, change []*migration.Statement
	pg           int
	want         map[int][]string
	findings     []finding.Finding
}

func runFixture(t *testing.T, path string, src []byte) fixture {
	t.Helper()
	opts := migration.FileOptions{
		Wraps:         strings.Contains(string(src), "-- tool-wraps"),
		NoTransaction: strings.Contains(string(src), "-- notransaction"),
	}
	file := migration.ParseFile(path, src, opts)[0]
	if len(file.Findings) > 0 && !strings.Contains(path, "suppress") {
		t.Fatalf("fixture does not parse: %v", file.Findings)
	}
	changeLine := 0
	var fileLines []int
	want := map[int][]string{}
	for i, line := range strings.Split(string(src), "\n") {
		switch strings.TrimSpace(line) {
		case "-- @change":
			changeLine = i + 1
		case "-- @file":
			fileLines = append(fileLines, i+1)
		}
		if m := wantComment.FindStringSubmatch(line); m != nil {
			for _, name := range strings.Split(m[1], ",") {
				want[i+1] = append(want[i+1], strings.TrimSpace(name))
			}
		}
	}
	base := catalog.New()
	fx := fixture{want: want, pg: 16}
	for _, st := range file.Statements {
		if st.Pos.Line < changeLine {
			_ = base.Apply(st.Node)
			fx.base = append(fx.base, st)
		} else {
			fx.change = append(fx.change, st)
		}
	}
	file.Statements = fx.change
	if m := pgDirective.FindSubmatch(src); m != nil {
		fx.pg, _ = strconv.Atoi(string(m[1]))
	}
	// `-- @file` lines split the change into migration files, linted in
	// order, so rules that report once per file can be shown repeatedly.
	files := []*migration.File{file}
	for _, at := range fileLines {
		last := files[len(files)-1]
		next := *last
		next.Path = fmt.Sprintf("%s#%d", path, at)
		next.Statements, next.Findings = nil, nil
		var keep []*migration.Statement
		for _, st := range last.Statements {
			if st.Pos.Line > at {
				next.Statements = append(next.Statements, st)
			} else {
				keep = append(keep, st)
			}
		}
		last.Statements = keep
		files = append(files, &next)
	}
	fx.findings = lint.Run(lint.Input{Base: base, Files: files, PGVersion: fx.pg})
	return fx
}

// TestEveryRuleIsDocumentedAndTested fails when a rule lacks any part of
// its documentation or never appears in a fixture's want comment.
func TestEveryRuleIsDocumentedAndTested(t *testing.T) {
	var fixtures strings.Builder
	paths, _ := filepath.Glob("testdata/*.sql")
	for _, p := range paths {
		b, _ := os.ReadFile(p)
		fixtures.Write(b)
	}
	seen := map[string]bool{}
	for _, r := range rules.Rules() {
		if seen[r.ID] || seen[r.Name] {
			t.Errorf("%s %s: duplicate ID or name", r.ID, r.Name)
		}
		seen[r.ID], seen[r.Name] = true, true
		for field, v := range map[string]string{"Summary": r.Summary, "Rationale": r.Rationale, "Bad": r.Bad, "Good": r.Good, "Fix": r.Fix} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("%s %s: %s is empty", r.ID, r.Name, field)
			}
		}
		if !regexp.MustCompile(`want:[a-z0-9, -]*\b` + regexp.QuoteMeta(r.Name) + `\b`).MatchString(fixtures.String()) {
			t.Errorf("%s %s: no fixture line expects it", r.ID, r.Name)
		}
	}
}

// TestFingerprintsIgnorePosition shifts every fixture down by one line (and
// one byte) and requires the same fingerprints: a fingerprint that holds a
// line number or offset would turn every baselined finding below an edit
// into a new one.
func TestFingerprintsIgnorePosition(t *testing.T) {
	paths, _ := filepath.Glob("testdata/*.sql")
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			prints := func(src []byte) []string {
				file := migration.ParseFile(path, src, migration.FileOptions{Wraps: strings.Contains(string(src), "-- tool-wraps")})[0]
				fs := lint.Run(lint.Input{Files: []*migration.File{file}})
				finding.Sort(fs)
				var out []string
				for _, f := range fs {
					out = append(out, f.RuleName+" "+f.Fingerprint)
				}
				slices.Sort(out)
				return out
			}
			a, b := prints(src), prints(append([]byte("\n"), src...))
			for _, x := range a {
				if !slices.Contains(b, x) {
					t.Errorf("after shifting the file by a line, lost %s", x)
				}
			}
		})
	}
}

// TestExamples lints every rule's documented examples on the schema the
// rule says they assume (Given): the bad example must get a finding of
// the rule, the good example none.
func TestExamples(t *testing.T) {
	lintExample := func(given, sql string, pg int) []string {
		base := catalog.New()
		if given != "" {
			for _, st := range migration.ParseFile("given.sql", []byte(given), migration.FileOptions{})[0].Statements {
				if err := base.Apply(st.Node); err != nil {
					t.Errorf("given: %v", err)
				}
			}
		}
		files := migration.ParseFile("example.sql", []byte(sql), migration.FileOptions{})
		var names []string
		for _, f := range lint.Run(lint.Input{Base: base, Files: files, Scope: lint.ScopeChange, PGVersion: pg}) {
			names = append(names, f.RuleName)
		}
		return names
	}
	// The bad example must be flagged on some supported version (a rule
	// may be about one), the good one on none from 12, the versions the
	// lock table is verified on (before 12 some fixes do not exist: a
	// CHECK does not spare SET NOT NULL its scan).
	for _, r := range rules.All() {
		var flagged []int
		var bad []string
		for pg := 10; pg <= 18; pg++ {
			got := lintExample(r.Given, r.Bad, pg)
			if slices.Contains(got, r.Name) {
				flagged = append(flagged, pg)
			}
			bad = got
			if got := lintExample(r.Given, r.Good, pg); pg >= 12 && slices.Contains(got, r.Name) {
				t.Errorf("%s %s: the good example gets the rule on PostgreSQL %d:\n%s", r.ID, r.Name, pg, r.Good)
			}
		}
		if len(flagged) == 0 {
			t.Errorf("%s %s: the bad example gets %v, not the rule:\n%s", r.ID, r.Name, bad, r.Bad)
		}
	}
	for _, r := range []finding.Rule{rules.UnknownSuppression, rules.UnusedSuppression} {
		if got := lintExample("", r.Bad, 16); !slices.Contains(got, r.Name) {
			t.Errorf("%s %s: the bad example gets %v, not the rule", r.ID, r.Name, got)
		}
		if got := lintExample("", r.Good, 16); slices.Contains(got, r.Name) {
			t.Errorf("%s %s: the good example gets the rule", r.ID, r.Name)
		}
	}
}

// TestIndexLockNamesTable: a statement that takes one lock mode on an
// index and on its table (DROP INDEX) is reported as holding the table,
// whose reads and writes wait; where the index's lock is the stronger
// one (REINDEX INDEX: ACCESS EXCLUSIVE on the index, SHARE on the table)
// the index is named, as PostgreSQL locks it.
func TestIndexLockNamesTable(t *testing.T) {
	given := "CREATE TABLE t (c int);\nCREATE INDEX t_c_idx ON t (c);"
	for _, tc := range []struct {
		sql, names string
	}{
		{"BEGIN;\nDROP INDEX t_c_idx;\nSELECT 1;\nCOMMIT;", "public.t"},
		{"BEGIN;\nREINDEX INDEX t_c_idx;\nSELECT 1;\nCOMMIT;", "public.t_c_idx"},
		// An index the history never created: its table has no name.
		{"BEGIN;\nDROP INDEX IF EXISTS app.gone_idx;\nSELECT 1;\nCOMMIT;", "the table of index app.gone_idx"},
	} {
		got := map[string]string{}
		for _, f := range lintOn(given, tc.sql) {
			got[f.RuleName] = f.Message
		}
		for _, rule := range []string{"require-lock-timeout", "statement-after-exclusive-lock"} {
			msg, ok := got[rule]
			if !ok {
				t.Errorf("%q: no %s finding; got %v", tc.sql, rule, got)
				continue
			}
			if !strings.Contains(msg, "ACCESS EXCLUSIVE on "+tc.names) && !strings.Contains(msg, "ACCESS EXCLUSIVE lock on "+tc.names+" ") {
				t.Errorf("%q: %s names the wrong relation (want %s): %s", tc.sql, rule, tc.names, msg)
			}
		}
	}
}

// TestExclusiveLockCountsStatements: the statements counted as running
// under an ACCESS EXCLUSIVE lock include the one reported, also when it
// runs inside a DO block after the block's statement that took the lock
// (supabase storage's 0014 was told "0 statement(s) from here").
func TestExclusiveLockCountsStatements(t *testing.T) {
	given := "CREATE TABLE b (id bigint PRIMARY KEY, size int, kb int);"
	for _, tc := range []struct{ sql, want string }{
		{"SET lock_timeout = '1s';\nDO $$ BEGIN\n  ALTER TABLE b RENAME COLUMN kb TO size_kb;\n  ALTER TABLE b ALTER COLUMN size TYPE bigint;\nEND $$;", "1 statement(s) from here"},
		// hatchet's v1_0_22 locks, copies, drops and renames in one block.
		{"SET lock_timeout = '1s';\nDO $$ BEGIN\n  ALTER TABLE b RENAME COLUMN kb TO size_kb;\n  UPDATE b SET size = 1;\n  UPDATE b SET size_kb = 2;\nEND $$;", "2 statement(s) from here"},
		{"SET lock_timeout = '1s';\nBEGIN;\nALTER TABLE b RENAME COLUMN kb TO size_kb;\nSELECT 1;\nSELECT 2;\nCOMMIT;", "2 statement(s) from here"},
	} {
		msgs := messagesOf(lintOn(given, tc.sql), "statement-after-exclusive-lock")
		if len(msgs) != 1 || !strings.HasPrefix(msgs[0], tc.want) {
			t.Errorf("%q: statement-after-exclusive-lock %q, want one saying %q", tc.sql, msgs, tc.want)
		}
	}
}

// TestExclusiveLockFollowersThatAddNothing: a statement after the one
// that took ACCESS EXCLUSIVE keeps the table blocked longer only when it
// waits for another lock or works through rows. One that only changes
// the locked table's catalog entry, creates a new table, or touches no
// table at all, is not reported (fider and vaultwarden add two columns in
// two statements); the finding goes to the first statement that does add
// time.
func TestExclusiveLockFollowersThatAddNothing(t *testing.T) {
	given := "CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE TABLE b (id bigint PRIMARY KEY, size int DEFAULT 0, kb int);"
	lock := "SET lock_timeout = '1s';\nBEGIN;\nALTER TABLE b DROP COLUMN kb;\n"
	for _, tc := range []struct{ then, want string }{
		{"ALTER TABLE b ALTER COLUMN size DROP DEFAULT;\nALTER TABLE b ADD COLUMN note text;", ""},
		{"CREATE TABLE c (id bigint PRIMARY KEY, b_id bigint REFERENCES b);", ""},
		// concourse: a trigger's function dropped after the trigger.
		{"DROP FUNCTION IF EXISTS on_b_delete();\nSET lock_timeout = '2s';\nCREATE TYPE k AS ENUM ('x');", ""},
		{"CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM a';", "line 4: 1 statement(s) from here"},
		{"ALTER TABLE b ALTER COLUMN size DROP DEFAULT;\nUPDATE b SET size = 0;", "line 5: 1 statement(s) from here"},
		{"ALTER TABLE a ADD COLUMN note text;", "line 4: 1 statement(s) from here"},
		{"ALTER TABLE b ALTER COLUMN size SET NOT NULL;", "line 4: 1 statement(s) from here"},
		{"CREATE TABLE c (id bigint PRIMARY KEY, a_id bigint REFERENCES a);", "line 4: 1 statement(s) from here"},
		{"CREATE INDEX b_size_idx ON b (size);\nSELECT 1;", "line 4: 2 statement(s) from here"},
	} {
		sql := lock + tc.then + "\nCOMMIT;"
		var got []string
		for _, f := range lintOn(given, sql) {
			if f.RuleName == "statement-after-exclusive-lock" {
				got = append(got, fmt.Sprintf("line %d: %s", f.Location.Line, f.Message))
			}
		}
		switch {
		case tc.want == "" && len(got) > 0:
			t.Errorf("%q: reported %q; the statements after the lock add no time", sql, got)
		case tc.want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], tc.want)):
			t.Errorf("%q: got %q, want one finding at %q", sql, got, tc.want)
		}
	}
}

// TestDropAndRecreateSaysRowsAreLost: a table dropped and created again in
// the same file (authelia replaces its OAuth2 session tables so) still
// exists for the code deployed before: the finding says that its rows are
// lost and that code meets the new definition, not that the table is gone.
func TestDropAndRecreateSaysRowsAreLost(t *testing.T) {
	given := "CREATE TABLE s (id int PRIMARY KEY);\nCREATE TABLE other (id int);"
	for change, want := range map[string]string{
		"SET lock_timeout = '1s';\nDROP TABLE IF EXISTS s;\nCREATE TABLE IF NOT EXISTS s (id bigint PRIMARY KEY);": "dropping table public.s and creating public.s again at line 3 loses every row it holds",
		"SET lock_timeout = '1s';\nDROP TABLE s;\nCREATE TABLE other2 (id bigint);":                                "dropping table public.s breaks code deployed before this migration",
		"SET lock_timeout = '1s';\nCREATE TABLE s2 (id int);\nDROP TABLE s;":                                       "dropping table public.s breaks code deployed before this migration",
		"SET lock_timeout = '1s';\nDO $$ BEGIN\n  DROP TABLE s;\n  ALTER TABLE other RENAME TO s;\nEND $$;":        "dropping table public.s and renaming other to s at line 4 loses every row it holds",
	} {
		wantMessage(t, given, change, "drop-table", want)
	}
}

// TestBigintKeysThatGrow: prefer-bigint-keys reports integer keys whose
// values grow (generated from a sequence, or the whole primary key), not
// integer parts of a composite key that take their values from elsewhere
// (cadence's shard_id and task_type, fider's references in a join table).
func TestBigintKeysThatGrow(t *testing.T) {
	given := "CREATE SEQUENCE s;\nCREATE TABLE p (id bigint PRIMARY KEY);\nCREATE TABLE g (a bigint DEFAULT nextval('s'), b bigint, PRIMARY KEY (a, b));"
	for change, want := range map[string][]string{
		"CREATE TABLE t (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);":                                    {"t.id"},
		"CREATE TABLE t (id serial PRIMARY KEY);":                                                                  {"t.id"},
		"CREATE TABLE t (id integer NOT NULL, PRIMARY KEY (id));":                                                  {"t.id"},
		"CREATE TABLE t (shard_id integer, task_id bigint, kind smallint, PRIMARY KEY (shard_id, task_id, kind));": nil,
		"CREATE TABLE t (p_id integer REFERENCES p, u integer, PRIMARY KEY (p_id, u));":                            nil,
		"CREATE TABLE t (n integer DEFAULT nextval('s'), k integer, PRIMARY KEY (n, k));":                          {"t.n"},
		"SET lock_timeout = '1s';\nALTER TABLE g ALTER COLUMN a TYPE integer;":                                     {"g.a"},
		"SET lock_timeout = '1s';\nALTER TABLE g ALTER COLUMN b TYPE integer;":                                     nil,
	} {
		var got []string
		for _, f := range lintOn(given, change) {
			if f.RuleName == "prefer-bigint-keys" {
				got = append(got, strings.TrimPrefix(strings.Fields(f.Message)[2], "public."))
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: prefer-bigint-keys on %q, want %q", change, got, want)
		}
	}
}

// TestReplacedCopies: a table renamed away while the same file creates a
// table of its old name is a copy (authelia's _bkp_UP_V0002_* tables): the
// rename says that old code meets the new table, and dropping the copy in
// a later file breaks nobody. A plain rename is still a rename, and its
// new name's drop still breaks the code that moved to it.
func TestReplacedCopies(t *testing.T) {
	base := catalog.New()
	_ = base.Apply(migration.ParseFile("given.sql", []byte("CREATE TABLE t (id int);"), migration.FileOptions{})[0].Statements[0].Node)
	for _, tc := range []struct {
		first, later string
		rename, drop string // message prefixes; "" for none
	}{
		{"ALTER TABLE t RENAME TO t_bkp;\nCREATE TABLE t (id bigint);\nINSERT INTO t SELECT id FROM t_bkp;", "DROP TABLE t_bkp;",
			"renaming public.t to t_bkp and creating public.t again at line 3: code deployed before this migration meets the new definition", ""},
		// The same inside a DO block, under IF (river's 005 rebuilds
		// river_migration so): the block's later statements follow the
		// rename, and the copy is dropped there under a name no code knew.
		{"DO $$ BEGIN\n  IF to_regclass('t') IS NOT NULL THEN\n    ALTER TABLE t RENAME TO t_old;\n    CREATE TABLE t (id bigint);\n    DROP TABLE t_old;\n  END IF;\nEND $$;", "SELECT 1;",
			"renaming public.t to t_old and creating public.t again at line 5: code deployed before this migration meets the new definition", ""},
		{"ALTER TABLE t RENAME TO t2;", "DROP TABLE t2;",
			"renaming public.t to t2 breaks code deployed before this migration", "dropping table public.t2 breaks"},
	} {
		var files []*migration.File
		for i, src := range []string{"SET lock_timeout = '1s';\n" + tc.first, "SET lock_timeout = '1s';\n" + tc.later} {
			files = append(files, migration.ParseFile(fmt.Sprintf("%d.sql", i+1), []byte(src), migration.FileOptions{})...)
		}
		got := map[string]string{}
		for _, f := range lint.Run(lint.Input{Base: base, Files: files, PGVersion: 16}) {
			if f.RuleName == "rename-table" || f.RuleName == "drop-table" {
				got[f.RuleName] = f.Message
			}
		}
		for rule, want := range map[string]string{"rename-table": tc.rename, "drop-table": tc.drop} {
			if msg, ok := got[rule]; want == "" && ok || want != "" && !strings.HasPrefix(msg, want) {
				t.Errorf("%q then %q: %s says %q, want %q", tc.first, tc.later, rule, msg, want)
			}
		}
	}
}

// TestEnumReplacedInPlace: an enum dropped while the file gives its name
// to another (hatchet: create X_new, retype the columns, drop X, rename
// X_new to X; or drop and create it again) breaks the writers of the
// labels the replacement lacks, and nobody when it lacks none.
func TestEnumReplacedInPlace(t *testing.T) {
	given := "CREATE TYPE s AS ENUM ('a', 'b', 'c');"
	for change, want := range map[string]string{
		"CREATE TYPE s_new AS ENUM ('a', 'b');\nDROP TYPE s;\nALTER TYPE s_new RENAME TO s;":           "dropping type public.s and renaming s_new to s at line 3 drops the labels 'c'",
		"CREATE TYPE s_new AS ENUM ('c', 'b', 'a', 'd');\nDROP TYPE s;\nALTER TYPE s_new RENAME TO s;": "",
		"DROP TYPE s;\nCREATE TYPE s AS ENUM ('a');":                                                   "dropping type public.s and creating public.s again at line 2 drops the labels 'b', 'c'",
		"DROP TYPE s;":         "dropping type public.s (enum labels a, b, c): no column can use it any more",
		"DROP TYPE s CASCADE;": "dropping type public.s (enum labels a, b, c) with CASCADE drops every column of the type",
	} {
		wantMessage(t, given, change, "drop-type", want)
	}
}

// TestConstraintsOldCodeNeverMeets: a FOREIGN KEY or UNIQUE only over
// columns the change adds without a default cannot reject what code
// deployed before writes, which leaves them NULL (documenso's
// Team.organisationId, referencing its new Organisation table), unless the
// foreign key's table is one that code deletes from without a cascade, or
// NULLs are not distinct. A CHECK may reject NULL and is still reported.
func TestConstraintsOldCodeNeverMeets(t *testing.T) {
	given := "CREATE TABLE users (id bigint PRIMARY KEY);\nCREATE TABLE teams (id bigint PRIMARY KEY, name text);"
	for change, reported := range map[string]bool{
		"CREATE TABLE orgs (id bigint PRIMARY KEY);\nALTER TABLE teams ADD COLUMN org_id bigint;\nALTER TABLE teams ADD CONSTRAINT teams_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id);":           false,
		"ALTER TABLE teams ADD COLUMN owner_id bigint;\nALTER TABLE teams ADD CONSTRAINT teams_owner_fkey FOREIGN KEY (owner_id) REFERENCES users (id);":                                                true,
		"ALTER TABLE teams ADD COLUMN owner_id bigint;\nALTER TABLE teams ADD CONSTRAINT teams_owner_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE;":           false,
		"ALTER TABLE teams ADD COLUMN owner_id bigint DEFAULT 1;\nALTER TABLE teams ADD CONSTRAINT teams_owner_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE SET NULL ON UPDATE CASCADE;": true,
		"ALTER TABLE teams ADD CONSTRAINT teams_name_key UNIQUE (name);":                                                               true,
		"ALTER TABLE teams ADD COLUMN slug text;\nALTER TABLE teams ADD CONSTRAINT teams_slug_key UNIQUE (slug);":                      false,
		"ALTER TABLE teams ADD COLUMN slug text;\nALTER TABLE teams ADD CONSTRAINT teams_slug_key UNIQUE NULLS NOT DISTINCT (slug);":   true,
		"ALTER TABLE teams ADD COLUMN slug text;\nALTER TABLE teams ADD CONSTRAINT teams_slug_set CHECK (slug IS NOT NULL) NOT VALID;": true,
	} {
		got := len(messagesOf(lintOn(given, "SET lock_timeout = '1s';\n"+change), "new-constraint-may-reject-writes")) > 0
		if got != reported {
			t.Errorf("%q: new-constraint-may-reject-writes %v, want %v", change, got, reported)
		}
	}
}

// TestDropUnknownIndexSaysSo: DROP INDEX IF EXISTS of an index the
// migrations never create is judged on the safe side (it may predate
// them), and the finding says that it assumes the index exists; a known
// index's finding carries no such detail.
func TestDropUnknownIndexSaysSo(t *testing.T) {
	given := "CREATE TABLE t (c int);\nCREATE INDEX t_c_idx ON t (c);"
	for sql, want := range map[string]bool{
		"SET lock_timeout = '1s';\nDROP INDEX IF EXISTS made_elsewhere_idx;": true,
		"SET lock_timeout = '1s';\nDROP INDEX IF EXISTS t_c_idx;":            false,
		"SET lock_timeout = '1s';\nDROP INDEX t_c_idx;":                      false,
	} {
		found := false
		for _, f := range lintOn(given, sql) {
			if f.RuleName != "require-concurrent-index-drop" {
				continue
			}
			found = true
			if got := slices.ContainsFunc(f.Details, func(d string) bool { return strings.Contains(d, "never create") }); got != want {
				t.Errorf("%q: assumption detail %v, want %v (details %q)", sql, got, want, f.Details)
			}
		}
		if !found {
			t.Errorf("%q: no require-concurrent-index-drop finding", sql)
		}
	}
}

// messagesOf returns the messages of the findings of rule, in order.
func messagesOf(fs []finding.Finding, rule string) []string {
	var out []string
	for _, f := range fs {
		if f.RuleName == rule {
			out = append(out, f.Message)
		}
	}
	return out
}

// wantMessage fails t unless rule reports one finding on change (linted
// on the schema given creates) whose message starts with want, or none
// when want is empty.
func wantMessage(t *testing.T, given, change, rule, want string) {
	t.Helper()
	got := messagesOf(lintOn(given, change), rule)
	if want == "" && len(got) > 0 || want != "" && (len(got) != 1 || !strings.HasPrefix(got[0], want)) {
		t.Errorf("%q: %s %q, want one starting %q (none if empty)", change, rule, got, want)
	}
}

// lintOn lints change (one file, PostgreSQL 16) on the schema given
// creates.
func lintOn(given, change string) []finding.Finding {
	base := catalog.New()
	for _, f := range migration.ParseFile("given.sql", []byte(given), migration.FileOptions{}) {
		for _, st := range f.Statements {
			_ = base.Apply(st.Node)
		}
	}
	files := migration.ParseFile("change.sql", []byte(change), migration.FileOptions{})
	return lint.Run(lint.Input{Base: base, Files: files, PGVersion: 16})
}

// TestEnumRetypeNamesLabels: a column retyped from one enum to another is
// judged by its labels: dropped labels fail the conversion and their
// writers, added ones the readers that decode the old labels, and the same
// labels in another order (Prisma recreating an enum) break nothing.
func TestEnumRetypeNamesLabels(t *testing.T) {
	given := "CREATE TYPE s AS ENUM ('a', 'b', 'c');\nCREATE TABLE t (id bigint, s s);"
	for _, tc := range []struct{ labels, using, want string }{
		{"'a', 'b'", "s::text::s2", "drops the labels 'c': the conversion fails on rows holding them"},
		{"'a', 'b', 'c', 'd'", "s::text::s2", "adds the labels 'd'"},
		{"'c', 'b', 'a'", "s::text::s2", ""},
		// A USING that maps labels converts what it maps.
		{"'a', 'b'", "CASE s WHEN 'c' THEN 'b' ELSE s::text END::s2", "drops the labels 'c': code that writes them is rejected"},
	} {
		change := "SET lock_timeout = '1s';\nCREATE TYPE s2 AS ENUM (" + tc.labels + ");\nALTER TABLE t ALTER COLUMN s TYPE s2 USING " + tc.using + ";"
		var got string
		for _, f := range lintOn(given, change) {
			if f.RuleName == "incompatible-type-change" {
				got = f.Message
			}
		}
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("labels %s, USING %s: %q, want %q", tc.labels, tc.using, got, tc.want)
		}
	}
}

// TestDropAndAddAgainSaysValuesAreLost: a column dropped and added back in
// the same file (kestra's logs.fulltext, re-added as a generated column)
// or the same statement (Prisma) still exists for code deployed before:
// the finding says its values are lost and that code meets the new
// definition, not that the column is gone. One that another column is
// renamed to replaces it (a swap may have copied its values first), and
// the finding does not claim its values are lost.
func TestDropAndAddAgainSaysValuesAreLost(t *testing.T) {
	given := "CREATE TABLE logs (id int PRIMARY KEY, value jsonb, fulltext text, note text);"
	for change, want := range map[string]string{
		"SET lock_timeout = '1s';\nALTER TABLE logs DROP COLUMN fulltext;\nALTER TABLE logs ADD COLUMN fulltext tsvector GENERATED ALWAYS AS (to_tsvector('simple', value->>'m')) STORED;":                           "dropping column public.logs.fulltext and adding it again at line 3 loses every value it holds",
		"SET lock_timeout = '1s';\nALTER TABLE logs DROP COLUMN fulltext, ADD COLUMN fulltext text;":                                                                                                                 "dropping column public.logs.fulltext and adding it again at line 2 loses every value it holds",
		"SET lock_timeout = '1s';\nALTER TABLE logs DROP COLUMN fulltext;\nALTER TABLE logs RENAME COLUMN note TO fulltext;":                                                                                         "dropping column public.logs.fulltext and renaming note to it at line 3 replaces it: code deployed before",
		"SET lock_timeout = '1s';\nALTER TABLE logs ADD COLUMN ft2 tsvector;\nUPDATE logs SET ft2 = to_tsvector(fulltext);\nALTER TABLE logs DROP COLUMN fulltext;\nALTER TABLE logs RENAME COLUMN ft2 TO fulltext;": "dropping column public.logs.fulltext and renaming ft2 to it at line 5 replaces it: code deployed before",
		"SET lock_timeout = '1s';\nALTER TABLE logs DROP COLUMN fulltext;\nALTER TABLE logs ADD COLUMN fulltext2 text;":                                                                                              "dropping column public.logs.fulltext breaks code deployed before this migration",
		"SET lock_timeout = '1s';\nALTER TABLE logs ADD COLUMN fulltext2 text;\nALTER TABLE logs DROP COLUMN fulltext;":                                                                                              "dropping column public.logs.fulltext breaks code deployed before this migration",
	} {
		wantMessage(t, given, change, "drop-column", want)
	}
}

// TestReindexCountsIndexes: REINDEX TABLE names the table's lock and
// counts its indexes' (lemmy's community has 23, each named in one long
// line before), listing them under the message; REINDEX INDEX names its
// index.
func TestReindexCountsIndexes(t *testing.T) {
	given := "CREATE TABLE t (id int PRIMARY KEY, a int, b int);\nCREATE INDEX t_a ON t (a);\nCREATE INDEX t_b ON t (b);"
	for change, want := range map[string]string{
		"REINDEX TABLE t;":   "REINDEX without CONCURRENTLY takes SHARE on public.t (blocks inserts, updates and deletes) and ACCESS EXCLUSIVE on each of its 3 indexes (blocks all reads and writes) for the whole rebuild",
		"REINDEX INDEX t_a;": "REINDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on public.t_a (blocks all reads and writes) and SHARE on public.t (blocks inserts, updates and deletes) for the whole rebuild",
	} {
		var got []finding.Finding
		for _, f := range lintOn(given, "SET lock_timeout = '1s';\n"+change) {
			if f.RuleName == "reindex-without-concurrently" {
				got = append(got, f)
			}
		}
		if len(got) != 1 || got[0].Message != want {
			t.Errorf("%s: %v, want %q", change, got, want)
			continue
		}
		if strings.HasPrefix(change, "REINDEX TABLE") && !slices.Equal(got[0].Details, []string{"its indexes: public.t_a, public.t_b, public.t_pkey"}) {
			t.Errorf("%s: details %q", change, got[0].Details)
		}
	}
}

// TestStatementTimeoutOnUnknownOldType: require-statement-timeout says a
// type change rewrites the table only when the migrations say what type the
// column had; on a column they never define (memos' "user" table predates
// its migrations) it may rewrite, as alter-column-type-rewrites-table says.
func TestStatementTimeoutOnUnknownOldType(t *testing.T) {
	given := "CREATE TABLE k (id bigint, n int);\nALTER TABLE ext ADD COLUMN note text;"
	for change, want := range map[string]string{
		"SET lock_timeout = '1s';\nALTER TABLE k ALTER COLUMN n TYPE text;":         "no statement_timeout is set before ALTER COLUMN TYPE, not binary-coercible, which rewrites public.k",
		"SET lock_timeout = '1s';\nALTER TABLE ext ALTER COLUMN name TYPE text;":    "no statement_timeout is set before ALTER COLUMN TYPE, which may rewrite public.ext while it holds ACCESS EXCLUSIVE (the old type of name is unknown",
		"SET lock_timeout = '1s';\nALTER TABLE absent ALTER COLUMN name TYPE text;": "no statement_timeout is set before ALTER COLUMN TYPE, which may rewrite public.absent",
	} {
		wantMessage(t, given, change, "require-statement-timeout", want)
	}
}
