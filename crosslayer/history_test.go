package crosslayer

import (
	"testing"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/migration"
)

func TestHistory(t *testing.T) {
	sql := `CREATE TABLE users (id int, a text, b text, c text);
ALTER TABLE users DROP COLUMN a;
ALTER TABLE users ADD COLUMN a int;
ALTER TABLE users RENAME COLUMN b TO bb;
ALTER TABLE users DROP COLUMN bb;
ALTER TABLE users RENAME TO accounts;
ALTER TABLE accounts DROP COLUMN c;
CREATE TABLE tmp (x int, y int);
DROP TABLE tmp;
DROP TABLE IF EXISTS nothing;
CREATE TYPE mood AS ENUM ('sad');
ALTER TYPE mood ADD VALUE 'happy';
ALTER TABLE accounts ALTER COLUMN id TYPE bigint;
`
	files := migration.ParseFile("m.sql", []byte(sql), migration.FileOptions{})
	cat, h := Replay(files)
	accounts := catalog.Name{Schema: "public", Name: "accounts"}
	if cat.Table(accounts) == nil {
		t.Fatal("the replayed catalog lacks accounts")
	}
	removed := func(col string) string {
		e, ok := h.removedColumn(accounts, col)
		if !ok {
			return "-"
		}
		return e.String() + " @" + e.At.String()
	}
	for col, want := range map[string]string{
		"a":  "-", // dropped, then added again
		"b":  "renamed to bb @m.sql:4:1",
		"bb": "dropped @m.sql:5:31", // at the column in its DROP COLUMN clause
		"c":  "dropped @m.sql:7:34", // after the table's rename: history follows the table
		"id": "-",
	} {
		if got := removed(col); got != want {
			t.Errorf("column %s: %s, want %s", col, got, want)
		}
	}
	for col, want := range map[string]int{"a": 3, "id": 13} {
		if at, ok := h.lastChange(accounts, col); !ok || at.Line != want {
			t.Errorf("last change of %s at %v, want line %d", col, at, want)
		}
	}
	gone := map[string]string{}
	for _, g := range h.goneTables() {
		gone[g.name.String()] = g.event.String()
		if g.name.Name == "tmp" && len(g.columns) != 2 {
			t.Errorf("dropped tmp had columns %v, want x and y", g.columns)
		}
	}
	if len(gone) != 2 || gone["public.users"] != "renamed to public.accounts" || gone["public.tmp"] != "dropped" {
		t.Errorf("gone tables %v", gone)
	}
	if at, ok := h.enumChange(catalog.Name{Schema: "public", Name: "mood"}); !ok || at.Line != 12 {
		t.Errorf("last change of enum mood at %v", at)
	}
}
