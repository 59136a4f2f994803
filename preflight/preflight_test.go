package preflight_test

import (
	"context"
	"crypto/md5"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/catalog/introspect"
	"github.com/schemacheck/schemacheck/drift"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/lint"
	"github.com/schemacheck/schemacheck/migration"
	"github.com/schemacheck/schemacheck/preflight"
)

// shop creates the generated database (testdata/applied, then
// testdata/shop.sql's million rows) and returns its URL and an admin
// connection. Every check of TestPreflight reads this one database.
func shop(t *testing.T) (string, *pgx.Conn) {
	t.Helper()
	url := testenv.Database(t)
	ctx := context.Background()
	conn := testenv.Connect(t, url)
	for _, f := range []string{"applied/1_shop.up.sql", "shop.sql", "applied/2_quantity_check.up.sql"} {
		sql, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, string(sql)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	return url, conn
}

// applied loads testdata/applied, the migrations the database has run.
func applied(t *testing.T) []*migration.File {
	t.Helper()
	set, err := migration.Load(os.DirFS("testdata/applied"), ".", migration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return catalog.UpFiles(set)
}

// pending parses one pending migration file.
func pending(t *testing.T, sql string) []*migration.File {
	t.Helper()
	set, err := migration.Load(fstest.MapFS{"3_change.up.sql": {Data: []byte(sql)}}, ".", migration.Options{Layout: migration.LayoutGolangMigrate})
	if err != nil {
		t.Fatal(err)
	}
	files := catalog.UpFiles(set)
	for _, f := range files {
		for _, fd := range f.Findings {
			t.Fatalf("pending migration: %s", fd.Message)
		}
	}
	return files
}

// check runs drift and preflight on one pending migration, as the command
// does, and returns every finding (lint's lock findings sized) as lines.
func check(t *testing.T, url, sql string, opts preflight.Options) []string {
	t.Helper()
	done, todo := applied(t), pending(t, sql)
	res, drifted := run(t, url, done, todo, opts)
	for _, f := range drifted {
		t.Errorf("drift: %s %s", f.Location, f.Message)
	}
	linted := lint.Run(lint.Input{Base: catalog.Replay(nil, done, nil), Files: todo, Scope: lint.ScopeChange})
	res.Size(linted)
	var out []string
	for _, f := range append(res.Findings, linted...) {
		line := fmt.Sprintf("%d:%d %s %s %s", f.Location.Line, f.Location.Column, f.Severity, f.RuleID, f.Message)
		for _, d := range f.Details {
			line += "\n    " + d
		}
		out = append(out, line)
	}
	for _, n := range res.Notes {
		out = append(out, "note: "+n)
	}
	return out
}

// run compares the database with the applied files (drift) and preflights
// the pending ones, in one read-only session, as the command does.
func run(t *testing.T, url string, done, todo []*migration.File, opts preflight.Options) (*preflight.Result, []finding.Finding) {
	t.Helper()
	ctx := context.Background()
	s, err := drift.Open(ctx, url, drift.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dr, live, err := s.Check(ctx, done, "migrations", nil)
	if err != nil {
		t.Fatal(err)
	}
	opts.TimedOut = drift.TimedOut
	return preflight.Run(ctx, preflight.Input{DB: s, Applied: done, Pending: todo, Live: live, Drifted: dr.Drifted, Options: opts}), dr.Findings
}

// contains fails unless some line contains every one of wants.
func contains(t *testing.T, lines []string, wants ...string) {
	t.Helper()
	for _, l := range lines {
		ok := true
		for _, w := range wants {
			ok = ok && strings.Contains(l, w)
		}
		if ok {
			return
		}
	}
	t.Errorf("no finding with %q in:\n%s", wants, strings.Join(lines, "\n"))
}

// lacks fails when a line contains s.
func lacks(t *testing.T, lines []string, s string) {
	t.Helper()
	for _, l := range lines {
		if strings.Contains(l, s) {
			t.Errorf("unexpected %q in:\n%s", s, l)
		}
	}
}

// TestPreflight builds the generated database once and checks a pending
// migration of each kind against it: every count is exact (testdata/shop.sql
// says where each number comes from). The database's rows, schema and
// write counters are the same afterwards.
func TestPreflight(t *testing.T) {
	url, conn := shop(t)
	before := fingerprint(t, conn)
	var claims []claim
	for _, tc := range []struct {
		name, sql string
		want      [][]string // each: substrings of one finding line
		not       []string   // substrings no line may have
	}{
		{"set not null", "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;",
			[][]string{{"error SC-PF001 SET NOT NULL on public.orders.note fails: 200 rows of ~1,000,000 rows hold NULL", "rows: id 5000, 10000, 15000, 20000, 25000 (and 195 more)"}}, nil},
		{"set not null on a column renamed by the change", "ALTER TABLE orders RENAME COLUMN note TO remark;\nALTER TABLE orders ALTER COLUMN remark SET NOT NULL;",
			[][]string{{"2:1 error SC-PF001 SET NOT NULL on public.orders.remark fails: 200 rows of ~1,000,000 rows hold NULL"}}, nil},
		{"set not null after a backfill is not checked", "UPDATE orders SET note = '' WHERE note IS NULL;\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;",
			[][]string{{"2:1 info SC-PF010 SET NOT NULL on public.orders.note was not checked (preflight-null-values): note is set by the UPDATE at 3_change.up.sql:1:1, which preflight does not run"}},
			[]string{"SC-PF001"}},
		{"rows changed by a DO block are not checked", "DO $$ BEGIN UPDATE orders SET note = '' WHERE note IS NULL; END $$;\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;",
			[][]string{{"2:1 info SC-PF010", "the DO block at 3_change.up.sql:1:1, which preflight does not run, changes its rows"}}, []string{"SC-PF001"}},
		{"a DO block writing another table leaves the check", "DO $$ BEGIN IF true THEN UPDATE customers SET phone = phone WHERE false; END IF; END $$;\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;",
			[][]string{{"2:1 error SC-PF001", "200 rows"}}, []string{"SC-PF010"}},
		{"dynamic SQL may change any rows", "DO $$ BEGIN EXECUTE 'SELECT 1'; END $$;\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;",
			[][]string{{"2:1 info SC-PF010", "the DO block at 3_change.up.sql:1:1, which preflight does not run, may change rows"}}, []string{"SC-PF001"}},
		{"add a NOT NULL column without a default", "ALTER TABLE customers ADD COLUMN region text NOT NULL;",
			[][]string{{"error SC-PF001 ADD COLUMN … NOT NULL on public.customers.region fails: 100,000 rows of ~100,000 rows hold NULL", "rows: id 1, 2, 3, 4, 5 (and 99,995 more)"}}, nil},
		{"add a NOT NULL column with a default", "ALTER TABLE customers ADD COLUMN region text NOT NULL DEFAULT 'eu';", nil, []string{"SC-PF"}},
		{"new check", "ALTER TABLE customers ADD CONSTRAINT quantity_positive CHECK (quantity >= 0);",
			[][]string{{"error SC-PF002 CHECK constraint quantity_positive on public.customers fails: 13 rows of ~100,000 rows violate it", "rows: id 5, 8005, 16005, 24005, 32005 (and 8 more)"}}, nil},
		{"new check NOT VALID", "ALTER TABLE customers ADD CONSTRAINT quantity_positive CHECK (quantity >= 0) NOT VALID;",
			[][]string{{"warning SC-PF002 CHECK constraint quantity_positive on public.customers is added NOT VALID, but 13 rows of ~100,000 rows violate it"}}, nil},
		{"validate constraint", "ALTER TABLE customers VALIDATE CONSTRAINT customers_quantity_check;",
			[][]string{{"error SC-PF002 CHECK constraint customers_quantity_check on public.customers fails: 13 rows"}}, nil},
		{"check on a column added with a default", "ALTER TABLE tiny ADD COLUMN weight int DEFAULT -1 CHECK (weight >= 0);",
			[][]string{{"error SC-PF002 CHECK (weight >= 0) on public.tiny fails: 20 rows of ~20 rows violate it"}}, nil},
		{"unique constraint", "ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email);",
			[][]string{{"error SC-PF003 UNIQUE (email) on public.customers fails: 200 rows share a key with another row (7 duplicate keys)", "duplicates (id): 1 = 3501 = 7001 (29 rows share the key); 501 = 4001 = 7501"}}, nil},
		{"unique index", "CREATE UNIQUE INDEX CONCURRENTLY customers_email_key ON customers (email);",
			[][]string{{"error SC-PF003 unique index customers_email_key (email) on public.customers fails: 200 rows share a key with another row (7 duplicate keys)"}}, nil},
		{"partial unique index on an expression", "CREATE UNIQUE INDEX customers_email_key ON customers (lower(email)) WHERE id > 50000;",
			[][]string{{"error SC-PF003 unique index customers_email_key ((lower(email))) on public.customers fails: 100 rows share a key with another row (7 duplicate keys)"}}, nil},
		{"primary key", "ALTER TABLE orders DROP CONSTRAINT orders_pkey;\nALTER TABLE orders ADD PRIMARY KEY (customer_id);",
			[][]string{
				{"2:1 error SC-PF001 PRIMARY KEY (customer_id) on public.orders.customer_id fails: 10 rows of ~1,000,000 rows hold NULL"},
				{"2:1 error SC-PF003 PRIMARY KEY (customer_id) on public.orders fails: 999,890 rows share a key with another row (99,989 duplicate keys)"},
			}, nil},
		{"unique on a column added with a constant default", "ALTER TABLE tiny ADD COLUMN flag int DEFAULT 1 UNIQUE;",
			[][]string{{"error SC-PF003", "fails: 20 rows share a key with another row (1 duplicate key)"}}, nil},
		{"foreign key", "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);",
			[][]string{{"error SC-PF004 FOREIGN KEY orders_customer_fk on public.orders fails: 100 rows of ~1,000,000 rows reference no row of public.customers", "rows: id 9, 10009, 20009, 30009, 40009 (and 95 more)"}}, nil},
		{"foreign key NOT VALID", "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;",
			[][]string{{"warning SC-PF004", "is added NOT VALID, but 100 rows of ~1,000,000 rows reference no row of public.customers"}}, nil},
		{"foreign key to a table the change creates", "CREATE TABLE regions (id int PRIMARY KEY);\nALTER TABLE customers ADD COLUMN region_id int REFERENCES regions (id);\n" +
			"ALTER TABLE orders ADD CONSTRAINT orders_region_fk FOREIGN KEY (total_cents) REFERENCES regions (id);",
			[][]string{{"3:1 error SC-PF004", "fails: 1,000,000 rows of ~1,000,000 rows reference no row of public.regions"}}, []string{"2:1 error SC-PF004"}},
		{"varchar narrowed", "ALTER TABLE customers ALTER COLUMN name TYPE varchar(40);",
			[][]string{{"error SC-PF005 ALTER COLUMN name TYPE character varying(40) on public.customers fails: 10 values of ~100,000 rows do not convert (10 too long)", "rows: id 7, 10007, 20007, 30007, 40007 (and 5 more)"}}, nil},
		{"varchar widened", "ALTER TABLE customers ALTER COLUMN name TYPE varchar(100);", nil, []string{"SC-PF005", "SC-PF007"}},
		{"type change of a column a view reads", "ALTER TABLE customers ALTER COLUMN phone TYPE varchar(100);",
			[][]string{{"error SC-PF007 ALTER COLUMN phone TYPE character varying(100) on public.customers fails: view customer_phones reads the column"}}, nil},
		{"bigint to integer", "ALTER TABLE customers ALTER COLUMN age TYPE integer;",
			[][]string{{"error SC-PF005", "fails: 5 values of ~100,000 rows do not convert (5 out of range or too many digits)", "rows: id 3, 20003, 40003, 60003, 80003"}}, nil},
		{"numeric precision", "ALTER TABLE customers ALTER COLUMN score TYPE numeric(5,2);",
			[][]string{{"error SC-PF005", "fails: 4 values of ~100,000 rows do not convert (4 out of range or too many digits)", "rows: id 11, 25011, 50011, 75011"}}, nil},
		{"a few values of a million fail", "ALTER TABLE orders ALTER COLUMN customer_id TYPE integer USING (customer_id * 10000)::integer;",
			[][]string{{"error SC-PF005", "fails: 98 values of ~1,000,000 rows do not convert (98 out of range or too many digits)", "rows: id 20009, 30009, 40009, 50009, 60009 (and 93 more)"}}, nil},
		{"cast failures", "ALTER TABLE customers ALTER COLUMN code TYPE integer USING code::integer;",
			[][]string{{"error SC-PF005", "fails: 2 values of ~100,000 rows do not convert (2 not valid input for the type)", "rows: id 13, 50013"}}, nil},
		{"enum label removed", "ALTER TYPE mood RENAME TO mood_old;\nCREATE TYPE mood AS ENUM ('happy', 'sad');\n" +
			"ALTER TABLE customers ALTER COLUMN mood TYPE mood USING mood::text::mood;\nDROP TYPE mood_old;",
			[][]string{{"3:1 error SC-PF005", "fails: 100 rows of ~100,000 rows hold values that are not labels of the new public.mood ('meh')", "rows: id 1, 1001, 2001, 3001, 4001 (and 95 more)"}},
			[]string{"SC-PF007"}},
		{"enum label renamed", "ALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';",
			[][]string{{"warning SC-PF006 RENAME VALUE 'sad' TO 'unhappy' on public.mood changes 25,000 rows holding 'sad'", "public.customers.mood: 25,000"}}, nil},
		{"drop column a view uses", "ALTER TABLE customers DROP COLUMN phone;",
			[][]string{
				{"error SC-PF007 DROP COLUMN phone on public.customers fails: view customer_phones depends on it"},
				{"warning SC-PF006 DROP COLUMN phone on public.customers deletes the values of 10,000 rows of ~100,000 rows"},
			}, nil},
		{"drop column cascade", "ALTER TABLE customers DROP COLUMN phone CASCADE;",
			[][]string{{"warning SC-PF006 DROP COLUMN phone on public.customers also drops what depends on it in the database: view customer_phones"}}, []string{"SC-PF007"}},
		{"drop table", "DROP TABLE tiny;",
			[][]string{{"warning SC-PF006 DROP TABLE public.tiny deletes its 20 rows"}}, nil},
		{"drop table a view uses", "DROP TABLE customers;",
			[][]string{{"error SC-PF007 DROP TABLE public.customers fails: view customer_phones depends on it"}}, nil},
		{"drop type a column uses", "DROP TYPE mood;",
			[][]string{{"error SC-PF007 DROP TYPE public.mood fails: column mood of table customers depends on it"}}, nil},
		{"index build on a big table", "CREATE INDEX orders_note_idx ON orders (note);",
			[][]string{{"error SC-DB101", "public.orders has ~1,000,000 rows ("}}, nil},
		{"index build on a small table", "CREATE INDEX tiny_label_idx ON tiny (label);",
			[][]string{{"info SC-DB101", "public.tiny has ~20 rows (", "info, not error: the table is under preflight.small_table_rows (10,000 rows)"}}, nil},
		{"lock_timeout keeps its severity on a small table", "ALTER TABLE tiny ADD COLUMN x text;",
			[][]string{{"warning SC-DB110", "public.tiny has ~20 rows"}}, nil},
		{"new tables have no rows to check", "CREATE TABLE audits (id int PRIMARY KEY, order_id bigint NOT NULL);\n" +
			"ALTER TABLE audits ADD FOREIGN KEY (order_id) REFERENCES orders (id);\nALTER TABLE audits ADD CONSTRAINT audits_order_key UNIQUE (order_id);",
			nil, []string{"SC-PF"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := check(t, url, tc.sql, preflight.Options{})
			claims = append(claims, claim{tc.name, tc.sql, verdict(got)})
			for _, w := range tc.want {
				contains(t, got, w...)
			}
			for _, n := range tc.not {
				lacks(t, got, n)
			}
			if testing.Verbose() {
				t.Log("\n" + strings.Join(got, "\n"))
			}
		})
	}
	t.Run("timeout", func(t *testing.T) {
		// 1 ms is far too short to count a million rows: the check must be
		// reported as not checked, never as passing.
		got := check(t, url, "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;", preflight.Options{Timeout: time.Millisecond})
		contains(t, got, "warning SC-PF010 SET NOT NULL on public.orders.note was not checked (preflight-null-values): the query ran past preflight.statement_timeout (1ms)")
		lacks(t, got, "SC-PF001")
	})
	t.Run("sample", func(t *testing.T) {
		got := check(t, url, "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;\nALTER TABLE tiny ALTER COLUMN label SET NOT NULL;", preflight.Options{Sample: 100_000})
		contains(t, got, "error SC-PF001 SET NOT NULL on public.orders.note fails: ", " rows of a 10% sample of public.orders (TABLESAMPLE SYSTEM, --sample: about ", " in the whole table) hold NULL")
	})
	if after := fingerprint(t, conn); after != before {
		t.Errorf("the database changed:\nbefore: %s\nafter:  %s", before, after)
	}
	// PostgreSQL decides: each migration preflight said fails must fail
	// when run, and each it found nothing against must run. (After the
	// fingerprint: running them, even rolled back, moves the counters.)
	for _, c := range claims {
		if c.verdict == "" {
			continue
		}
		t.Run("oracle/"+c.name, func(t *testing.T) {
			err := runRolledBack(t, conn, c.sql)
			var pg *pgconn.PgError
			switch {
			case c.verdict == "runs" && err != nil:
				t.Errorf("preflight found nothing, and PostgreSQL refused it: %v\n%s", err, c.sql)
			case c.verdict == "runs":
			case err == nil:
				t.Errorf("preflight said this fails (%s), and PostgreSQL ran it:\n%s", c.verdict, c.sql)
			case !errors.As(err, &pg) || !slices.ContainsFunc(strings.Fields(c.verdict), func(rule string) bool { return strings.HasPrefix(pg.Code, sqlstates[rule]) }):
				t.Errorf("preflight said %s, PostgreSQL failed with %v", c.verdict, err)
			}
		})
	}
}

// claim is what preflight said about one pending migration: the rules of
// its error-level SC-PF findings (the migration fails, for one of those
// reasons), "runs" (no SC-PF finding at all), or "" (only warnings or
// infos, such as not checked: no claim).
type claim struct{ name, sql, verdict string }

// sqlstates is the error class each rule predicts.
var sqlstates = map[string]string{
	"SC-PF001": "23502", // not_null_violation
	"SC-PF002": "23514", // check_violation
	"SC-PF003": "23505", // unique_violation
	"SC-PF004": "23503", // foreign_key_violation
	"SC-PF005": "22",    // data_exception: too long, out of range, invalid input
	"SC-PF007": "",      // dependent_objects_still_exist (2BP01) or a view's column (0A000)
}

func verdict(lines []string) string {
	v := "runs"
	var errs []string
	for _, l := range lines {
		first, _, _ := strings.Cut(l, "\n")
		switch {
		case strings.Contains(first, " error SC-PF"):
			errs = append(errs, first[strings.Index(first, "SC-PF"):][:len("SC-PF001")])
		case strings.Contains(first, " SC-PF"):
			v = ""
		}
	}
	if len(errs) > 0 {
		return strings.Join(errs, " ")
	}
	return v
}

// runRolledBack runs sql in a transaction that is rolled back, and
// returns PostgreSQL's verdict. CONCURRENTLY is dropped (it cannot run in
// a transaction block, and changes nothing about the data a build meets).
func runRolledBack(t *testing.T, conn *pgx.Conn, sql string) error {
	t.Helper()
	ctx := context.Background()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = '60s'"); err != nil {
		t.Fatal(err)
	}
	_, err = tx.Exec(ctx, strings.ReplaceAll(sql, " CONCURRENTLY", ""))
	return err
}

// fingerprint is the database's contents: an md5 of every table's rows in
// key order, the schema as introspection reads it, and the write counters
// (inserted, updated, deleted tuples) of every table.
func fingerprint(t *testing.T, conn *pgx.Conn, tables ...string) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	if len(tables) == 0 {
		tables = []string{"customers", "orders", "tiny"}
	}
	for _, table := range tables {
		var sum string
		if err := conn.QueryRow(ctx, "SELECT md5(string_agg(md5(t::text), '' ORDER BY id)) FROM "+table+" t").Scan(&sum); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%s ", table, sum)
	}
	schema, err := introspect.Read(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "schema=%x ", md5.Sum([]byte(schema.Dump())))
	// Counters are flushed when a backend goes idle: ask for it, and read
	// a fresh snapshot.
	if _, err := conn.Exec(ctx, "SELECT pg_stat_force_next_flush()"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "SELECT pg_stat_clear_snapshot()"); err != nil {
		t.Fatal(err)
	}
	var writes string
	if err := conn.QueryRow(ctx, "SELECT string_agg(relname || ':' || n_tup_ins || '/' || n_tup_upd || '/' || n_tup_del, ' ' ORDER BY relname) FROM pg_stat_user_tables").Scan(&writes); err != nil {
		t.Fatal(err)
	}
	b.WriteString(writes)
	return b.String()
}

// TestFingerprintSeesWrites keeps TestPreflight's before/after comparison
// honest: a write the rows do not show (same value) still changes it.
func TestFingerprintSeesWrites(t *testing.T) {
	url := testenv.Database(t)
	ctx := context.Background()
	conn := testenv.Connect(t, url)
	if _, err := conn.Exec(ctx, "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, 'x' FROM generate_series(1, 10) g"); err != nil {
		t.Fatal(err)
	}
	before := fingerprint(t, conn, "t")
	if _, err := conn.Exec(ctx, "UPDATE t SET v = v WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	if after := fingerprint(t, conn, "t"); after == before {
		t.Errorf("an UPDATE left the fingerprint unchanged: %s", after)
	}
}
