package migration

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// stmtPositions renders each statement as "line:col-endLine:endCol tx=N SQL".
func stmtPositions(f *File) []string {
	var out []string
	for _, s := range f.Statements {
		out = append(out, fmt.Sprintf("%d:%d-%d:%d tx=%d %s", s.Pos.Line, s.Pos.Column, s.Pos.EndLine, s.Pos.EndColumn, s.Tx,
			strings.Join(strings.Fields(s.SQL), " ")))
	}
	return out
}

func TestParseFilePositions(t *testing.T) {
	for _, tc := range []struct {
		name, path, src string
		opts            FileOptions
		want            []string
	}{
		{"leading comments and blank lines", "a.sql",
			"-- header\n\n/* block\n comment */  CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN x text;\n", FileOptions{},
			[]string{"4:14-4:36 tx=0 CREATE TABLE t (id int)", "5:1-5:31 tx=0 ALTER TABLE t ADD COLUMN x text"}},
		{"CRLF and BOM", "b.sql", "\ufeffCREATE TABLE t (id int);\r\nDROP TABLE t;\r\n", FileOptions{},
			[]string{"1:4-1:26 tx=0 CREATE TABLE t (id int)", "2:1-2:12 tx=0 DROP TABLE t"}},
		{"multibyte before a statement", "c.sql", "SELECT 'é';  DROP TABLE t;", FileOptions{},
			[]string{"1:1-1:11 tx=0 SELECT 'é'", "1:15-1:26 tx=0 DROP TABLE t"}},
		{"dollar quotes with semicolons", "d.sql",
			"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql;\nDROP TABLE t;", FileOptions{},
			[]string{"1:1-1:73 tx=0 CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; SELECT 2; $$ LANGUAGE sql", "2:1-2:12 tx=0 DROP TABLE t"}},
		{"explicit transaction block", "e.sql", "BEGIN;\nCREATE TABLE t (id int);\nCOMMIT;\nVACUUM t;", FileOptions{},
			[]string{"1:1-1:5 tx=1 BEGIN", "2:1-2:23 tx=1 CREATE TABLE t (id int)", "3:1-3:6 tx=1 COMMIT", "4:1-4:8 tx=0 VACUUM t"}},
		{"tool wraps the file", "f.sql", "CREATE TABLE t (id int);\nDROP TABLE t;", FileOptions{Wraps: true},
			[]string{"1:1-1:23 tx=1 CREATE TABLE t (id int)", "2:1-2:12 tx=1 DROP TABLE t"}},
		{"placeholder substituted keeps original positions", "g.sql",
			"CREATE TABLE {{ index .Options \"Namespace\" }}.users (id int);\nDROP TABLE t;",
			FileOptions{Placeholders: map[string]string{"Namespace": "auth"}},
			[]string{"1:1-1:60 tx=0 CREATE TABLE auth.users (id int)", "2:1-2:12 tx=0 DROP TABLE t"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := ParseFile(tc.path, []byte(tc.src), tc.opts)
			if len(files) != 1 {
				t.Fatalf("got %d files", len(files))
			}
			if len(files[0].Findings) > 0 {
				t.Fatalf("unexpected findings: %v", files[0].Findings)
			}
			got := stmtPositions(files[0])
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestParseGoose(t *testing.T) {
	src := `-- +goose Up
-- +goose NO TRANSACTION
CREATE INDEX CONCURRENTLY i ON t (c);
-- +goose StatementBegin
CREATE FUNCTION f() RETURNS trigger AS $$
BEGIN RETURN NEW; END
$$ LANGUAGE plpgsql
-- +goose StatementEnd

-- +goose Down
DROP INDEX i;
`
	files := ParseFile("0001_x.sql", []byte(src), FileOptions{})
	// NO TRANSACTION applies to the whole goose file, down included.
	if len(files) != 2 || files[0].Direction != Up || files[1].Direction != Down {
		t.Fatalf("want up and down files, got %d", len(files))
	}
	up := files[0]
	if !up.NoTransaction || len(up.Findings) > 0 {
		t.Fatalf("NoTransaction=%v findings=%v", up.NoTransaction, up.Findings)
	}
	got := stmtPositions(up)
	want := []string{"3:1-3:36 tx=0 CREATE INDEX CONCURRENTLY i ON t (c)",
		"5:1-7:19 tx=0 CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$ LANGUAGE plpgsql"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("up:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := stmtPositions(files[1]); len(got) != 1 || got[0] != "11:1-11:12 tx=0 DROP INDEX i" {
		t.Errorf("down: %v", got)
	}
}

func TestParseDbmate(t *testing.T) {
	src := "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (c);\n\n-- migrate:down\nDROP INDEX i;\n"
	files := ParseFile("20240101_x.sql", []byte(src), FileOptions{})
	if len(files) != 2 {
		t.Fatalf("got %d files", len(files))
	}
	if !files[0].NoTransaction || files[1].NoTransaction {
		t.Error("transaction:false applies to the up section only")
	}
	if got := stmtPositions(files[1]); len(got) != 1 || got[0] != "5:1-5:12 tx=1 DROP INDEX i" {
		t.Errorf("down: %v", got)
	}
}

// TestParseSQLMigrate: a rubenv/sql-migrate file's directions are its
// `-- +migrate Up` / `Down` sections, in file order however they
// alternate; text before the first section is not run, nor is a line that
// only looks like a command; notransaction on one Up line turns the
// transaction off for every Up section, and leaves Down wrapped.
func TestParseSQLMigrate(t *testing.T) {
	src := `-- a header sql-migrate does not run
DROP TABLE never_run;
-- +migrate Up
ALTER TABLE t ADD COLUMN a int;
-- +migrate Down
ALTER TABLE t DROP COLUMN a;
-- +migrate Up notransaction
CREATE INDEX CONCURRENTLY i ON t (a);
-- +migrate StatementBegin
CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql
-- +migrate StatementEnd
--  +migrate Down
-- +migrate Down
DROP INDEX i;
`
	files := ParseFile("1_x.sql", []byte(src), FileOptions{})
	if len(files) != 2 || files[0].Direction != Up || files[1].Direction != Down {
		t.Fatalf("want up and down files, got %d", len(files))
	}
	up, down := files[0], files[1]
	if len(up.Findings)+len(down.Findings) > 0 {
		t.Fatalf("findings: %v %v", up.Findings, down.Findings)
	}
	if !up.NoTransaction || down.NoTransaction {
		t.Errorf("NoTransaction up=%v down=%v, want true false", up.NoTransaction, down.NoTransaction)
	}
	want := []string{"4:1-4:30 tx=0 ALTER TABLE t ADD COLUMN a int",
		"8:1-8:36 tx=0 CREATE INDEX CONCURRENTLY i ON t (a)",
		"10:1-10:77 tx=0 CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql"}
	if got := stmtPositions(up); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("up:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	want = []string{"6:1-6:27 tx=1 ALTER TABLE t DROP COLUMN a", "14:1-14:12 tx=1 DROP INDEX i"}
	if got := stmtPositions(down); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("down:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Without notransaction every Up section runs in the one transaction.
	files = ParseFile("2_y.sql", []byte("-- +migrate Up\nALTER TABLE t ADD COLUMN b int;\n-- +migrate Up\nALTER TABLE t VALIDATE CONSTRAINT c;\n"), FileOptions{})
	if got := stmtPositions(files[0]); len(files) != 1 || len(got) != 2 || !strings.Contains(got[0], "tx=1") || !strings.Contains(got[1], "tx=1") {
		t.Errorf("sections without notransaction: %v", got)
	}
}

func TestCompareSQLMigrate(t *testing.T) {
	// sql-migrate's Less: number prefixes as numbers, then names; names
	// without a number prefix last.
	ids := []string{"init.sql", "10_b.sql", "9_z.sql", "1_b10.sql", "1_b9.sql", "0010_a.sql"}
	slices.SortStableFunc(ids, compareSQLMigrate)
	want := []string{"1_b10.sql", "1_b9.sql", "9_z.sql", "0010_a.sql", "10_b.sql", "init.sql"}
	if !slices.Equal(ids, want) {
		t.Errorf("order %v, want %v", ids, want)
	}
}

func TestParseErrorIsLocated(t *testing.T) {
	src := "CREATE TABLE t (id int);\n\nALTER TABLE t ADD COLUMN é text NOT NULL DEFALUT 1;\n"
	f := ParseFile("bad.sql", []byte(src), FileOptions{})[0]
	if len(f.Findings) != 1 {
		t.Fatalf("want one finding, got %v", f.Findings)
	}
	got := f.Findings[0]
	if got.RuleID != "SC-DB001" || got.Location.String() != "bad.sql:3:43" {
		t.Errorf("got %s %s %s", got.RuleID, got.Location, got.Message)
	}
}

func TestUnsubstitutedTemplate(t *testing.T) {
	f := ParseFile("t.sql", []byte("\nCREATE TABLE {{ .Schema }}.t (id int);"), FileOptions{})[0]
	if len(f.Findings) != 1 || f.Findings[0].RuleID != "SC-DB002" || f.Findings[0].Location.String() != "t.sql:2:14" {
		t.Fatalf("got %v", f.Findings)
	}
}

func TestUnreadableFiles(t *testing.T) {
	for name, src := range map[string][]byte{
		"binary":  {0x00, 0x01, 'S'},
		"latin-1": []byte("SELECT 'caf\xe9';"),
	} {
		f := ParseFile(name+".sql", src, FileOptions{})[0]
		if len(f.Findings) != 1 || f.Findings[0].RuleID != "SC-DB003" {
			t.Errorf("%s: got %v", name, f.Findings)
		}
	}
}

func TestSuppressions(t *testing.T) {
	src := `-- schemacheck:ignore-file prefer-bigint-keys legacy table
CREATE TABLE t (id int);
-- schemacheck:ignore SC-DB101, require-lock-timeout small table, built at night
CREATE INDEX i ON t (id);
-- schemacheck:ignore SC-DB999

DROP TABLE t;
`
	f := ParseFile("s.sql", []byte(src), FileOptions{})[0]
	if len(f.Ignores) != 1 || f.Ignores[0].Rule != "prefer-bigint-keys" || f.Ignores[0].Reason != "legacy table" {
		t.Errorf("file ignores: %+v", f.Ignores)
	}
	idx := f.Statements[1].Ignores
	if len(idx) != 2 || idx[0].Rule != "SC-DB101" || idx[1].Rule != "require-lock-timeout" || idx[1].Reason != "small table, built at night" {
		t.Errorf("statement ignores: %+v", idx)
	}
	if len(f.Statements[2].Ignores) != 0 {
		t.Error("a blank line separates an ignore comment from the statement below it")
	}
}

func TestCompareVersions(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"9", "10", -1}, {"1.9", "1.10", -1}, {"0001", "2", -1}, {"20240101", "20240101", 0}, {"1.2", "1.2.1", -1},
	} {
		got := compareVersions(tc.a, tc.b)
		if (got < 0) != (tc.want < 0) || (got == 0) != (tc.want == 0) {
			t.Errorf("compareVersions(%q, %q) = %d", tc.a, tc.b, got)
		}
	}
}

func FuzzParseFile(f *testing.F) {
	f.Add([]byte("-- +goose Up\nCREATE TABLE t (id int);\n-- +goose Down\nDROP TABLE t;"))
	f.Add([]byte("-- migrate:up\nSELECT 1;\n-- migrate:down\n"))
	f.Add([]byte("CREATE TABLE {{ .X }} (id int); ${y}"))
	f.Add([]byte("SELECT 'é'; /* x */ -- schemacheck:ignore a, b c\nDROP TABLE t"))
	for _, c := range corpusSQLSeeds(f, 8<<10, 4) {
		f.Add(c.data)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		a := ParseFile("f.sql", src, FileOptions{Placeholders: map[string]string{"X": "x"}})
		b := ParseFile("f.sql", src, FileOptions{Placeholders: map[string]string{"X": "x"}})
		if len(a) != len(b) {
			t.Fatal("not deterministic")
		}
		for i, file := range a {
			if len(file.Statements) != len(b[i].Statements) || len(file.Findings) != len(b[i].Findings) {
				t.Fatal("not deterministic")
			}
			for _, s := range file.Statements {
				if s.Offset < 0 || s.End > len(src) || s.Offset >= s.End || s.Pos.Line < 1 || s.Pos.Column < 1 {
					t.Fatalf("statement outside the file: %+v (len %d)", s.Pos, len(src))
				}
			}
		}
	})
}
