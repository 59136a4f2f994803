package dbdiff

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/migration"
)

func loadAs(t *testing.T, layout migration.Layout, files map[string]string) *migration.Set {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	set, err := migration.Load(fsys, ".", migration.Options{Layout: layout})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// TestHistory: what a change does to merged migrations, judged by what
// shipped and by the migrations' identity (their version), not by paths.
func TestHistory(t *testing.T) {
	released := func(paths ...string) func(string) (string, bool) {
		return func(p string) (string, bool) {
			if slices.Contains(paths, p) {
				return "v1.0.0", true
			}
			return "", false
		}
	}
	golang := migration.LayoutGolangMigrate
	for _, tc := range []struct {
		name       string
		layout     migration.Layout
		base, head map[string]string // head: base plus these ("" deletes)
		released   func(string) (string, bool)
		want       []string // "RULE file:line severity", every finding
		says       []string
	}{
		{
			name:     "an edit of a released migration is an error",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE TABLE a (id int);\n"},
			head:     map[string]string{"1_a.up.sql": "CREATE TABLE a (id bigint);\n"},
			released: released("1_a.up.sql"),
			want:     []string{"SC-DB501 1_a.up.sql:1 error"},
			says:     []string{"it shipped in v1.0.0"},
		},
		{
			name:     "an edit of a merged, unreleased migration is a warning",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE TABLE a (id int);\n", "2_b.up.sql": "CREATE TABLE b (id int);\n"},
			head:     map[string]string{"2_b.up.sql": "CREATE TABLE b (id bigint);\n"},
			released: released("1_a.up.sql"),
			want:     []string{"SC-DB501 2_b.up.sql:1 warning"},
			says:     []string{"it is in no release yet"},
		},
		{
			name:   "without release information an edit is an error",
			layout: golang,
			base:   map[string]string{"1_a.up.sql": "CREATE TABLE a (id int);\n"},
			head:   map[string]string{"1_a.up.sql": "CREATE TABLE a (id bigint);\n"},
			want:   []string{"SC-DB501 1_a.up.sql:1 error"},
		},
		{
			name:     "a released migration PostgreSQL rejected, sent as one query, ran nowhere: fixing it rewrites no history",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE TABLE a (id int);\nCREATE TABLE b (id integer primary key serial);\n"},
			head:     map[string]string{"1_a.up.sql": "CREATE TABLE a (id int);\nCREATE TABLE b (id serial primary key);\n"},
			released: released("1_a.up.sql"),
		},
		{
			name:     "nor does deleting one",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE TABLE a (id int);\n", "2_b.up.sql": "CREATE TABLE b (id integer primary key serial);\n"},
			head:     map[string]string{"2_b.up.sql": ""},
			released: released("2_b.up.sql"),
		},
		{
			name:     "a tool that runs the statements one by one, outside a transaction, applied those before the error: an edit rewrites them",
			layout:   migration.LayoutPlain,
			base:     map[string]string{"1_a.sql": "CREATE TABLE a (id int);\nCREATE TABLE b (id integer primary key serial);\n"},
			head:     map[string]string{"1_a.sql": "CREATE TABLE a (id bigint);\nCREATE TABLE b (id serial primary key);\n"},
			released: released("1_a.sql"),
			want:     []string{"SC-DB501 1_a.sql:1 error"},
		},
		{
			name:     "a reformatted migration runs the same statements: a warning, released or not",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE TABLE a (id int, \"name\" text);\n"},
			head:     map[string]string{"1_a.up.sql": "create table a (\n  id   integer,\n  name TEXT\n);\n"},
			released: released("1_a.up.sql"),
			want:     []string{"SC-DB501 1_a.up.sql:1 warning"},
			says:     []string{"the statements are unchanged (comments, whitespace or formatting only)"},
		},
		{
			name:   "whitespace and comments inside a function's body or a DO block are formatting too",
			layout: golang,
			base: map[string]string{"1_a.up.sql": "CREATE FUNCTION f(s text) RETURNS int LANGUAGE sql IMMUTABLE AS $$\n  SELECT CASE s WHEN 'pending' THEN 1 WHEN 'running' THEN 2 END;\n$$;\n" +
				"DO $$ BEGIN IF to_regclass('t') IS NULL THEN CREATE TABLE t (id int); END IF; END $$;\n"},
			head: map[string]string{"1_a.up.sql": "CREATE FUNCTION f(s text) RETURNS int LANGUAGE sql IMMUTABLE AS $$\n  select case s\n    when 'pending'   then 1 -- first\n    when 'running'   then 2\n  end;\n$$;\n" +
				"DO $$\nBEGIN\n  /* tolerate a table made by hand */\n  IF to_regclass('t') IS NULL THEN\n    CREATE TABLE t (id int);\n  END IF;\nEND\n$$;\n"},
			released: released("1_a.up.sql"),
			want:     []string{"SC-DB501 1_a.up.sql:2 warning"},
			says:     []string{"the statements are unchanged (comments, whitespace or formatting only)"},
		},
		{
			name:     "a column default's cast to the column's own type is formatting",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE TYPE st AS ENUM ('available', 'done');\nCREATE TABLE j (state st NOT NULL DEFAULT 'available'::st, meta jsonb DEFAULT '{}' ::jsonb, q text DEFAULT 'default'::text);\n"},
			head:     map[string]string{"1_a.up.sql": "CREATE TYPE st AS ENUM ('available', 'done');\nCREATE TABLE j (state st NOT NULL DEFAULT 'available', meta jsonb DEFAULT '{}', q text DEFAULT 'default');\n"},
			released: released("1_a.up.sql"),
			want:     []string{"SC-DB501 1_a.up.sql:2 warning"},
			says:     []string{"the statements are unchanged (comments, whitespace or formatting only)"},
		},
		{
			name:     "a cast to another type is not: '1.5'::int is 2",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE TABLE j (n numeric DEFAULT '1.5'::int);\n"},
			head:     map[string]string{"1_a.up.sql": "CREATE TABLE j (n numeric DEFAULT '1.5');\n"},
			released: released("1_a.up.sql"),
			want:     []string{"SC-DB501 1_a.up.sql:1 error"},
		},
		{
			name:     "nor is a cast with a length, which truncates where assignment fails",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE TABLE j (c varchar(3) DEFAULT 'abcd'::varchar(3));\n"},
			head:     map[string]string{"1_a.up.sql": "CREATE TABLE j (c varchar(3) DEFAULT 'abcd');\n"},
			released: released("1_a.up.sql"),
			want:     []string{"SC-DB501 1_a.up.sql:1 error"},
		},
		{
			name:     "a changed token inside a function's body is an edit",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE FUNCTION f(s text) RETURNS int LANGUAGE sql AS $$ SELECT CASE s WHEN 'pending' THEN 1 END $$;\n"},
			head:     map[string]string{"1_a.up.sql": "CREATE FUNCTION f(s text) RETURNS int LANGUAGE sql AS $$ SELECT CASE s WHEN 'pending' THEN 3 END $$;\n"},
			released: released("1_a.up.sql"),
			want:     []string{"SC-DB501 1_a.up.sql:1 error"},
		},
		{
			name:     "so is a comment written inside a string constant of a DO block",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "DO $$ BEGIN IF to_regclass('t') IS NULL THEN CREATE TABLE t (id int); END IF; END $$;\n"},
			head:     map[string]string{"1_a.up.sql": "DO $$ BEGIN IF to_regclass('/* x */t') IS NULL THEN CREATE TABLE t (id int); END IF; END $$;\n"},
			released: released("1_a.up.sql"),
			want:     []string{"SC-DB501 1_a.up.sql:1 error"},
		},
		{
			name:   "IF [NOT] EXISTS or OR REPLACE added to a released migration does what it did wherever it was applied: a warning",
			layout: golang,
			base: map[string]string{"1_a.up.sql": "CREATE TABLE j (id int);\n",
				"2_b.up.sql": "ALTER TABLE j ADD COLUMN s bit(8);\nCREATE UNIQUE INDEX j_s ON j (s);\nDROP INDEX j_s;\nCREATE VIEW v AS SELECT id FROM j;\n"},
			head:     map[string]string{"2_b.up.sql": "ALTER TABLE j ADD COLUMN IF NOT EXISTS s bit(8);\nCREATE UNIQUE INDEX IF NOT EXISTS j_s ON j (s);\nDROP INDEX IF EXISTS j_s;\nCREATE OR REPLACE VIEW v AS SELECT id FROM j;\n"},
			released: released("1_a.up.sql", "2_b.up.sql"),
			want:     []string{"SC-DB501 2_b.up.sql:1 warning"},
			says:     []string{"the statements differ only in IF [NOT] EXISTS, OR REPLACE or timeouts"},
		},
		{
			name:   "timeouts set, changed or reset around the statements of a released migration: a warning",
			layout: golang,
			base: map[string]string{"1_a.up.sql": "CREATE TABLE j (id int);\n",
				"2_b.up.sql": "SET lock_timeout = '2s';\nCREATE INDEX j_id ON j (id);\n"},
			head:     map[string]string{"2_b.up.sql": "SET lock_timeout = '2min';\nSET statement_timeout = '10min';\nCREATE INDEX IF NOT EXISTS j_id ON j (id);\nRESET lock_timeout;\nRESET statement_timeout;\n"},
			released: released("1_a.up.sql", "2_b.up.sql"),
			want:     []string{"SC-DB501 2_b.up.sql:1 warning"},
			says:     []string{"the statements differ only in IF [NOT] EXISTS, OR REPLACE or timeouts"},
		},
		{
			name:     "another setting is an edit: search_path decides where objects go",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE TABLE j (id int);\n"},
			head:     map[string]string{"1_a.up.sql": "SET search_path = app;\nCREATE TABLE j (id int);\n"},
			released: released("1_a.up.sql"),
			want:     []string{"SC-DB501 1_a.up.sql:1 error"},
		},
		{
			name:     "so is CONCURRENTLY added: inside the tool's transaction it fails on every new database",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE TABLE j (id int);\n", "2_b.up.sql": "CREATE INDEX IF NOT EXISTS j_id ON j (id);\n"},
			head:     map[string]string{"2_b.up.sql": "SET lock_timeout = '2s';\nCREATE INDEX CONCURRENTLY IF NOT EXISTS j_id ON j (id);\n"},
			released: released("1_a.up.sql", "2_b.up.sql"),
			want:     []string{"SC-DB501 2_b.up.sql:1 error"},
		},
		{
			name:     "IF NOT EXISTS beside another change is an edit",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE TABLE j (id int);\n", "2_b.up.sql": "ALTER TABLE j ADD COLUMN s bit(8);\n"},
			head:     map[string]string{"2_b.up.sql": "ALTER TABLE j ADD COLUMN IF NOT EXISTS s bit(16);\n"},
			released: released("1_a.up.sql", "2_b.up.sql"),
			want:     []string{"SC-DB501 2_b.up.sql:1 error"},
			says:     []string{"it shipped in v1.0.0"},
		},
		{
			name:     "a deleted released migration is an error at the migration that follows it, with its old place related",
			layout:   golang,
			base:     map[string]string{"1_a.up.sql": "CREATE TABLE a (id int);\n", "2_b.up.sql": "CREATE TABLE b (id int);\n", "3_c.up.sql": "\n\nCREATE TABLE c (id int);\n"},
			head:     map[string]string{"2_b.up.sql": ""},
			released: released("2_b.up.sql"),
			want:     []string{"SC-DB502 3_c.up.sql:3 error"},
			says:     []string{"2_b.up.sql is already merged and was deleted", "related 2_b.up.sql@main"},
		},
		{
			name:     "a deleted migration is reported at the one that follows it in version order, not path order",
			layout:   golang,
			base:     map[string]string{"9_a.up.sql": "CREATE TABLE a (id int);\n", "10_b.up.sql": "CREATE TABLE b (id int);\n", "11_c.up.sql": "CREATE TABLE c (id int);\n"},
			head:     map[string]string{"9_a.up.sql": ""},
			released: released("9_a.up.sql"),
			want:     []string{"SC-DB502 10_b.up.sql:1 error"},
		},
		{
			name:   "popx: a file renamed to add .postgres. for the same version is a rename",
			layout: migration.LayoutPopx,
			base:   map[string]string{"20200101000000_users.up.sql": "CREATE TABLE users (id int);\n"},
			head: map[string]string{"20200101000000_users.up.sql": "",
				"20200101000000_users.postgres.up.sql": "CREATE TABLE users (id int);\n"},
			released: released("20200101000000_users.up.sql"),
		},
		{
			name:   "popx: renamed to .autocommit. with other statements is an edit of the merged version",
			layout: migration.LayoutPopx,
			base:   map[string]string{"20200101000000_idx.up.sql": "CREATE TABLE users (id int);\n"},
			head: map[string]string{"20200101000000_idx.up.sql": "",
				"20200101000000_idx.postgres.autocommit.up.sql": "CREATE TABLE users (id bigint);\n"},
			released: released("20200101000000_idx.up.sql"),
			want:     []string{"SC-DB501 20200101000000_idx.postgres.autocommit.up.sql:1 error"},
			says:     []string{"now runs migration 20200101000000_idx.up.sql instead of 20200101000000_idx.up.sql", "related 20200101000000_idx.up.sql@main"},
		},
		{
			name:   "popx: renamed to .postgres. with IF NOT EXISTS added is a warning",
			layout: migration.LayoutPopx,
			base:   map[string]string{"20200101000000_idx.up.sql": "CREATE TABLE users (id int);\n"},
			head: map[string]string{"20200101000000_idx.up.sql": "",
				"20200101000000_idx.postgres.up.sql": "CREATE TABLE IF NOT EXISTS users (id int);\n"},
			released: released("20200101000000_idx.up.sql"),
			want:     []string{"SC-DB501 20200101000000_idx.postgres.up.sql:1 warning"},
			says:     []string{"the statements differ only in IF [NOT] EXISTS, OR REPLACE or timeouts"},
		},
		{
			name:   "popx: a .postgres. override added beside the generic file is not a new migration",
			layout: migration.LayoutPopx,
			base:   map[string]string{"20200101000000_users.up.sql": "CREATE TABLE users (id int);\n"},
			head:   map[string]string{"20200101000000_users.postgres.up.sql": "CREATE TABLE users (id int, email text);\n"},
			want:   []string{"SC-DB501 20200101000000_users.postgres.up.sql:1 error"},
		},
		{
			name:   "merged migrations squashed into a baseline that builds the same schema: one info",
			layout: golang,
			base: map[string]string{
				"1_a.up.sql": "CREATE TABLE a (id int);\n",
				"2_b.up.sql": "ALTER TABLE a ADD COLUMN b text;\nCREATE INDEX a_b ON a (b);\n",
			},
			head: map[string]string{"1_a.up.sql": "", "2_b.up.sql": "",
				"3_baseline.up.sql": "CREATE TABLE a (id int, b text);\nCREATE INDEX a_b ON a (b);\n"},
			released: released("1_a.up.sql", "2_b.up.sql"),
			want:     []string{"SC-DB503 3_baseline.up.sql:1 info"},
			says:     []string{"2 merged migrations are squashed into 3_baseline.up.sql", "related 1_a.up.sql@main", "related 2_b.up.sql@main"},
		},
		{
			name:   "a baseline that builds another schema is no squash: deletions and the new migration are reported",
			layout: golang,
			base:   map[string]string{"1_a.up.sql": "CREATE TABLE a (id int);\n"},
			head:   map[string]string{"1_a.up.sql": "", "2_baseline.up.sql": "CREATE TABLE a (id int, b text NOT NULL);\n"},
			want:   []string{"SC-DB502 2_baseline.up.sql:1 error"},
		},
		{
			name:   "Flyway: a repeatable migration runs again when edited: linted, not a rewrite",
			layout: migration.LayoutFlyway,
			base:   map[string]string{"V1__t.sql": "CREATE TABLE t (id int, v text);\n", "R__view.sql": "CREATE OR REPLACE VIEW tv AS SELECT id FROM t;\n"},
			head:   map[string]string{"R__view.sql": "CREATE OR REPLACE VIEW tv AS SELECT id, v FROM t;\nCREATE INDEX t_v ON t (v);\n"},
			want:   []string{"SC-DB101 R__view.sql:2 error", "SC-DB110 R__view.sql:2 warning", "SC-DB115 R__view.sql:2 info"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			head := map[string]string{}
			for k, v := range tc.base {
				head[k] = v
			}
			for k, v := range tc.head {
				if v == "" {
					delete(head, k)
				} else {
					head[k] = v
				}
			}
			res := Compare(Input{Base: loadAs(t, tc.layout, tc.base), Head: loadAs(t, tc.layout, head), DownPolicy: DownWarn,
				Released: tc.released, OldName: func(p string) string { return p + "@main" }})
			var got []string
			var text strings.Builder
			for _, f := range res.Findings {
				got = append(got, summary([]finding.Finding{f})...)
				text.WriteString(f.Message + "\n" + strings.Join(f.Details, "\n") + "\n")
				for _, r := range f.Related {
					text.WriteString("related " + r.String() + "\n")
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings:\n got %q\nwant %q\n%s", got, tc.want, text.String())
			}
			for _, s := range tc.says {
				if !strings.Contains(text.String(), s) {
					t.Errorf("no finding says %q:\n%s", s, text.String())
				}
			}
		})
	}
}
