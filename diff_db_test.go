package schemacheck

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Two migration directories, no git: OLD is deployed, NEW the change.
// Findings name NEW's files; the note counts what changed.
func TestDiffTwoMigrationDirectories(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	old := map[string]string{
		"0001_users.up.sql":   "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, email text);\n",
		"0001_users.down.sql": "DROP TABLE users;\n",
		"0002_keys.up.sql":    "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);\n",
		"0002_keys.down.sql":  "ALTER TABLE users DROP CONSTRAINT users_email_key;\n",
	}
	writeTree(t, filepath.Join(dir, "old"), old)
	writeTree(t, filepath.Join(dir, "new"), old)
	writeTree(t, filepath.Join(dir, "new"), map[string]string{
		"0001_users.up.sql":   strings.Replace(old["0001_users.up.sql"], "email text", "email text NOT NULL", 1),
		"0003_email.up.sql":   "SET lock_timeout = '2s';\nALTER TABLE users DROP CONSTRAINT users_email_key;\n",
		"0003_email.down.sql": "SELECT 1;\n",
	})
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Diff(DiffOptions{Paths: []string{"old", "new"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID+" "+f.Location.String())
	}
	want := []string{
		"SC-DB501 new/0001_users.up.sql:1:1",
		"SC-DB521 new/0003_email.down.sql:1:1",
		"SC-DB510 new/0003_email.up.sql:2:1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	note := "new against old: 2 migration files added, 1 edited, 0 deleted, 0 moved"
	if !slices.Contains(res.Notes, note) {
		t.Errorf("notes %q: want %q", res.Notes, note)
	}
	if _, ok := res.Source("new/0003_email.up.sql"); !ok {
		t.Error("the added file's source is kept for code frames")
	}
	// The same directory twice: nothing changed, nothing to report.
	res, err = p.Diff(DiffOptions{Paths: []string{"old", "old"}})
	if err != nil || len(res.Findings) != 0 {
		t.Errorf("old against itself: %v, %+v", err, res.Findings)
	}
}

// The down policy of the configured database whose directory NEW is
// applies to a two-directory diff too.
func TestDiffTwoDirectoriesUsesTheDownPolicy(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	writeTree(t, dir, map[string]string{
		"schemacheck.yaml":    "version: 1\ndatabases:\n  - migrations: new\n    down_policy: require\n",
		"old/0001_t.up.sql":   "CREATE TABLE t (id bigint PRIMARY KEY);\n",
		"old/0001_t.down.sql": "DROP TABLE t;\n",
		"new/0001_t.up.sql":   "CREATE TABLE t (id bigint PRIMARY KEY);\n",
		"new/0001_t.down.sql": "DROP TABLE t;\n",
		"new/0002_u.up.sql":   "CREATE TABLE u (id bigint PRIMARY KEY);\n",
	})
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Diff(DiffOptions{Paths: []string{"old", "new"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 1 || res.Findings[0].RuleID != "SC-DB520" || res.Findings[0].Severity.String() != "error" {
		t.Errorf("want one SC-DB520 error (down_policy: require), got %+v", res.Findings)
	}
}
