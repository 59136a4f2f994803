package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runIn runs the command line in dir and returns exit code, stdout, stderr.
func runIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const risky = "CREATE TABLE t (id bigint PRIMARY KEY, v text);\n"
const riskyChange = "CREATE INDEX t_v_idx ON t (v);\n"

func TestExitCodes(t *testing.T) {
	t.Setenv("SCHEMACHECK_DATABASE_URL", "") // drift must find no URL here
	dir := writeFiles(t, map[string]string{
		"db/1_init.up.sql":  risky,
		"db/2_index.up.sql": riskyChange,
		"clean/1.up.sql":    "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text);\n",
	})
	for _, tc := range []struct {
		name string
		args []string
		code int
		out  string // substring of stdout or stderr
	}{
		{"findings at error exit 1", []string{"lint", "db"}, 1, "require-concurrent-index"},
		{"clean exits 0", []string{"lint", "clean"}, 0, "0 errors, 0 warnings, 0 infos"},
		{"fail-on never exits 0", []string{"lint", "--fail-on", "never", "db"}, 0, "require-concurrent-index"},
		{"bad fail-on is a usage error", []string{"lint", "--fail-on", "sometimes", "db"}, 2, "--fail-on"},
		{"missing path exits 2", []string{"lint", "nope"}, 2, "nope"},
		{"unknown flag exits 2", []string{"lint", "--frobnicate"}, 2, "unknown flag"},
		{"unknown format exits 2", []string{"lint", "--format", "yaml", "db"}, 2, `--format "yaml": want one of`},
		{"unknown command exits 2", []string{"lnt"}, 2, "unknown command"},
		{"pg-version out of range", []string{"lint", "--pg-version", "9", "db"}, 2, "10 to 18"},
		{"diff of two migration directories", []string{"diff", "db", "clean"}, 1, "merged-migration-deleted"},
		{"diff with --base outside a repository", []string{"diff", "--base", "main"}, 2, "needs the git repository"},
		{"diff of non-OpenAPI files", []string{"diff", "db/1_init.up.sql", "db/2_index.up.sql"}, 2, "OpenAPI"},
		{"matrix without a config", []string{"matrix"}, 2, "no schemacheck.yaml"},
		{"drift without a URL", []string{"drift", "db"}, 2, "SCHEMACHECK_DATABASE_URL"},
		{"help", []string{"help", "lint"}, 0, "--fail-on"},
		{"command help flag", []string{"lint", "--help"}, 0, "--pg-version"},
		{"version", []string{"version"}, 0, "schemacheck "},
		{"rules list", []string{"rules"}, 0, "require-concurrent-index"},
		{"explain a rule", []string{"rules", "SC-DB101"}, 0, "Why it matters"},
		{"unknown rule", []string{"rules", "require-concurent-index"}, 2, `did you mean "require-concurrent-index"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runIn(t, dir, tc.args...)
			if code != tc.code || !strings.Contains(out+errOut, tc.out) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", code, tc.code, out, errOut, tc.out)
			}
		})
	}
}

func TestBadConfigExits2WithLocation(t *testing.T) {
	for _, tc := range []struct{ config, want string }{
		{"databses:\n  - migrations: db\n", `schemacheck.yaml:1:1: databses: unknown key; did you mean "databases"?`},
		{"pg_version: sixteen\n", "schemacheck.yaml:1:13: pg_version: expected integer, got string"},
		{"rules:\n  require-concurent-index: off\n", `schemacheck.yaml:2:3: rules.require-concurent-index: unknown rule; did you mean "require-concurrent-index"?`},
	} {
		dir := writeFiles(t, map[string]string{"schemacheck.yaml": tc.config, "db/1_a.up.sql": risky})
		code, _, errOut := runIn(t, dir, "lint", "db")
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.want)
		}
	}
	dir := writeFiles(t, map[string]string{"db/1_a.up.sql": risky})
	code, _, errOut := runIn(t, dir, "lint", "--config", "missing.yaml", "db")
	if code != 2 || !strings.Contains(errOut, "missing.yaml: cannot read the config file") {
		t.Errorf("unreadable config: exit %d, %q", code, errOut)
	}
}

func TestCheckUsesConfig(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"schemacheck.yaml":  "version: 1\ndatabases:\n  - migrations: db\nrules:\n  require-concurrent-index: warning\n  SC-DB110: off\n  SC-DB115: off\ncategories:\n  conventions: off\n",
		"db/1_init.up.sql":  risky,
		"db/2_index.up.sql": riskyChange,
	})
	code, out, errOut := runIn(t, dir, "check", "--format", "json")
	if code != 0 {
		t.Fatalf("severity override to warning must exit 0 with --fail-on error; got %d\n%s%s", code, out, errOut)
	}
	var rep struct {
		Findings []struct {
			RuleID   string `json:"rule_id"`
			Severity string `json:"severity"`
			Location struct{ File string }
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].RuleID != "SC-DB101" || rep.Findings[0].Severity != "warning" ||
		rep.Findings[0].Location.File != "db/2_index.up.sql" {
		t.Errorf("findings = %+v", rep.Findings)
	}
	code, _, errOut = runIn(t, dir, "check", "--base", "main")
	if code != 2 || !strings.Contains(errOut, `base revision "main" needs the git repository`) {
		t.Errorf("check --base outside a repository must say it needs one: %d %s", code, errOut)
	}
}

func TestOutputFileAndDeterminism(t *testing.T) {
	dir := writeFiles(t, map[string]string{"db/1_init.up.sql": risky, "db/2_index.up.sql": riskyChange})
	for _, format := range []string{"text", "json", "sarif", "github", "markdown", "junit", "gitlab", "html"} {
		code, _, errOut := runIn(t, dir, "lint", "--format", format, "--output", "a."+format, "db")
		if code != 1 {
			t.Fatalf("%s: exit %d %s", format, code, errOut)
		}
		runIn(t, dir, "lint", "--format", format, "--output", "b."+format, "db")
		a, _ := os.ReadFile(filepath.Join(dir, "a."+format))
		b, _ := os.ReadFile(filepath.Join(dir, "b."+format))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: output empty or differs between runs", format)
		}
	}
}

func TestBaselineFlags(t *testing.T) {
	dir := writeFiles(t, map[string]string{"db/1_init.up.sql": risky, "db/2_index.up.sql": riskyChange})
	if code, _, errOut := runIn(t, dir, "lint", "--write-baseline", "base.json", "db"); code != 0 {
		t.Fatalf("write-baseline: exit %d %s", code, errOut)
	}
	if code, out, _ := runIn(t, dir, "lint", "--baseline", "base.json", "db"); code != 0 || !strings.Contains(out, "0 errors") {
		t.Errorf("with the baseline nothing is new: exit %d\n%s", code, out)
	}
	os.WriteFile(filepath.Join(dir, "db/3_more.up.sql"), []byte("DROP INDEX t_v_idx;\n"), 0o644)
	if code, out, _ := runIn(t, dir, "lint", "--baseline", "base.json", "db"); code != 0 || !strings.Contains(out, "require-concurrent-index-drop") {
		t.Errorf("a new finding must be reported: exit %d\n%s", code, out)
	}
}

func TestNoColorInPipes(t *testing.T) {
	dir := writeFiles(t, map[string]string{"db/1_init.up.sql": risky, "db/2_index.up.sql": riskyChange})
	_, out, _ := runIn(t, dir, "lint", "db")
	if strings.Contains(out, "\x1b[") {
		t.Error("colour escape codes in output that is not a terminal")
	}
	_, out, _ = runIn(t, dir, "lint", "--color", "always", "db")
	if !strings.Contains(out, "\x1b[") {
		t.Error("--color always must colour")
	}
}

func TestDiffOpenAPI(t *testing.T) {
	old := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200':\n          description: ok\n  /users:\n    get:\n      responses:\n        '200':\n          description: ok\n"
	newer := "openapi: 3.0.3\ninfo: {title: t, version: '2'}\npaths:\n  /orders:\n    get:\n      responses:\n        '200':\n          description: ok\n"
	dir := writeFiles(t, map[string]string{"old.yaml": old, "new.yaml": newer})
	code, out, errOut := runIn(t, dir, "diff", "old.yaml", "new.yaml")
	if code != 1 || !strings.Contains(out, "SC-API001") || !strings.Contains(out, "old.yaml\n  10:5 error[SC-API001 api-operation-removed] GET /users removed") {
		t.Errorf("removed operation: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, _ := runIn(t, dir, "diff", "old.yaml", "old.yaml"); code != 0 || !strings.Contains(out, "0 errors") {
		t.Errorf("a document against itself: exit %d\n%s", code, out)
	}
}

func TestInitWritesAConfigThatCheckRuns(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"db/migrations/0001_t.up.sql":   risky,
		"db/migrations/0001_t.down.sql": "DROP TABLE t;\n",
	})
	code, out, errOut := runIn(t, dir, "init")
	if code != 0 || !strings.Contains(out, "db/migrations (golang-migrate, migrations: 1)") {
		t.Fatalf("init: exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if code, _, errOut := runIn(t, dir, "check"); code != 0 {
		t.Fatalf("check after init: exit %d: %s", code, errOut)
	}
	code, _, errOut = runIn(t, dir, "init")
	if code != 2 || !strings.Contains(errOut, "--force") {
		t.Fatalf("second init: exit %d, stderr %q; want 2 and a hint to use --force", code, errOut)
	}
}

func TestDiffAllIsAChangelogPerOperation(t *testing.T) {
	doc := `openapi: 3.0.3
info: {title: pets, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
    post:
      requestBody: {content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
      responses:
        "201": {description: created}
  /health:
    get:%s
      responses:
        "200": {description: ok}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
%s`
	dir := writeFiles(t, map[string]string{
		"old.yaml": fmt.Sprintf(doc, "", ""),
		"new.yaml": fmt.Sprintf(doc, "\n      parameters: [{name: verbose, in: query, schema: {type: boolean}}]", "        tag: {type: string}\n"),
	})
	code, out, errOut := runIn(t, dir, "diff", "--all", "old.yaml", "new.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	// The shared Pet change is listed under both operations that carry it,
	// with the side it is on, and nothing else is listed.
	for _, want := range []string{
		"## GET /pets\n\n- change schema Pet: property tag added (SC-API021, new.yaml:23:9) — response\n",
		"## POST /pets\n\n- change schema Pet: property tag added (SC-API021, new.yaml:23:9) — request\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("changelog lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "## ") != 2 {
		t.Errorf("want exactly the two operations that carry Pet:\n%s", out)
	}
}
