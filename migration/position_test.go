package migration

import (
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/pgtree"
)

// TestColumnPos: column-level findings point at the column's line, not
// the first line of its statement.
func TestColumnPos(t *testing.T) {
	src := `-- users
CREATE TABLE users (
  id bigint PRIMARY KEY,
  "Email" text NOT NULL,
    phone text
);
ALTER TABLE users
  ADD COLUMN nickname text,
  ALTER COLUMN phone TYPE varchar(20),
  ALTER COLUMN id SET DEFAULT 1,
  DROP COLUMN IF EXISTS "Email";
ALTER TABLE users ALTER phone DROP NOT NULL;
CREATE INDEX users_phone ON users (phone);
`
	f := ParseFile("m.sql", []byte(src), FileOptions{})[0]
	for _, tc := range []struct {
		stmt   int
		column string
		want   string
	}{
		{0, "id", "m.sql:3:3"},
		{0, "Email", "m.sql:4:3"},
		{0, "phone", "m.sql:5:5"},
		{0, "missing", "m.sql:2:1"},
		{1, "nickname", "m.sql:8:14"},
		{1, "phone", "m.sql:9:16"},
		{1, "id", "m.sql:10:16"},
		{1, "Email", "m.sql:11:25"},
		{2, "phone", "m.sql:12:25"},
		{3, "phone", "m.sql:13:1"}, // not a column clause
	} {
		if got := f.Statements[tc.stmt].ColumnPos(tc.column).String(); got != tc.want {
			t.Errorf("statement %d, column %s: %s, want %s", tc.stmt, tc.column, got, tc.want)
		}
	}
}

// TestWithin: a statement written inside another's text (a DO block's
// body) is placed where it is written, from its first character to its
// last, and its parse tree's locations resolve there; a text that is not
// at the offset given leaves it at the outer statement.
func TestWithin(t *testing.T) {
	src := "SELECT 1;\nDO $$\nBEGIN\n  ALTER TABLE users\n    ADD COLUMN nickname text;\nEND $$;\n"
	do := ParseFile("m.sql", []byte(src), FileOptions{})[0].Statements[1]
	inner := "ALTER TABLE users\n    ADD COLUMN nickname text"
	res, err := pgtree.Parse(inner)
	if err != nil {
		t.Fatal(err)
	}
	k := strings.Index(do.SQL, inner)
	in := do.Within(res.Stmts[0].Stmt, inner, k)
	if got := in.Pos; got.String() != "m.sql:4:3" || got.EndLine != 5 || got.EndColumn != 28 {
		t.Errorf("Within: %s to %d:%d, want m.sql:4:3 to 5:28", got, got.EndLine, got.EndColumn)
	}
	if got := in.ColumnPos("nickname").String(); got != "m.sql:5:16" {
		t.Errorf("ColumnPos inside: %s, want m.sql:5:16", got)
	}
	if got := do.Within(res.Stmts[0].Stmt, inner, k+1).Pos; got != do.Pos {
		t.Errorf("a text not at the offset: %s, want the DO's %s", got, do.Pos)
	}
	if in.Offset != do.Offset || do.SQL == in.SQL {
		t.Errorf("the inner statement keeps the DO's place (offset %d, want %d) and has its own text", in.Offset, do.Offset)
	}
}
