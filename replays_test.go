package schemacheck

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/gittest"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// replays counts, while run runs, how often any catalog applies the
// statement that creates each table: a replay of a migration file applies
// each of its statements once.
func replays(t *testing.T, run func()) map[string]int {
	t.Helper()
	counts := map[string]int{}
	stop := catalog.OnApply(func(n *pgast.Node) {
		if cs := n.GetCreateStmt(); cs != nil {
			counts[cs.GetRelation().GetRelname()]++
		}
	})
	defer stop()
	run()
	return counts
}

// One replay per database diff: the base's migrations build the schema
// once, and the change's up scripts are replayed once (lint's replay,
// traced, serves the schema findings and the down-script checks).
func TestDatabaseDiffReplaysOnce(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	old := map[string]string{
		"0001_users.up.sql":   "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
		"0001_users.down.sql": "DROP TABLE users;\n",
	}
	writeTree(t, filepath.Join(dir, "old"), old)
	writeTree(t, filepath.Join(dir, "new"), old)
	writeTree(t, filepath.Join(dir, "new"), map[string]string{
		"0002_orders.up.sql":   "CREATE TABLE orders (id bigint PRIMARY KEY);\nALTER TABLE users DROP COLUMN email;\n",
		"0002_orders.down.sql": "DROP TABLE orders;\nALTER TABLE users ADD COLUMN email text;\n",
	})
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := replays(t, func() {
		if _, err := p.Diff(DiffOptions{Paths: []string{"old", "new"}}); err != nil {
			t.Fatal(err)
		}
	})
	if got["users"] != 1 || got["orders"] != 1 {
		t.Errorf("replays per table's CREATE = %v, want the base's and the change's once each", got)
	}
}

// check runs the database diff and the cross-layer checks; they share
// one replay of the head's migrations.
func TestCheckReplaysOnce(t *testing.T) {
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"schemacheck.yaml":                  "version: 1\ndatabases:\n  - name: main\n    migrations: db/migrations\ncontracts:\n  - name: api\n    path: api/openapi.yaml\n",
		"db/migrations/0001_users.up.sql":   "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, nickname text);\n",
		"db/migrations/0001_users.down.sql": "DROP TABLE users;\n",
		"api/openapi.yaml":                  fmt.Sprintf(crossContract, "1.0", "        nickname: {type: string, nullable: true}\n"),
	})
	repo.Commit("main")
	repo.Git("switch", "-q", "-c", "feature")
	repo.Write(map[string]string{
		"db/migrations/0002_orders.up.sql":   "CREATE TABLE orders (id bigint PRIMARY KEY);\nALTER TABLE users DROP COLUMN nickname;\n",
		"db/migrations/0002_orders.down.sql": "DROP TABLE orders;\n",
	})
	var res *Result
	got := replays(t, func() { _, res = findingsOf(t, repo.Dir, "main") })
	crossLayer := false
	for _, f := range res.Findings {
		crossLayer = crossLayer || f.RuleID == "SC-XL001"
	}
	if !crossLayer {
		t.Fatalf("no SC-XL001 in %v: the fixture no longer exercises the cross-layer checks", res.Findings)
	}
	if got["users"] != 1 || got["orders"] != 1 {
		t.Errorf("replays per table's CREATE = %v, want the base's and the change's once each", got)
	}
}

// Preflight replays the migrations the database has applied once: drift,
// preflight's checks and (without check) the linter share that replay.
// The pending ones are replayed twice: by preflight, which asks the
// database about each statement against the schema just before it, and by
// the linter (in check, the database diff's).
func TestPreflightReplaysAppliedOnce(t *testing.T) {
	url := testenv.DatabaseWith(t, `CREATE TABLE users (id bigint PRIMARY KEY, email text);
		CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
		INSERT INTO schema_migrations VALUES (1, false)`)
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"schemacheck.yaml":    "version: 1\ndatabases:\n  - name: app\n    migrations: db\n    preflight_url_env: APP_STAGING_DB\n",
		"db/1_users.up.sql":   "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
		"db/1_users.down.sql": "DROP TABLE users;\n",
	})
	repo.Commit("main")
	repo.Git("switch", "-q", "-c", "feature")
	repo.Write(map[string]string{
		"db/2_orders.up.sql":   "CREATE TABLE orders (id bigint PRIMARY KEY);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
		"db/2_orders.down.sql": "DROP TABLE orders;\n",
	})
	t.Chdir(repo.Dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := replays(t, func() {
		if _, err := p.Preflight(context.Background(), PreflightOptions{URL: url, Dirs: []string{"db"}}); err != nil {
			t.Fatal(err)
		}
	})
	if got["users"] != 1 || got["orders"] != 2 {
		t.Errorf("preflight: replays per table's CREATE = %v, want users (applied) once, orders (pending) twice", got)
	}
	t.Setenv("APP_STAGING_DB", url)
	got = replays(t, func() {
		if _, err := p.Check(CheckOptions{Base: "main"}); err != nil {
			t.Fatal(err)
		}
	})
	if got["users"] != 1 || got["orders"] != 2 {
		t.Errorf("check with preflight: replays per table's CREATE = %v, want users (applied) once, orders (pending) twice", got)
	}
}
