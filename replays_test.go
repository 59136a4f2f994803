package schemacheck

import (
	"fmt"
	"path/filepath"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/gittest"
)

// replays counts, while run runs, how often any catalog applies the
// statement that creates each table: a replay of a migration file applies
// each of its statements once.
func replays(t *testing.T, run func()) map[string]int {
	t.Helper()
	counts := map[string]int{}
	stop := catalog.OnApply(func(n *pg_query.Node) {
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
	if len(res.Findings) == 0 {
		t.Fatal("no findings: the fixture no longer exercises the cross-layer checks")
	}
	for _, f := range res.Findings {
		t.Log(f.RuleID, f.Location, f.Message)
	}
	if got["users"] != 1 || got["orders"] != 1 {
		t.Errorf("replays per table's CREATE = %v, want the base's and the change's once each", got)
	}
}
