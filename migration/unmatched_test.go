package migration

import (
	"slices"
	"testing"
	"testing/fstest"
)

// TestUnmatchedSQLFiles: .sql files no name pattern of the layout matches
// are listed, and so are migrations in another language (named as the tool
// names migrations, with another extension), so callers can say they were
// not read.
func TestUnmatchedSQLFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"1_init.up.sql":   {Data: []byte("CREATE TABLE t (id int);\n")},
		"1_init.down.sql": {Data: []byte("DROP TABLE t;\n")},
		"README.sql":      {Data: []byte("-- how to run\n")},
		"seed/users.sql":  {Data: []byte("INSERT INTO t VALUES (1);\n")},
		"notes.txt":       {Data: []byte("not sql\n")},
		"2_auth.up.go":    {Data: []byte("package migrations\n")},
		"2_auth.down.go":  {Data: []byte("package migrations\n")},
		"3_x.up.sql.bak":  {Data: []byte("CREATE TABLE x (id int);\n")},
		"4_x.up.json":     {Data: []byte("{}\n")},
	}
	set, err := Load(fsys, ".", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if set.Layout != LayoutGolangMigrate || len(set.Migrations) != 1 {
		t.Fatalf("layout %s, %d migrations", set.Layout, len(set.Migrations))
	}
	if want := []string{"README.sql", "seed/users.sql"}; !slices.Equal(set.Unmatched, want) {
		t.Errorf("unmatched %q, want %q", set.Unmatched, want)
	}
	if want := []string{"2_auth.down.go", "2_auth.up.go"}; !slices.Equal(set.NotSQL, want) {
		t.Errorf("not SQL %q, want %q", set.NotSQL, want)
	}
}

// TestOtherDatabasesAreNotUnmatched: popx's migrations for MySQL, SQLite
// and CockroachDB are named as popx names migrations; they are not run on
// PostgreSQL and are no misnamed files to point out (hydra has 764).
func TestOtherDatabasesAreNotUnmatched(t *testing.T) {
	fsys := fstest.MapFS{
		"20200101000000000000_init.postgres.up.sql":  {Data: []byte("CREATE TABLE t (id int);\n")},
		"20200101000000000000_init.mysql.up.sql":     {Data: []byte("CREATE TABLE t (id int);\n")},
		"20200101000000000000_init.sqlite3.up.sql":   {Data: []byte("CREATE TABLE t (id int);\n")},
		"20200101000000000000_init.cockroach.up.sql": {Data: []byte("CREATE TABLE t (id int);\n")},
		"20200101000000000000_init.down.sql":         {Data: []byte("DROP TABLE t;\n")},
		"README.sql":                                 {Data: []byte("-- how to run\n")},
	}
	set, err := Load(fsys, ".", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if set.Layout != LayoutPopx || len(set.Migrations) != 1 {
		t.Fatalf("layout %s, %d migrations", set.Layout, len(set.Migrations))
	}
	if want := []string{"README.sql"}; !slices.Equal(set.Unmatched, want) {
		t.Errorf("unmatched %q, want %q", set.Unmatched, want)
	}
}
