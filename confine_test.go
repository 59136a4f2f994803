package schemacheck

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/schemacheck/schemacheck/internal/gittest"
)

// TestExternalRefsComeFromTheBaseConfig: a pull request that turns on
// external_refs in its own config and adds a $ref to a URL must not make
// check fetch it (blind SSRF); once the base's config enables it, it does.
func TestExternalRefsComeFromTheBaseConfig(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte(`{"type": "string"}`))
	}))
	defer srv.Close()
	const schema = `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"id": %s}}`
	for _, baseAllows := range []bool{false, true} {
		repo := gittest.New(t)
		cfg := "version: 1\ncontracts:\n  - path: schema.json\n    kind: jsonschema\n"
		if baseAllows {
			cfg += "    external_refs: true\n"
		}
		repo.Write(map[string]string{
			"schemacheck.yaml": cfg,
			"schema.json":      strings.Replace(schema, "%s", `{"type": "string"}`, 1),
		})
		repo.Commit("base")
		repo.Git("checkout", "-q", "-b", "feature")
		repo.Write(map[string]string{
			"schemacheck.yaml": "version: 1\ncontracts:\n  - path: schema.json\n    kind: jsonschema\n    external_refs: true\n",
			"schema.json":      strings.Replace(schema, "%s", `{"$ref": "`+srv.URL+`/id.json"}`, 1),
		})
		repo.Commit("the change")
		t.Chdir(repo.Dir)
		p, err := Open(OpenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		hits.Store(0)
		res, err := p.Check(CheckOptions{Base: "main"})
		if !baseAllows {
			if hits.Load() != 0 {
				t.Errorf("the pull request's own external_refs fetched its URL %d time(s)", hits.Load())
			}
			if err == nil || !strings.Contains(err.Error(), "refused") {
				t.Errorf("want the network $ref refused, got %v", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if hits.Load() == 0 {
			t.Errorf("external_refs in the base config: the $ref was not fetched; notes %q", res.Notes)
		}
	}
}

// TestDiffSeesThroughYAMLAliases: a change made only in an anchored schema
// reaches every alias of it and every mapping that merges it (<<:).
func TestDiffSeesThroughYAMLAliases(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: t, version: "1"}
x-defs:
  id: &id {type: string, maxLength: 10%s}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: *id
                  name:
                    <<: *id
`
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"new.yaml": strings.Replace(doc, "%s", "", 1),
		"old.yaml": strings.Replace(doc, "%s", ", enum: [a]", 1),
	})
	got := diffIn(t, dir, DiffOptions{Paths: []string{"old.yaml", "new.yaml"}})
	want := []string{"SC-API012 new.yaml:16:19", "SC-API012 new.yaml:17:19"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings %q, want %q (the alias and the merge key)", got, want)
	}
}

// outside writes a file outside the repository holding a secret that must
// never reach a report, and returns its path.
func outside(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// symlink makes link (relative to dir) point at target.
func symlink(t *testing.T, dir, link, target string) {
	t.Helper()
	path := filepath.Join(dir, link)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
}

// everything is what a report could show of a result: its findings with
// the sources of their code frames, its notes, and the error.
func everything(res *Result, err error) string {
	var b strings.Builder
	if err != nil {
		b.WriteString(err.Error() + "\n")
	}
	if res != nil {
		for _, f := range res.Findings {
			b.WriteString(f.Location.String() + " " + f.RuleID + " " + f.Message + " " + f.Witness + "\n")
			if src, ok := res.Source(f.Location.File); ok { // the code frame of the report
				b.Write(src)
			}
		}
		b.WriteString(strings.Join(res.Notes, "\n"))
	}
	return b.String()
}

const secret = "TOPSECRET-4711"

// TestRefsCannotLeaveTheRepository: a committed symbolic link out of the
// repository used as a $ref target (OpenAPI and JSON Schema), or as the
// contract itself, is a located error; the outside file's content never
// reaches the result.
func TestRefsCannotLeaveTheRepository(t *testing.T) {
	openapiDoc := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                %s
`
	outsideSchema := `{"components": {"schemas": {"X": {"type": "string", "enum": ["` + secret + `"]}}}, "type": "string", "enum": ["` + secret + `"]}`
	for _, tc := range []struct {
		name  string
		files map[string]string
		links map[string]string // link → target ("OUTSIDE": the outside file)
		paths []string
		want  string
	}{
		{"openapi $ref", map[string]string{
			"api/old.yaml": strings.Replace(openapiDoc, "%s", "{type: string}", 1),
			"api/new.yaml": strings.Replace(openapiDoc, "%s", `{$ref: "common.json#/components/schemas/X"}`, 1),
		}, map[string]string{"api/common.json": "OUTSIDE"}, []string{"api/old.yaml", "api/new.yaml"},
			`api/new.yaml:12:`},
		{"json schema $ref", map[string]string{
			"schemas/old.json": `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string"}`,
			"schemas/new.json": `{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "common.json"}`,
		}, map[string]string{"schemas/common.json": "OUTSIDE"}, []string{"schemas/old.json", "schemas/new.json"},
			"schemas/new.json"},
		{"the contract itself", map[string]string{
			"schemas/old.json": `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string"}`,
		}, map[string]string{"schemas/new.json": "OUTSIDE"}, []string{"schemas/old.json", "schemas/new.json"},
			"schemas/new.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo := gittest.New(t)
			writeFiles(t, repo.Dir, tc.files)
			for link, target := range tc.links {
				if target == "OUTSIDE" {
					target = outside(t, "secret.json", outsideSchema)
				}
				symlink(t, repo.Dir, link, target)
			}
			t.Chdir(repo.Dir)
			p, err := Open(OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := everything(p.Diff(DiffOptions{Paths: tc.paths}))
			if strings.Contains(got, secret) || !strings.Contains(got, tc.want) || !strings.Contains(got, "leads outside the repository") {
				t.Errorf("got:\n%s\nwant %q, the reason, and no %s", got, tc.want, secret)
			}
		})
	}
}

// TestMigrationSymlinks: a migration that is a symbolic link inside the
// repository is linted like any other (it was skipped silently); one that
// leads outside is a located unreadable-migration finding, not read.
func TestMigrationSymlinks(t *testing.T) {
	repo := gittest.New(t)
	writeFiles(t, repo.Dir, map[string]string{
		"db/1_users.up.sql":  "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n",
		"shared/2_index.sql": "CREATE INDEX users_email_idx ON users (email);\n",
	})
	symlink(t, repo.Dir, "db/2_index.up.sql", "../shared/2_index.sql")
	symlink(t, repo.Dir, "db/3_secret.up.sql", outside(t, "3.sql", "CREATE TABLE "+strings.ReplaceAll(secret, "-", "_")+" (id int);\n"))
	t.Chdir(repo.Dir)
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Lint([]string{"db"})
	var got []string
	for _, f := range res.Findings {
		if f.RuleID == "SC-DB101" || f.RuleID == "SC-DB003" {
			got = append(got, f.Location.String()+" "+f.RuleID)
		}
	}
	want := []string{"db/2_index.up.sql:1:1 SC-DB101", "db/3_secret.up.sql SC-DB003"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	all := everything(res, err)
	if strings.Contains(all, strings.ReplaceAll(secret, "-", "_")) || !strings.Contains(all, "leads outside the repository") {
		t.Errorf("want the outside migration refused with the reason, unread:\n%s", all)
	}

	// The same migrations given as file arguments.
	res, err = p.Lint([]string{"db/3_secret.up.sql", "db/2_index.up.sql", "db/1_users.up.sql"})
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, f := range res.Findings {
		if f.RuleID == "SC-DB101" || f.RuleID == "SC-DB003" {
			got = append(got, f.Location.String()+" "+f.RuleID)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("file arguments: findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if all := everything(res, err); strings.Contains(all, strings.ReplaceAll(secret, "-", "_")) {
		t.Errorf("file arguments: the outside migration was read:\n%s", all)
	}
}

// TestConfigNamedFilesStayInTheRepository: examples: patterns that are
// absolute or climb out of the repository are refused at their config
// line; an example, a baseline or a config file that links out of the
// repository is refused with the reason and never read.
func TestConfigNamedFilesStayInTheRepository(t *testing.T) {
	const schema = `{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"}`
	leak := outside(t, "leak.json", `{"`+secret+`": "`+secret+`"}`)
	for _, tc := range []struct {
		name, example, want string
		link                string // an in-tree path linked to the outside file
	}{
		{name: "absolute", example: leak, want: "schemacheck.yaml:5:7: contracts[schema.json].examples[0]: \"" + leak + "\" is absolute or leads out of the repository"},
		{name: "climbing", example: "../*/leak.json", want: "schemacheck.yaml:5:7: contracts[schema.json].examples[0]: \"../*/leak.json\" is absolute or leads out of the repository"},
		{name: "linked", example: "examples/*.json", link: "examples/a.json", want: "examples/a.json: read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo := gittest.New(t)
			writeFiles(t, repo.Dir, map[string]string{
				"schemacheck.yaml": "version: 1\ncontracts:\n  - path: schema.json\n    examples:\n    - " + tc.example + "\n",
				"schema.json":      schema,
				"old.json":         schema,
			})
			if tc.link != "" {
				symlink(t, repo.Dir, tc.link, leak)
			}
			t.Chdir(repo.Dir)
			p, err := Open(OpenOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := everything(p.Diff(DiffOptions{Paths: []string{"old.json", "schema.json"}}))
			if strings.Contains(got, secret) || !strings.Contains(got, tc.want) {
				t.Errorf("got:\n%s\nwant %q and no %s", got, tc.want, secret)
			}
		})
	}

	repo := gittest.New(t)
	symlink(t, repo.Dir, "baseline.json", leak)
	symlink(t, repo.Dir, "schemacheck.yaml", outside(t, "schemacheck.yaml", "version: 1\n"+secret+": 1\n"))
	t.Chdir(repo.Dir)
	_, err := Open(OpenOptions{})
	if err == nil || strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "leads outside the repository") {
		t.Errorf("a config linking out of the repository: %v", err)
	}
	err = (&Result{}).FilterBaseline("baseline.json")
	if err == nil || strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "leads outside the repository") {
		t.Errorf("a baseline linking out of the repository: %v", err)
	}
}
