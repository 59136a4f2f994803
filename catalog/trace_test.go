package catalog

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/migration"
)

// TestTraceProvenance: the trace says which statement created, changed and
// dropped each object, including what DROP … CASCADE took with it, and a
// dropped object never shows up again in a later statement's changes.
func TestTraceProvenance(t *testing.T) {
	var files []*migration.File
	for _, f := range []struct{ path, sql string }{
		{"1.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, code text);\n" +
			"CREATE UNIQUE INDEX accounts_code ON accounts (code);\n" +
			"CREATE TABLE invoices (id bigint PRIMARY KEY, account_code text REFERENCES accounts (code));\n"},
		{"2.sql", "DROP INDEX accounts_code CASCADE;\nINSERT INTO accounts VALUES (1, 'a');\n"},
		{"3.sql", "ALTER TABLE invoices ADD COLUMN note text;\nALTER TABLE accounts DROP COLUMN code;\n"},
	} {
		files = append(files, migration.ParseFile(f.path, []byte(f.sql), migration.FileOptions{})...)
	}
	head := New()
	trace := NewTracer(head)
	trace.KeepSchemas()
	for _, f := range files {
		for _, st := range f.Statements {
			_ = head.Apply(st.Node)
			trace.Record(f, st)
		}
		trace.EndFile(f)
	}
	var got []string
	for _, s := range trace.Steps() {
		for _, c := range s.Changes {
			got = append(got, s.Stmt.Pos.String()+" "+c.String())
		}
	}
	for _, want := range []string{
		"1.sql:1:1 table public.accounts added",
		"1.sql:2:1 index public.accounts_code added",
		"1.sql:3:1 table public.invoices added",
		"2.sql:1:1 index public.accounts_code removed",
		"2.sql:1:1 constraint public.invoices.invoices_account_code_fkey removed",
		"3.sql:1:1 column public.invoices.note added",
		"3.sql:2:1 column public.accounts.code removed",
	} {
		if !slices.ContainsFunc(got, func(g string) bool { return len(g) >= len(want) && g[:len(want)] == want }) {
			t.Errorf("no %q in the trace:\n%v", want, got)
		}
	}
	if len(got) != 9 {
		t.Errorf("the trace has %d changes, want 9 (two primary key indexes; the foreign key once, the INSERT none):\n%v", len(got), got)
	}
	if after := trace.After(files[1]); after == nil || after.Index(Name{"public", "accounts_code"}) != nil || len(after.Table(Name{"public", "invoices"}).Constraints) != 1 {
		t.Errorf("the schema after 2.sql still has the index or the foreign key")
	}
	if head.Table(Name{"public", "accounts"}).Column("code") != nil {
		t.Error("head still has accounts.code")
	}
}

