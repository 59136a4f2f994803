package catalog

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/pgtree"
)

var update = flag.Bool("update", false, "rewrite golden files")

func replay(t testing.TB, sql string) (*Catalog, []error) {
	t.Helper()
	res, err := pgtree.Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	c := New()
	var errs []error
	for _, s := range res.Stmts {
		if err := c.Apply(s.Stmt); err != nil {
			errs = append(errs, err)
		}
	}
	return c, errs
}

func TestReplayGolden(t *testing.T) {
	src, err := os.ReadFile("testdata/replay.sql")
	if err != nil {
		t.Fatal(err)
	}
	c, errs := replay(t, string(src))
	if len(errs) != 1 {
		t.Errorf("want exactly the DO block reported as uncertain, got %v", errs)
	}
	got := c.Dump()
	if *update {
		os.WriteFile("testdata/replay.golden", []byte(got), 0o644)
	}
	want, err := os.ReadFile("testdata/replay.golden")
	if err != nil {
		t.Fatalf("%v (run go test ./catalog -update)", err)
	}
	if got != string(want) {
		t.Errorf("dump differs from testdata/replay.golden (run go test ./catalog -update and review):\n%s", got)
	}
}

func TestCloneIsDeep(t *testing.T) {
	c, _ := replay(t, "CREATE TABLE t (a int NOT NULL);")
	d := c.Clone()
	d.Table(Name{"public", "t"}).Column("a").NotNull = false
	if !c.Table(Name{"public", "t"}).Column("a").NotNull {
		t.Fatal("changing the clone changed the original")
	}
}

func TestTypeOf(t *testing.T) {
	for sql, want := range map[string]string{
		"int": "integer", "int4": "integer", "varchar(20)": "character varying(20)", "numeric(10,2)": "numeric(10,2)",
		"timestamptz": "timestamp with time zone", "timestamp(3) with time zone": "timestamp(3) with time zone",
		"text[]": "text[]", "bigserial": "bigint", "public.mood": "public.mood", "double precision": "double precision",
		"bool": "boolean", "char(2)": "character(2)",
	} {
		res, err := pgtree.Parse("CREATE TABLE t (c " + sql + ")")
		if err != nil {
			t.Fatal(err)
		}
		tn := res.Stmts[0].Stmt.GetCreateStmt().TableElts[0].GetColumnDef().TypeName
		if got := TypeOf(tn).String(); got != want {
			t.Errorf("TypeOf(%s) = %s, want %s", sql, got, want)
		}
	}
}

func FuzzApply(f *testing.F) {
	src, _ := os.ReadFile("testdata/replay.sql")
	f.Add(string(src))
	f.Add("ALTER TABLE x RENAME COLUMN a TO b; DROP INDEX y; ALTER TYPE z ADD VALUE 'q' AFTER 'r'")
	f.Fuzz(func(t *testing.T, sql string) {
		res, err := pgtree.Parse(sql)
		if err != nil {
			return
		}
		c := New()
		for _, s := range res.Stmts {
			_ = c.Apply(s.Stmt)
		}
		_ = c.Clone().Dump()
	})
}

func TestDoBlocks(t *testing.T) {
	c, _ := replay(t, `CREATE TABLE t (id int);
DO $$ BEGIN
  CREATE TYPE mood AS ENUM ('sad', 'happy');
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'x') THEN
    ALTER TABLE t ADD COLUMN conditional int;
  END IF;
END $$;`)
	if c.Enum(Name{"public", "mood"}) == nil {
		t.Error("a static CREATE TYPE inside a DO block's exception block must be replayed")
	}
	tbl := c.Table(Name{"public", "t"})
	if tbl.Column("conditional") != nil {
		t.Error("a statement under IF must not be replayed (that would be guessing)")
	}
	if !tbl.Uncertain {
		t.Error("a conditional DO block must mark the tables it mentions uncertain")
	}
}

