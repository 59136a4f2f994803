package schemacheck

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// driftProject writes a project with one configured database whose URL is
// in the SHOP_DB variable, and returns its directory.
func driftProject(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"schemacheck.yaml": "version: 1\ndatabases:\n  - name: shop\n    migrations: db/migrations\n    url_env: SHOP_DB\n",
		"db/migrations/1_users.up.sql": "CREATE TABLE users (\n    id bigint PRIMARY KEY,\n    email text NOT NULL\n);\n" +
			"CREATE INDEX users_email_idx ON users (email);\n",
		"db/migrations/2_orders.up.sql": "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));\n",
	}
	for name, body := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestDriftReadsTheConfiguredDatabase migrates a real database with the
// project's files, changes it by hand, and runs drift as the command does:
// the URL from the database's url_env, paths as the user types them.
func TestDriftReadsTheConfiguredDatabase(t *testing.T) {
	url := testenv.Database(t)
	dir := driftProject(t)
	ctx := context.Background()
	conn := testenv.Connect(t, url)
	for _, name := range []string{"1_users.up.sql", "2_orders.up.sql"} {
		sql, _ := os.ReadFile(filepath.Join(dir, "db/migrations", name))
		if _, err := conn.Exec(ctx, string(sql)); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	env := func(k string) string {
		if k == "SHOP_DB" {
			return url
		}
		return ""
	}
	res, err := p.Drift(ctx, DriftOptions{Getenv: env})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 {
		t.Fatalf("a freshly migrated database has drift: %v", res.Findings)
	}
	for _, sql := range []string{
		"ALTER TABLE users ADD COLUMN nickname text",
		"DROP INDEX users_email_idx",
		"ALTER TABLE orders ALTER COLUMN user_id SET NOT NULL",
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	res, err = p.Drift(ctx, DriftOptions{Getenv: env})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.Location.String()+" "+f.RuleName)
		if _, ok := res.Source(f.Location.File); !ok {
			t.Errorf("%s: no source for the code frame", f.Location.File)
		}
	}
	want := []string{
		"db/migrations/1_users.up.sql:1:1 drift-extra-in-database",
		"db/migrations/1_users.up.sql:5:1 drift-missing-in-database",
		"db/migrations/2_orders.up.sql:1:1 drift-column-differs",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestDriftTargets checks where drift takes its URL from, and that every
// way of not having one says how to give it.
func TestDriftTargets(t *testing.T) {
	two := "version: 1\ndatabases:\n  - {name: a, migrations: a, url_env: A_DB}\n  - {name: b, migrations: b}\n"
	one := "version: 1\ndatabases:\n  - {name: a, migrations: a}\n"
	for _, tc := range []struct {
		name, config string
		opts         DriftOptions
		env          map[string]string
		want         string // the URLs picked, or the error's text
	}{
		{"flag wins", one, DriftOptions{URL: "postgres://flag"}, map[string]string{DatabaseURLEnv: "postgres://env"}, "postgres://flag"},
		{"env for the only database", one, DriftOptions{}, map[string]string{DatabaseURLEnv: "postgres://env"}, "postgres://env"},
		{"no URL at all", one, DriftOptions{}, nil, "pass --db URL, set SCHEMACHECK_DATABASE_URL"},
		{"url_env of each database", two, DriftOptions{}, map[string]string{"A_DB": "postgres://a"}, "postgres://a"},
		{"url_env unset", two, DriftOptions{}, nil, "url_env names A_DB, which is not set"},
		{"--db with several databases", two, DriftOptions{URL: "postgres://x"}, nil, "say which one the URL is for with --database"},
		{"--database picks one", two, DriftOptions{URL: "postgres://x", Database: "b"}, nil, "postgres://x"},
		{"--database unknown", two, DriftOptions{URL: "postgres://x", Database: "c"}, nil, "no such database"},
		{"--database misspelt", "version: 1\ndatabases:\n  - {name: billing, migrations: a}\n  - {name: b, migrations: b}\n",
			DriftOptions{URL: "postgres://x", Database: "biling"}, nil, `(configured: billing, b); did you mean "billing"?`},
		{"a directory argument", "", DriftOptions{Dir: "db"}, map[string]string{DatabaseURLEnv: "postgres://env"}, "postgres://env"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.config != "" {
				if err := os.WriteFile(filepath.Join(dir, "schemacheck.yaml"), []byte(tc.config), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			p, err := Open(OpenOptions{Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			var dirs []string
			if tc.opts.Dir != "" {
				dirs = []string{tc.opts.Dir}
			}
			targets, err := p.liveTargets("drift", tc.opts.URL, tc.opts.Database, dirs, func(k string) string { return tc.env[k] })
			var got string
			if err != nil {
				got = err.Error()
			}
			for _, target := range targets {
				got += target.url
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("got %q, want %q in it", got, tc.want)
			}
		})
	}
}

// TestDriftURLsNeverEchoSecrets: a url_env, --db or SCHEMACHECK_DATABASE_URL
// value that is no PostgreSQL connection string is refused without being
// shown, and the closing note of a real run hides sslpassword and every
// other *password* parameter.
func TestDriftURLsNeverEchoSecrets(t *testing.T) {
	dir := t.TempDir()
	cfg := "version: 1\ndatabases:\n  - {name: a, migrations: a, url_env: A_DB}\n"
	if err := os.WriteFile(filepath.Join(dir, "schemacheck.yaml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := Open(OpenOptions{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ url, env, want string }{
		{env: "mysql://root:hunter22@db/x", want: "url_env names A_DB, whose value: the connection string is neither"},
		{env: "hunter22", want: "url_env names A_DB, whose value"},
		{url: "postgres:/u:hunter22@db/x", want: "--db: the connection string is neither"},
	} {
		_, err := p.liveTargets("drift", tc.url, "", nil, func(k string) string { return map[string]string{"A_DB": tc.env}[k] })
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "hunter22") {
			t.Errorf("url %q, A_DB=%q: %v; want %q and no secret", tc.url, tc.env, err, tc.want)
		}
	}
	_, err = p.liveTargets("drift", "", "", []string{"a"}, func(k string) string {
		return map[string]string{DatabaseURLEnv: "postgress://u:hunter22@db/x"}[k]
	})
	if err == nil || !strings.Contains(err.Error(), "$"+DatabaseURLEnv) || strings.Contains(err.Error(), "hunter22") {
		t.Errorf("%s with a mistyped scheme: %v", DatabaseURLEnv, err)
	}

	url := testenv.Database(t) + "&sslpassword=opensesame"
	if !strings.Contains(url, "?") {
		t.Fatalf("test database URL %q has no query", url)
	}
	project := driftProject(t)
	t.Chdir(project)
	p, err = Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Drift(context.Background(), DriftOptions{URL: url})
	if err != nil {
		if strings.Contains(err.Error(), "opensesame") || strings.Contains(err.Error(), "hunter22") {
			t.Fatalf("error shows a secret: %v", err)
		}
		t.Fatal(err)
	}
	notes := strings.Join(res.Notes, "\n")
	if !strings.Contains(notes, "drift: compared") || strings.Contains(notes, "opensesame") || strings.Contains(notes, "hunter22") {
		t.Errorf("notes must name the database and hide its secrets:\n%s", notes)
	}
}