// TestTraceRenames: a rename is the same object under a new name, told
// apart from a drop and an add of another object; the changes list it as
// Diff does (removed, added).
func TestTraceRenames(t *testing.T) {
	files := migration.ParseFile("r.sql", []byte(`CREATE SCHEMA app;
CREATE TABLE users (id serial PRIMARY KEY, name text CONSTRAINT name_len CHECK (length(name) < 100));
CREATE INDEX users_name ON users (name);
CREATE TYPE mood AS ENUM ('sad');
ALTER TABLE users RENAME COLUMN name TO full_name;
ALTER TABLE users RENAME CONSTRAINT name_len TO full_name_len;
ALTER INDEX users_name RENAME TO users_full_name;
ALTER TYPE mood RENAME TO feeling;
ALTER TABLE users RENAME TO accounts;
ALTER TABLE accounts SET SCHEMA app;
ALTER TABLE app.accounts DROP COLUMN full_name, ADD COLUMN full_name text;
`), migration.FileOptions{})
	_, trace := Trace(nil, files)
	var got []string
	for _, s := range trace.Steps() {
		for _, r := range s.Renames {
			got = append(got, fmt.Sprintf("%d: %s %s → %s", s.Stmt.Pos.Line, r.Object, r.From, r.To))
		}
	}
	want := []string{
		"5: column public.users.name → public.users.full_name",
		"6: constraint public.users.name_len → public.users.full_name_len",
		"7: index public.users_name → public.users_full_name",
		"8: enum public.mood → public.feeling",
		"9: table public.users → public.accounts",
		"10: table public.accounts → app.accounts",
		"10: index public.users_full_name → app.users_full_name",
		"10: sequence public.users_id_seq → app.users_id_seq",
		"10: index public.users_pkey → app.users_pkey",
	}
	if !slices.Equal(got, want) {
		t.Errorf("renames:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestTraceUncertain: the step of a statement the catalog cannot follow
// names the relations it made uncertain, once.
func TestTraceUncertain(t *testing.T) {
	files := migration.ParseFile("u.sql", []byte(`CREATE TABLE orders (id int);
CREATE TABLE items (id int);
DO $$ BEGIN EXECUTE 'ALTER TABLE orders ADD COLUMN x int'; END $$;
DO $$ BEGIN EXECUTE 'ALTER TABLE orders ADD COLUMN y int'; END $$;
ALTER TABLE legacy ADD COLUMN z int;
`), migration.FileOptions{})
	_, trace := Trace(nil, files)
	var got []string
	for _, s := range trace.Steps() {
		for _, n := range s.Uncertain {
			got = append(got, fmt.Sprintf("%d: %s", s.Stmt.Pos.Line, n))
		}
	}
	if want := []string{"3: public.orders", "5: public.legacy"}; !slices.Equal(got, want) {
		t.Errorf("uncertain %v, want %v", got, want)
	}
}

// TestConstraintOfChangesNothing: asking what a UNIQUE constraint would be
// does not create its index in the catalog.
func TestConstraintOfChangesNothing(t *testing.T) {
	c, _ := replay(t, "CREATE TABLE t (a int, b int);")
	before := c.Clone()
	res, err := pgtree.Parse("ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a)")
	if err != nil {
		t.Fatal(err)
	}
	con := res.Stmts[0].Stmt.GetAlterTableStmt().Cmds[0].GetAlterTableCmd().Def.GetConstraint()
	if k := c.ConstraintOf(Name{"public", "t"}, con); k == nil || k.Name != "t_a_key" {
		t.Fatalf("ConstraintOf = %+v", k)
	}
	if d := Diff(before, c); len(d) > 0 {
		t.Errorf("ConstraintOf changed the catalog: %v", d)
	}
}

// TestDiffSameNames: where the model holds a name twice (two unnamed
// CHECKs on one column; a view's SELECT * over a NATURAL join), a copy
// does not differ from its original, and a change to the second object is
// reported as a change of it.
func TestDiffSameNames(t *testing.T) {
	c, _ := replay(t, `CREATE TABLE t (a int CHECK (a > 0) CHECK (a < 10), b int);
CREATE TABLE u (b smallint, c int);
CREATE VIEW v AS SELECT * FROM t NATURAL JOIN u;`)
	if d := Diff(c, c.Clone()); len(d) > 0 {
		t.Errorf("a copy differs: %v", d)
	}
	after := c.Clone()
	after.Table(Name{"public", "t"}).Constraints[1].NotValid = true
	d := Diff(c, after)
	if len(d) != 1 || d[0].Kind != Changed || d[0].Name != "public.t.t_a_check" {
		t.Errorf("changing the second CHECK: %v", d)
	}
}

// TestTraceRetargeted: a rename that rewrites references held elsewhere
// (a default calling the sequence, a column of the type, a default naming
// the enum label) changes those tables' text, not their meaning: the step
// says so. A direct change in the same statement is not a retargeting.
func TestTraceRetargeted(t *testing.T) {
	files := migration.ParseFile("t.sql", []byte(`CREATE TYPE mood AS ENUM ('sad');
CREATE SEQUENCE ids;
CREATE TABLE a (id int DEFAULT nextval('ids'), m mood DEFAULT 'sad');
ALTER SEQUENCE ids RENAME TO numbers;
ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';
ALTER TYPE mood RENAME TO feeling;
ALTER TABLE a ALTER COLUMN id DROP DEFAULT;
`), migration.FileOptions{})
	_, trace := Trace(nil, files)
	var got []string
	for _, s := range trace.Steps() {
		if len(s.Changes) > 0 {
			got = append(got, fmt.Sprintf("%d: %v", s.Stmt.Pos.Line, s.Retargeted))
		}
	}
	want := []string{"1: []", "2: []", "3: []", "4: [public.a]", "5: [public.a]", "6: [public.a]", "7: []"}
	if !slices.Equal(got, want) {
		t.Errorf("retargeted:\n%v\nwant:\n%v", got, want)
	}
}