func TestDiff(t *testing.T) {
	old, _ := replay(t, "CREATE TYPE s AS ENUM ('a', 'b'); CREATE TABLE t (id int PRIMARY KEY, v varchar(10), gone int); CREATE INDEX t_v ON t (v);")
	new, _ := replay(t, "CREATE TYPE s AS ENUM ('a', 'c'); CREATE TABLE t (id int PRIMARY KEY, v varchar(20) NOT NULL); CREATE TABLE u (id int);")
	var got []string
	for _, c := range Diff(old, new) {
		got = append(got, c.String())
	}
	want := []string{
		"enum public.s changed: labels (a, b) → (a, c)",
		"column public.t.gone removed: integer",
		"column public.t.v changed: type character varying(10) → character varying(20); not null false → true",
		"index public.t_v removed: on public.t",
		"table public.u added",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(Diff(old, old.Clone())) != 0 {
		t.Error("a catalog must not differ from its clone")
	}
}

func TestFunctionsAndRenames(t *testing.T) {
	c, errs := replay(t, `CREATE TABLE accounts (id int CONSTRAINT accounts_pk PRIMARY KEY);
CREATE SEQUENCE counter;
ALTER SEQUENCE counter RENAME TO tally;
ALTER TABLE accounts RENAME CONSTRAINT accounts_pk TO accounts_pkey;
CREATE FUNCTION migrate_accounts() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'ALTER TABLE accounts ADD COLUMN x int'; END $$;
SELECT migrate_accounts();`)
	if c.Sequence(Name{"public", "tally"}) == nil || c.Sequence(Name{"public", "counter"}) != nil {
		t.Error("sequence rename not followed")
	}
	a := c.Table(Name{"public", "accounts"})
	if a.Constraints[0].Name != "accounts_pkey" || c.Index(Name{"public", "accounts_pkey"}) == nil {
		t.Error("constraint rename must rename the key and its index")
	}
	if !a.Uncertain || len(errs) != 1 {
		t.Errorf("calling a migration-defined function must mark what its body mentions uncertain (errs %v)", errs)
	}
}

func TestSearchPath(t *testing.T) {
	tests := []struct {
		sql  string
		want Name
	}{
		{"CREATE TABLE t (a int);", Name{"public", "t"}},
		{"CREATE SCHEMA app; SET search_path TO app, public; CREATE TABLE t (a int);", Name{"app", "t"}},
		{"CREATE SCHEMA app; SET search_path = 'app'; CREATE TABLE t (a int);", Name{"app", "t"}},
		{"CREATE SCHEMA app; SELECT pg_catalog.set_config('search_path', 'app, public', false); CREATE TABLE t (a int);", Name{"app", "t"}},
		{"CREATE SCHEMA app; SET search_path TO app; RESET search_path; CREATE TABLE t (a int);", Name{"public", "t"}},
		{"SELECT set_config('search_path', '', false); CREATE TABLE t (a int);", Name{"public", "t"}},
		{"SELECT set_config('statement_timeout', '0', false); CREATE TABLE t (a int);", Name{"public", "t"}},
	}
	for _, tt := range tests {
		c, errs := replay(t, tt.sql)
		if len(errs) > 0 {
			t.Errorf("%s: %v", tt.sql, errs)
		}
		if c.Table(tt.want) == nil {
			t.Errorf("%s: no table %s; catalog:\n%s", tt.sql, tt.want, c.Dump())
		}
	}
}

// TestReplayOnCloneLeavesOriginal: the database diff keeps the schema
// before each statement while it replays on a copy, so no statement may
// change what a copy shares with its original (a foreign key's referenced
// columns, a default's text).
func TestReplayOnCloneLeavesOriginal(t *testing.T) {
	c, _ := replay(t, `CREATE TYPE mood AS ENUM ('sad', 'ok');
CREATE TABLE p (id serial PRIMARY KEY, code text UNIQUE, m mood DEFAULT 'ok');
CREATE TABLE ch (code text REFERENCES p (code));`)
	before := c.Dump()
	d := c.Clone()
	res, err := pgtree.Parse(`ALTER TABLE p RENAME COLUMN code TO ref;
ALTER SEQUENCE p_id_seq RENAME TO p_seq;
ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';`)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range res.Stmts {
		_ = d.Apply(s.Stmt)
	}
	if after := c.Dump(); after != before {
		t.Errorf("replaying on a clone changed the original:\n%s\nwas\n%s", after, before)
	}
	if d.Dump() == before {
		t.Error("the clone did not change")
	}
}
