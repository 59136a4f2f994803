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

// TestHistoryReadsProvenance: the history sees what reached a table, not
// only what a statement names: a column DROP TYPE … CASCADE took with it,
// a table a DO block replaced, a view CREATE OR REPLACE changed, an enum
// replaced by a renamed copy; and a sequence's rename, which changes the
// text of a default but not its meaning, is no change of the column.
func TestHistoryReadsProvenance(t *testing.T) {
	sql := `CREATE TYPE state AS ENUM ('open');
CREATE TABLE orders (id serial PRIMARY KEY, state state, note text);
CREATE TYPE state_new AS ENUM ('open', 'paid');
ALTER TABLE orders ADD COLUMN next_state state_new;
DROP TYPE state CASCADE;
ALTER TYPE state_new RENAME TO state;
ALTER SEQUENCE orders_id_seq RENAME TO order_numbers;
CREATE TABLE events (id int, kind text);
DO $$ BEGIN CREATE TABLE events_new (id bigint, kind text); DROP TABLE events; ALTER TABLE events_new RENAME TO events; END $$;
CREATE VIEW order_notes AS SELECT id FROM orders;
CREATE OR REPLACE VIEW order_notes AS SELECT id, note FROM orders;
`
	files := migration.ParseFile("m.sql", []byte(sql), migration.FileOptions{})
	_, h := Replay(files)
	orders := catalog.Name{Schema: "public", Name: "orders"}
	if e, ok := h.removedColumn(orders, "state"); !ok || e.Renamed || e.At.Line != 5 {
		t.Errorf("orders.state: %v %v, want dropped at line 5", e, ok)
	}
	for _, c := range []struct {
		table, col string
		line       int
	}{
		{"orders", "id", 2}, // the sequence rename changed no column
		{"events", "id", 9}, // the DO block replaced the table
		{"order_notes", "note", 11},
	} {
		if at, ok := h.lastChange(catalog.Name{Schema: "public", Name: c.table}, c.col); !ok || at.Line != c.line {
			t.Errorf("last change of %s.%s at %v (%v), want line %d", c.table, c.col, at, ok, c.line)
		}
	}
	if at, ok := h.enumChange(catalog.Name{Schema: "public", Name: "state"}); !ok || at.Line != 3 {
		t.Errorf("enum state defined at %v (%v), want line 3, where its labels were written", at, ok)
	}
}
