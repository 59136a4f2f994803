package catalog

import (
	"fmt"
	"testing"

	"github.com/schemacheck/schemacheck/migration"
)

func TestReplayFiles(t *testing.T) {
	var files []*migration.File
	for _, f := range []struct{ path, sql string }{
		{"1.sql", "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN v text;\n"},
		{"2.sql", "ALTER TABLE t DROP COLUMN v;\n"},
	} {
		files = append(files, migration.ParseFile(f.path, []byte(f.sql), migration.FileOptions{})...)
	}
	base := New()
	var seen []string
	c := Replay(base, files, func(_ *migration.File, st *migration.Statement, before *Catalog) {
		cols := "no table"
		if t := before.Table(Name{"public", "t"}); t != nil {
			cols = fmt.Sprint(len(t.Columns), " columns")
		}
		seen = append(seen, fmt.Sprintf("%s %s", st.Pos, cols))
	})
	// Each statement is seen with the catalog before it: no table, then
	// one column, then two.
	want := []string{"1.sql:1:1 no table", "1.sql:2:1 1 columns", "2.sql:1:1 2 columns"}
	if len(seen) != len(want) {
		t.Fatalf("before saw %v, want %v", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("statement %d: %s, want %s", i, seen[i], want[i])
		}
	}
	if got := c.Table(Name{"public", "t"}); got == nil || len(got.Columns) != 1 {
		t.Fatalf("replayed table = %+v, want t(id)", got)
	}
	if base.Table(Name{"public", "t"}) != nil {
		t.Error("Replay changed the base catalog")
	}
}

func TestEnumAndDomainOf(t *testing.T) {
	c, errs := replay(t, `CREATE SCHEMA app;
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TYPE app.state AS ENUM ('on', 'off');
CREATE TYPE "Quoted" AS ENUM ('x');
CREATE DOMAIN app.code AS varchar(8) NOT NULL;`)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for name, want := range map[string]string{
		"mood": "public.mood", "public.mood": "public.mood", "app.state": "app.state",
		"state": "app.state", `"Quoted"`: "public.Quoted", "nothing": "", "app.mood": "",
	} {
		got := ""
		if e := c.EnumOf(Type{Name: name}); e != nil {
			got = e.Name.String()
		}
		if got != want {
			t.Errorf("EnumOf(%s) = %q, want %q", name, got, want)
		}
	}
	if d := c.DomainOf(Type{Name: "app.code"}); d == nil || d.Base.String() != "character varying(8)" || !d.NotNull {
		t.Errorf("DomainOf(app.code) = %+v", d)
	}
	if c.DomainOf(Type{Name: "mood"}) != nil {
		t.Error("an enum is no domain")
	}
}
