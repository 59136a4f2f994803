package catalog_test

import (
	"context"
	"testing"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestConstraintNamesAsPostgres: the name ConstraintName gives an unnamed
// constraint (in the catalog, messages, keys and recipes) is the one
// PostgreSQL gives it, asked of a real server: a CHECK reading one column
// is named after it, one reading several or none after the table, even on
// a column definition.
func TestConstraintNamesAsPostgres(t *testing.T) {
	url := testenv.DatabaseWith(t, "CREATE TABLE r (id int PRIMARY KEY);")
	conn := testenv.Connect(t, url)
	ctx := context.Background()
	for _, add := range []string{
		"CHECK (a > 0)", "CHECK (a > 0 AND a < 10)", "CHECK (a > b)", "CHECK (true)",
		"UNIQUE (a)", "UNIQUE (a, b)", "FOREIGN KEY (c) REFERENCES r (id)", "PRIMARY KEY (b)",
		"COLUMN d int CHECK (d > 0)", "COLUMN d int CHECK (a > d)", "COLUMN d int CHECK (true)",
		"COLUMN d int UNIQUE", "COLUMN d int REFERENCES r (id)", "COLUMN d int PRIMARY KEY",
	} {
		sql := "ALTER TABLE t ADD " + add
		res, err := pgtree.Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		def := res.Stmts[0].Stmt.GetAlterTableStmt().Cmds[0].GetAlterTableCmd().Def
		con, column := def.GetConstraint(), ""
		if col := def.GetColumnDef(); col != nil {
			con, column = col.Constraints[0].GetConstraint(), col.Colname
		}
		want := catalog.ConstraintName("t", con, column)
		// A fresh table each time: a taken name would get a number.
		if _, err := conn.Exec(ctx, "DROP TABLE IF EXISTS t; CREATE TABLE t (a int, b int, c int)"); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		var got string
		if err := conn.QueryRow(ctx, "SELECT conname FROM pg_constraint WHERE conrelid = 't'::regclass ORDER BY oid DESC LIMIT 1").Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: PostgreSQL names it %s, ConstraintName %s", add, got, want)
		}
	}
}
