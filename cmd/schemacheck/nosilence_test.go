package main

import (
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/gittest"
)

// TestNoSilentPasses: a lint or diff path that holds no migration exits 2
// (a typo, an empty directory, a project root), naming what init would
// detect below it; .sql files the layout does not read are listed, and
// so are migrations in another language.
func TestNoSilentPasses(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"empty/.keep":                        "",
		"docs/notes.md":                      "no SQL here\n",
		"proj/db/migrations/1_init.up.sql":   risky,
		"proj/db/migrations/1_init.down.sql": "DROP TABLE t;\n",
		"proj/db/migrations/README.sql":      "-- run with migrate up\n",
		"proj/db/migrations/seeds/users.sql": "INSERT INTO t VALUES (1, 'a');\n",
		"proj/db/migrations/2_users.up.go":   "package migrations\n",
		"proj/api/openapi.yaml":              "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
		"nested/services/a/migrations/1.sql": risky,
		"nested/services/b/V1__init.sql":     risky,
		"plain/001_init.sql":                 risky,
		"plain/002_more/extra.sql":           riskyChange,
	})
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"lint", "empty"}, 2, "empty: no migrations found here or below; lint takes a migration directory or .sql files"},
		{[]string{"lint", "docs"}, 2, "docs: no migrations found here or below"},
		{[]string{"lint", "proj"}, 2, "proj: a project directory, not a migration directory; lint the migration directories 'schemacheck init' detects below it:\n  proj/db/migrations (golang-migrate, 1 migration)"},
		{[]string{"lint", "nested"}, 2, "nested/services/b (flyway, 1 migration)"},
		{[]string{"lint", "proj/db/migrations"}, 0, "proj/db/migrations: 2 .sql files not read, since no golang-migrate migration name matches: proj/db/migrations/README.sql, proj/db/migrations/seeds/users.sql"},
		{[]string{"lint", "proj/db/migrations"}, 0, "proj/db/migrations: 1 migration file is not SQL, so not read: proj/db/migrations/2_users.up.go; what they change is missing"},
		{[]string{"diff", "proj/db/migrations", "proj/db/migrations"}, 0, "1 migration file is not SQL"},
		// plain .sql files in subdirectories are a layout of their own
		{[]string{"lint", "plain"}, 1, "SC-DB101"},
		{[]string{"diff", "empty", "docs"}, 2, "docs: no migrations or contracts found here or below"},
		{[]string{"diff", "proj/db/migrations", "proj"}, 2, "proj: a project directory"},
	} {
		code, out, errOut := runIn(t, dir, tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("%v: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", tc.args, code, tc.code, out, errOut, tc.want)
		}
	}
}

// TestDiffBaseOfEmptyDirectory: with --base, a directory path that holds
// no migration at either revision exits 2 as well.
func TestDiffBaseOfEmptyDirectory(t *testing.T) {
	repo := gittest.New(t)
	repo.Write(map[string]string{"db/1_init.up.sql": risky, "docs/README.md": "docs\n"})
	repo.Commit("init")
	code, out, errOut := runIn(t, repo.Dir, "diff", "--base", "HEAD", "docs")
	if code != 2 || !strings.Contains(errOut, "docs: no migrations or contracts found here or below") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runIn(t, repo.Dir, "diff", "--base", "HEAD", "db"); code != 0 {
		t.Errorf("an unchanged migration directory: exit %d\n%s%s", code, out, errOut)
	}
}
