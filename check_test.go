package schemacheck

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/gittest"
)

const checkConfig = `version: 1
databases:
  - migrations: db/migrations
contracts:
  - name: api
    path: api/openapi.yaml
  - name: events
    path: events/order.json
`

const checkContract = `openapi: 3.0.3
info: {title: shop, version: "1"}
paths:
  /orders:
    get:
      parameters:
        - {name: limit, in: query, required: %s, schema: {type: integer}}
      responses:
        "200": {description: ok}
`

// findingsOf runs check in the repository and returns "RULE file" lines.
func findingsOf(t *testing.T, dir, base string) ([]string, *Result) {
	t.Helper()
	t.Chdir(dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Check(CheckOptions{Base: base})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.RuleID+" "+f.Location.File)
	}
	return got, res
}

// TestCheckComparesContractsWithTheBase builds a repository whose main
// branch has a contract, then changes it on a branch: check reports the
// change against the merge-base, and a contract added by the change (with
// nothing at the base) is not a finding.
func TestCheckComparesContractsWithTheBase(t *testing.T) {
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"schemacheck.yaml":               checkConfig,
		"db/migrations/0001_t.up.sql":    "CREATE TABLE t (id bigint PRIMARY KEY);\n",
		"db/migrations/0001_t.down.sql":  "DROP TABLE t;\n",
		"api/openapi.yaml":               fmt.Sprintf(checkContract, "false"),
		"events/order.json":              `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}`,
		"unrelated/notes.txt":            "x",
		"db/migrations/0002_u.up.sql":    "CREATE TABLE u (id bigint PRIMARY KEY);\n",
		"db/migrations/0002_u.down.sql":  "DROP TABLE u;\n",
		"db/migrations/0003_v.up.sql":    "CREATE TABLE v (id bigint PRIMARY KEY);\n",
		"db/migrations/0003_v.down.sql":  "DROP TABLE v;\n",
		"db/migrations/0004_w.up.sql":    "CREATE TABLE w (id bigint PRIMARY KEY);\n",
		"db/migrations/0004_w.down.sql":  "DROP TABLE w;\n",
		"db/migrations/0005_x.up.sql":    "CREATE TABLE x (id bigint PRIMARY KEY);\n",
		"db/migrations/0005_x.down.sql":  "DROP TABLE x;\n",
		"db/migrations/0006_y.up.sql":    "CREATE TABLE y (id bigint PRIMARY KEY);\n",
		"db/migrations/0006_y.down.sql":  "DROP TABLE y;\n",
		"db/migrations/0007_z.up.sql":    "CREATE TABLE z (id bigint PRIMARY KEY);\n",
		"db/migrations/0007_z.down.sql":  "DROP TABLE z;\n",
		"db/migrations/0008_zz.up.sql":   "CREATE TABLE zz (id bigint PRIMARY KEY);\n",
		"db/migrations/0008_zz.down.sql": "DROP TABLE zz;\n",
	})
	repo.Commit("main")
	repo.Git("switch", "-q", "-c", "feature")
	repo.Write(map[string]string{"api/openapi.yaml": fmt.Sprintf(checkContract, "true")})

	got, res := findingsOf(t, repo.Dir, "main")
	if want := "SC-API002 api/openapi.yaml"; !contains(got, want) {
		t.Errorf("findings %q lack %q (the query parameter became required)", got, want)
	}
	if len(res.Notes) == 0 || !strings.Contains(res.Notes[0], "compared with main") {
		t.Errorf("notes = %q, want the base named", res.Notes)
	}

	// A contract the base does not have is new: nothing depends on it.
	repo.Write(map[string]string{"api/openapi.yaml": fmt.Sprintf(checkContract, "false")})
	repo.Commit("back")
	repo.Git("rm", "-q", "events/order.json")
	repo.Commit("drop the event schema")
	repo.Git("switch", "-q", "-c", "feature2")
	repo.Write(map[string]string{"events/order.json": `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string"}`})
	if got, _ := findingsOf(t, repo.Dir, "feature"); len(got) != 0 {
		t.Errorf("a contract added by the change gave findings: %q", got)
	}
}

// TestCheckBaseErrors: a base that does not exist, one that looks like an
// option, and a shallow clone without the base are errors that say what to
// do; outside a repository there is no base and everything is linted.
func TestCheckBaseErrors(t *testing.T) {
	repo := gittest.New(t)
	repo.Write(map[string]string{
		"schemacheck.yaml":            "version: 1\ndatabases:\n  - migrations: db/migrations\n",
		"db/migrations/0001_t.up.sql": "CREATE TABLE t (id bigint PRIMARY KEY, v text);\n",
	})
	repo.Commit("one")
	repo.Write(map[string]string{"db/migrations/0002_i.up.sql": "CREATE INDEX t_v ON t (v);\n"})
	repo.Commit("two")
	shallow := repo.Clone("--depth", "1")

	for _, tc := range []struct{ dir, base, want string }{
		{repo.Dir, "nope", `revision "nope" not found`},
		{repo.Dir, "--output=/tmp/x", "--output=/tmp/x"},
		{shallow.Dir, "HEAD~1", "fetch-depth: 0"},
	} {
		t.Chdir(tc.dir)
		p, err := Open(OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Check(CheckOptions{Base: tc.base})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("base %q in %s: err = %v, want it to mention %q", tc.base, tc.dir, err, tc.want)
		}
	}

	plain := t.TempDir()
	for name, content := range map[string]string{
		"schemacheck.yaml":            "version: 1\ndatabases:\n  - migrations: db/migrations\n",
		"db/migrations/0001_t.up.sql": "CREATE TABLE t (id bigint PRIMARY KEY, v text);\nCREATE INDEX t_v ON t (v);\n",
	} {
		if err := os.MkdirAll(plain+"/db/migrations", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(plain+"/"+name, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, res := findingsOf(t, plain, "")
	if len(res.Notes) == 0 || !strings.Contains(res.Notes[0], "no base revision") {
		t.Errorf("outside a repository: notes = %q, want a note that there is no base", res.Notes)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
