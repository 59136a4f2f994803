package drift_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/drift"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/migration"
)

// shop is a small migration history; TestHandEdits applies it and then
// changes the database by hand.
var shop = fstest.MapFS{
	"1_users.up.sql": {Data: []byte(`CREATE TABLE users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email varchar(200) NOT NULL,
    age integer NOT NULL DEFAULT 0,
    status text DEFAULT 'new'
);
CREATE UNIQUE INDEX users_email_idx ON users (email);
`)},
	"2_orders.up.sql": {Data: []byte(`CREATE TYPE order_state AS ENUM ('open', 'paid');
CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id),
    state order_state NOT NULL DEFAULT 'open',
    note text
);
CREATE INDEX orders_user_idx ON orders (user_id);
ALTER TABLE users ALTER COLUMN age TYPE smallint;
`)},
	"3_domain.up.sql": {Data: []byte(`CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE SEQUENCE invoice_numbers;
CREATE TABLE invoices (number positive NOT NULL, total numeric(10,2));
`)},
}

// TestHandEdits applies the shop's migrations, changes the database by
// hand as people do during incidents, and checks that drift reports each
// change, once, at the statement that created or last changed the object.
func TestHandEdits(t *testing.T) {
	set := load(t, shop)
	url := testenv.Database(t)
	ctx := context.Background()
	conn := connect(t, url)
	applyAll(t, conn, set)

	// Before any hand edit the database is what the migrations build.
	if got := compare(t, set, url); len(got) != 0 {
		t.Fatalf("a freshly migrated database has drift:\n%s", strings.Join(got, "\n"))
	}

	for _, sql := range []string{
		"ALTER TABLE users ADD COLUMN nickname text",
		"DROP INDEX orders_user_idx",
		"ALTER TABLE users ALTER COLUMN age TYPE bigint",
		"ALTER TABLE orders ALTER COLUMN note SET NOT NULL",
		"ALTER TABLE users ALTER COLUMN status SET DEFAULT 'old'",
		"CREATE INDEX users_status_idx ON users (status)",
		"ALTER TYPE order_state ADD VALUE 'refunded'",
		"DROP TABLE invoices",
		"CREATE TABLE audit (at timestamptz)",
		"CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL)",
		"DROP INDEX users_email_idx",
		"CREATE INDEX users_email_idx ON users (email, id)",
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	want := []string{
		"1_users.up.sql:1:1 SC-DR002 column public.users.nickname is in the database but no migration creates it",
		"1_users.up.sql:1:1 SC-DR002 index public.users_status_idx is in the database but no migration creates it",
		"1_users.up.sql:1:1 SC-DR003 column public.users.status differs from the migrations (migrations → database): default 'new' → 'old'",
		"1_users.up.sql:7:1 SC-DR004 index public.users_email_idx differs from the migrations (migrations → database): unique on public.users (email) → on public.users (email, id)",
		"2_orders.up.sql:1:1 SC-DR004 enum public.order_state differs from the migrations (migrations → database): labels (open, paid) → (open, paid, refunded)",
		"2_orders.up.sql:2:1 SC-DR003 column public.orders.note differs from the migrations (migrations → database): not null false → true",
		"2_orders.up.sql:8:1 SC-DR001 index public.orders_user_idx is created by the migrations but missing from the database",
		"2_orders.up.sql:9:1 SC-DR003 column public.users.age differs from the migrations (migrations → database): type smallint → bigint",
		"3_domain.up.sql:3:1 SC-DR001 table public.invoices is created by the migrations but missing from the database",
		"db/migrations SC-DR002 table public.audit is in the database but no migration in db/migrations creates it",
	}
	got := compare(t, set, url)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSessionIsReadOnly checks that the session drift reads through
// refuses writes and carries both timeouts, whatever the URL asks for.
func TestSessionIsReadOnly(t *testing.T) {
	url := testenv.Database(t)
	ctx := context.Background()
	conn, err := drift.Connect(ctx, url, drift.Limits{StatementTimeout: 7 * time.Second, LockTimeout: 3 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE TABLE must_not_exist (id int)"); err == nil || !strings.Contains(err.Error(), "read-only transaction") {
		t.Errorf("a write in the drift session: err = %v, want a read-only transaction error", err)
	}
	for setting, want := range map[string]string{"statement_timeout": "7s", "lock_timeout": "3s", "default_transaction_read_only": "on"} {
		var got string
		if err := conn.QueryRow(ctx, "SHOW "+setting).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s = %s, want %s", setting, got, want)
		}
	}
}

// TestConstant reads constants back through the server's types, and never
// splices anything but a type name into its query.
func TestConstant(t *testing.T) {
	ctx := context.Background()
	s, err := drift.Open(ctx, testenv.Database(t), drift.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, tc := range []struct{ typ, lit, want string }{
		{"interval", "3 minutes", "00:03:00"},
		{"timestamp without time zone", "1970-01-01 00:00:01+00:00", "1970-01-01 00:00:01"},
		{"boolean", "f", "false"},
		{"integer", "twelve", ""},      // rejected by the type: not a constant of it
		{"integer; SELECT 1", "1", ""}, // not a type name
		{`"char"`, "x", "x"},           // quoted names are type names
		{"numeric(10,2)", "1.5", "1.50"},
	} {
		got, ok := s.Constant(ctx, tc.typ, tc.lit)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Constant(%q, %q) = %q, %v; want %q", tc.typ, tc.lit, got, ok, tc.want)
		}
	}
	// A rejected value must not have aborted the session's transaction.
	if _, err := s.Catalog(ctx); err != nil {
		t.Errorf("the session is unusable after a rejected constant: %v", err)
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:s3cret@h/db":                                              "postgres://u:xxxxx@h/db",
		"postgres://u@h/db?password=s3cret&x=1":                                 "postgres://u@h/db?password=xxxxx&x=1",
		"host=h user=u password=s3cret dbname=db":                               "the database (connection string not shown)",
		"postgres://u@h/db?sslmode=verify-full&sslkey=k.pem&sslpassword=s3cret": "postgres://u@h/db?sslkey=k.pem&sslmode=verify-full&sslpassword=xxxxx",
		"postgresql://u:p%40ss@h/db?Backup_Password=s3cret":                     "postgresql://u:xxxxx@h/db?Backup_Password=xxxxx",
		"postgres:/u:s3cret@h/db":                                               "the database (connection string not shown)",
	} {
		if got := drift.Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConnectErrorHidesPassword(t *testing.T) {
	_, err := drift.Connect(context.Background(), "postgres://u:s3cret@127.0.0.1:1/db?connect_timeout=2", drift.Limits{})
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Errorf("error must name the server and hide the password: %v", err)
	}
}

// TestCheckURLRefusesWhatIsNoConnectionString: a one-slash URL, a
// mistyped scheme or another database's URL would be read as key=value
// settings and sent to the default server; each is refused, unechoed.
func TestCheckURLRefusesWhatIsNoConnectionString(t *testing.T) {
	for _, bad := range []string{
		"postgres:/u:s3cret@127.0.0.1/db",
		"postgress://u:s3cret@127.0.0.1/db",
		"mysql://u:s3cret@127.0.0.1/db",
		"s3cret",
		"postgres://u:s3cret@h/db%zz",
	} {
		err := drift.CheckURL(bad)
		if err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("CheckURL(%q) = %v, want a refusal that does not echo it", bad, err)
		}
		if _, err := drift.Connect(context.Background(), bad, drift.Limits{}); err == nil || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Connect(%q) = %v, want a refusal that does not echo it", bad, err)
		}
	}
	for _, good := range []string{"postgres://u:s3cret@h/db", "postgresql:///db?host=/tmp", "host=h dbname=db", " dbname = db"} {
		if err := drift.CheckURL(good); err != nil {
			t.Errorf("CheckURL(%q): %v", good, err)
		}
	}
}

// TestConnectErrorHidesQuotedSecrets asks a real server for a database
// whose name holds the password: the server's error quotes it, the error
// schemacheck prints does not.
func TestConnectErrorHidesQuotedSecrets(t *testing.T) {
	u, err := url.Parse(testenv.Database(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), "hunter22")
	u.Path = "/nosuch_hunter22"
	q := u.Query()
	q.Set("sslpassword", "opensesame")
	u.RawQuery = q.Encode()
	_, err = drift.Connect(context.Background(), u.String(), drift.Limits{})
	if err == nil {
		t.Fatal("connected to a database that does not exist")
	}
	if msg := err.Error(); strings.Contains(msg, "hunter22") || strings.Contains(msg, "opensesame") {
		t.Errorf("error quotes a secret: %s", msg)
	}
}

// TestCorpusHasNoDrift applies real projects' migrations and expects no
// finding: every difference here would be a false positive users see.
func TestCorpusHasNoDrift(t *testing.T) {
	for _, p := range []struct {
		project      string
		placeholders map[string]string
		setup        string
	}{
		{"harbor", nil, "CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)"},
		{"temporal", nil, ""},
		{"ory-kratos", nil, ""},
		{"supabase-auth", map[string]string{"Namespace": "auth"}, "CREATE SCHEMA auth"},
		{"openfga", nil, ""},
		{"openmeter", nil, ""},
		{"documenso", nil, ""},
		{"ontrack", nil, ""},
	} {
		t.Run(p.project, func(t *testing.T) {
			set, err := migration.Load(os.DirFS(testenv.CorpusMigrationDir(t, p.project)), ".", migration.Options{Placeholders: p.placeholders})
			if err != nil {
				t.Fatal(err)
			}
			url := testenv.Database(t)
			conn := connect(t, url)
			if p.setup != "" {
				if _, err := conn.Exec(context.Background(), p.setup); err != nil {
					t.Fatal(err)
				}
			}
			applyAll(t, conn, set)
			if strings.HasPrefix(p.setup, "CREATE SCHEMA") { // the replay needs the schema too
				first := set.Migrations[0].Up
				first.Statements = append(setupStatements(t, p.setup), first.Statements...)
			}
			if got := compare(t, set, url); len(got) != 0 {
				t.Errorf("%d findings on a database migrated with the same files:\n%s", len(got), strings.Join(got, "\n"))
			}
		})
	}
}

func TestExpr(t *testing.T) {
	for _, tc := range []struct{ server, replay string }{
		{"'x'::character varying", "'x'"},
		{"nextval('orders_id_seq'::regclass)", "nextval('orders_id_seq')"},
		{"'-1'::integer", "-1"},
		{"now()", "NOW()"},
		{"'{}'::jsonb", "'{}'"},
		{"ARRAY[]::text[]", "ARRAY[]"},
		{"(0)::numeric(10,2)", "0"},
		{"'2020-01-01 00:00:00'::timestamp without time zone", "'2020-01-01 00:00:00'"},
		{"'it''s'::text", "'it''s'"},
	} {
		if a, b := drift.Expr(tc.server), drift.Expr(tc.replay); a != b {
			t.Errorf("Expr(%q) = %q, Expr(%q) = %q: want equal", tc.server, a, tc.replay, b)
		}
	}
	for _, tc := range []struct{ a, b string }{
		{"'A'", "'a'"}, {"now()", "clock_timestamp()"}, {"1", "2"}, {"'x'::text", "'y'"},
	} {
		if drift.Expr(tc.a) == drift.Expr(tc.b) {
			t.Errorf("Expr(%q) == Expr(%q): different defaults must stay different", tc.a, tc.b)
		}
	}
}

func load(t *testing.T, fsys fstest.MapFS) *migration.Set {
	t.Helper()
	set, err := migration.Load(fsys, ".", migration.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func applyAll(t *testing.T, conn *pgx.Conn, set *migration.Set) {
	t.Helper()
	for _, f := range catalog.UpFiles(set) {
		for _, st := range f.Statements {
			if _, err := conn.Exec(context.Background(), st.SQL); err != nil {
				t.Fatalf("%s: %v", st.Pos, err)
			}
		}
	}
}

func setupStatements(t *testing.T, sql string) []*migration.Statement {
	t.Helper()
	files := migration.ParseFile("setup.sql", []byte(sql), migration.FileOptions{})
	return files[0].Statements
}

// compare reads the database through drift's read-only session and
// returns the findings as "location rule message" lines.
func compare(t *testing.T, set *migration.Set, url string) []string {
	t.Helper()
	ctx := context.Background()
	s, err := drift.Open(ctx, url, drift.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, _, err := s.Check(ctx, catalog.UpFiles(set), "db/migrations", nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Findings {
		out = append(out, fmt.Sprintf("%s %s %s", f.Location, f.RuleID, f.Message))
	}
	for _, n := range res.Notes {
		t.Log(n)
	}
	return out
}

// TestCompareReadsProvenance: each difference is located from the one
// traced replay: a changed column at the statement that last changed it,
// a missing index where it was created, a column of a table dropped and
// created again at the second CREATE; a table a DO block may have changed
// is left out, with a note naming that block.
func TestCompareReadsProvenance(t *testing.T) {
	var files []*migration.File
	for _, f := range []struct{ path, sql string }{
		{"db/1_a.sql", "CREATE TABLE accounts (id int, note text);\nCREATE TABLE orders (id int);\nCREATE INDEX accounts_note ON accounts (note);\n"},
		{"db/2_b.sql", "ALTER TABLE accounts ALTER COLUMN note SET NOT NULL;\n" +
			"DO $$ BEGIN EXECUTE 'ALTER TABLE orders ADD COLUMN x int'; END $$;\n" +
			"CREATE TABLE carts (id int);\nDROP TABLE carts;\nCREATE TABLE carts (id bigint);\n"},
	} {
		files = append(files, migration.ParseFile(f.path, []byte(f.sql), migration.FileOptions{})...)
	}
	live := catalog.Replay(nil, migration.ParseFile("live.sql", []byte(
		"CREATE TABLE accounts (id int, note varchar(10));\nCREATE TABLE orders (id int, y int);\nCREATE TABLE carts (id int);\n"), migration.FileOptions{}), nil)
	res := drift.Compare(drift.Input{Files: files, Live: live, Dir: "db"})
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%s %s", f.Location, f.Message))
	}
	want := []string{
		"db/1_a.sql:3:1 index public.accounts_note is created by the migrations but missing from the database",
		"db/2_b.sql:1:1 column public.accounts.note differs from the migrations (migrations → database): type text → character varying(10); not null true → false",
		"db/2_b.sql:5:1 column public.carts.id differs from the migrations (migrations → database): type bigint → integer",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "public.orders is changed by statements the replay cannot follow") || !strings.Contains(res.Notes[0], "the first at db/2_b.sql:2:1") {
		t.Errorf("notes %q", res.Notes)
	}
}
