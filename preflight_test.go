package schemacheck

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/schemacheck/schemacheck/internal/gittest"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestCheckRunsPreflight: check runs preflight for a database whose
// preflight_url_env is set (the lint finding of the pending statement
// gets the table's size and, on a small table, becomes an info; the data
// finding joins the report), and skips it with a note when it is not set.
func TestCheckRunsPreflight(t *testing.T) {
	url := testenv.DatabaseWith(t, `CREATE TABLE users (id bigint PRIMARY KEY, email text);
		CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
		INSERT INTO schema_migrations VALUES (1, false);
		INSERT INTO users SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'u' || g END FROM generate_series(1, 30) g;
		ANALYZE users`)
	dir := t.TempDir()
	for name, body := range map[string]string{
		"schemacheck.yaml":    "version: 1\ndatabases:\n  - name: app\n    migrations: db\n    preflight_url_env: APP_STAGING_DB\n",
		"db/1_users.up.sql":   "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
		"db/2_email.up.sql":   "-- schemacheck:ignore SC-DB110 the table is small\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
		"db/1_users.down.sql": "DROP TABLE users;\n",
		"db/2_email.down.sql": "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;\n",
	} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	run := func() ([]string, []string) {
		p, err := Open(OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := p.Check(CheckOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range res.Findings {
			got = append(got, f.Location.String()+" "+f.Severity.String()+" "+f.RuleID+" "+f.Message)
		}
		return got, res.Notes
	}
	got, notes := run()
	if strings.Contains(strings.Join(got, "\n"), "SC-PF") || !strings.Contains(strings.Join(notes, "\n"), "preflight app: skipped, APP_STAGING_DB (preflight_url_env) is not set") {
		t.Errorf("without the variable, preflight must be skipped with a note:\n%s\n%s", strings.Join(got, "\n"), strings.Join(notes, "\n"))
	}
	t.Setenv("APP_STAGING_DB", url)
	got, notes = run()
	for _, want := range []string{
		"db/2_email.up.sql:2:1 error SC-PF001 SET NOT NULL on public.users.email fails: 3 rows of ~30 rows hold NULL",
		"db/2_email.up.sql:2:1 info SC-DB107 SET NOT NULL on public.users.email scans the table and takes ACCESS EXCLUSIVE on public.users: blocks all reads and writes while it scans; public.users has ~30 rows",
	} {
		if !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("no %q in:\n%s\nnotes:\n%s", want, strings.Join(got, "\n"), strings.Join(notes, "\n"))
		}
	}
	for _, l := range got {
		if strings.Count(l, "public.users has") > 1 || strings.Contains(l, "SC-DB110") || strings.Contains(l, "SC-DB051") {
			t.Errorf("sized twice, or the ignore comment misapplied: %s", l)
		}
	}
}

// TestPreflightBase: with a base revision the migrations the working tree
// adds since it are pending, whatever the database records (here it keeps
// no bookkeeping at all); a table that differs from its migrations is
// reported by drift and its data left unchecked, with a note.
func TestPreflightBase(t *testing.T) {
	url := testenv.DatabaseWith(t, `CREATE TABLE users (id bigint PRIMARY KEY, email text);
		CREATE TABLE teams (id bigint PRIMARY KEY, name varchar(10));
		INSERT INTO users SELECT g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'u' || g END FROM generate_series(1, 30) g;
		INSERT INTO teams SELECT g, NULL FROM generate_series(1, 5) g`)
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"db/1_users.sql": "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n" +
			"CREATE TABLE teams (id bigint PRIMARY KEY, name text);\n", // the database has varchar(10): drift
	})
	repo.Commit("users")
	repo.Write(map[string]string{
		"db/2_email.sql": "ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE teams ALTER COLUMN name SET NOT NULL;\n",
	})
	t.Chdir(repo.Dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Preflight(context.Background(), PreflightOptions{URL: url, Dirs: []string{"db"}, Base: "HEAD"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Location.String()+" "+f.RuleID+" "+f.Message)
	}
	all, notes := strings.Join(got, "\n"), strings.Join(res.Notes, "\n")
	for _, want := range []string{
		"db/2_email.sql:1:1 SC-PF001 SET NOT NULL on public.users.email fails: 3 rows of 30 rows (counted: never analyzed) hold NULL",
		"db/1_users.sql:2:1 SC-DR003 column public.teams.name differs from the migrations",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, "public.teams.name fails") {
		t.Errorf("the drifted table's data was checked:\n%s", all)
	}
	for _, want := range []string{
		"preflight db: 1 migration (2_email) pending (added since HEAD)",
		"preflight: public.teams differs from what the applied migrations define (see the drift findings), so its data is not checked",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("no note %q in:\n%s", want, notes)
		}
	}
}

// TestPreflightSettings: the command line wins over preflight: in the
// config, which wins over the defaults; small_table_rows 0 means never.
func TestPreflightSettings(t *testing.T) {
	for _, tc := range []struct {
		config string
		opts   PreflightOptions
		want   string // timeout small_table_rows sample
	}{
		{"version: 1\n", PreflightOptions{}, "30s 10000 0"},
		{"version: 1\npreflight: {statement_timeout: 2m, small_table_rows: 500}\n", PreflightOptions{}, "2m0s 500 0"},
		{"version: 1\npreflight: {statement_timeout: 2m, small_table_rows: 0}\n", PreflightOptions{Timeout: 5 * time.Second, Sample: 1000}, "5s -1 1000"},
	} {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "schemacheck.yaml"), []byte(tc.config), 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := Open(OpenOptions{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		o, err := p.preflightSettings(tc.opts)
		if got := fmt.Sprint(o.Timeout, " ", o.SmallTableRows, " ", o.Sample); err != nil || got != tc.want {
			t.Errorf("%q: got %s (%v), want %s", tc.config, got, err, tc.want)
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "schemacheck.yaml"), []byte("version: 1\npreflight: {statement_timeout: 30 seconds}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(OpenOptions{Dir: dir}); err == nil || !strings.Contains(err.Error(), "statement_timeout") {
		t.Errorf("a timeout that is not a duration must be refused at its key: %v", err)
	}
}
