package config

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/finding"
)

func TestLoadFull(t *testing.T) {
	cfg, err := Load("testdata/full.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.PGVersion != 15 || cfg.FailOn != "warning" || cfg.Format != "text" {
		t.Errorf("top level = %d %q %q", cfg.PGVersion, cfg.FailOn, cfg.Format)
	}
	if db := cfg.Databases[0]; db.Layout != "goose" || db.Placeholders["Namespace"] != "auth" {
		t.Errorf("database = %+v", db)
	}
	ios := cfg.Clients[0]
	if ios.Tolerance.ToleratesUnknownEnumValues() || !ios.Tolerance.IgnoresUnknownProperties() {
		t.Error("tolerance defaults wrong")
	}
	if !ios.Versions[0].IsSupported() || ios.Versions[1].IsSupported() {
		t.Error("supported flags wrong")
	}
	rule := finding.Rule{ID: "SC-DB101", Name: "require-concurrent-index", Category: finding.CategorySafety}
	if sev, ok := cfg.SeverityFor(rule); !ok || sev != finding.SeverityWarning {
		t.Errorf("SeverityFor(SC-DB101) = %v, %v", sev, ok)
	}
	conv := finding.Rule{ID: "SC-DB399", Name: "x", Category: finding.CategoryConventions}
	if sev, ok := cfg.SeverityFor(conv); !ok || sev != finding.SeverityInfo {
		t.Errorf("category override = %v, %v", sev, ok)
	}
	if _, ok := cfg.SeverityFor(finding.Rule{ID: "SC-DB999", Category: finding.CategorySafety}); ok {
		t.Error("an unconfigured rule must report no override")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown top-level key", "version: 1\ndatabses: []\n",
			`schemacheck.yaml:2:1: databses: unknown key; did you mean "databases"?`},
		{"unknown nested key", "databases:\n  - migrations: db\n    layuot: goose\n",
			`schemacheck.yaml:3:5: databases[0].layuot: unknown key; did you mean "layout"?`},
		{"enum typo", "databases:\n  - migrations: db\n    layout: gooose\n",
			`schemacheck.yaml:3:13: databases[0].layout: unknown value "gooose"; did you mean "goose"?`},
		{"wrong type", "pg_version: sixteen\n",
			`schemacheck.yaml:1:13: pg_version: expected integer, got string`},
		{"out of range", "pg_version: 9\n",
			`schemacheck.yaml:1:13: pg_version: minimum: got 9, want 10`},
		{"bad severity", "rules:\n  SC-DB101: fatal\n",
			`schemacheck.yaml:2:13: rules.SC-DB101: unknown value "fatal"; valid values: error, warning, info, off`},
		{"missing required", "databases:\n  - layout: goose\n",
			`schemacheck.yaml:2:5: databases[0]: missing property 'migrations'`},
		{"syntax", "databases: [\n",
			`schemacheck.yaml:1:1: did not find expected node content; fix the YAML syntax`},
		{"client contract", "contracts:\n  - name: api\n    path: a.yaml\nclients:\n  - name: ios\n    contract: apj\n    versions:\n      - version: '1'\n        ref: v1\n",
			`schemacheck.yaml:6:15: clients[0].contract: no contract named "apj"; did you mean "api"?`},
		{"ref and path", "contracts:\n  - path: a.yaml\nclients:\n  - name: ios\n    contract: a.yaml\n    versions:\n      - version: '1'\n        ref: v1\n        path: b.yaml\n",
			`schemacheck.yaml:9:15: clients[0].versions[0].path: set either ref or path, not both; ref pins a git revision, path a file`},
		{"contract database", "databases:\n  - name: main\n    migrations: db\ncontracts:\n  - path: a.yaml\n    database: mian\n",
			`schemacheck.yaml:6:15: contracts[0].database: no database named "mian"; did you mean "main"?`},
		{"mapping contract", "contracts:\n  - name: api\n    path: a.yaml\nmappings:\n  - contract: apj\n    schema: '#/components/schemas/User'\n    table: users\n",
			`schemacheck.yaml:5:15: mappings[0].contract: no contract named "apj"; did you mean "api"?`},
		{"mapping without contract", "contracts:\n  - path: a.yaml\n  - path: b.yaml\nmappings:\n  - schema: '#/components/schemas/User'\n    table: users\n",
			`schemacheck.yaml:5:5: mappings[0]: several contracts are configured, so the mapping must say which one it is for; add contract: with one of a.yaml, b.yaml`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("schemacheck.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatal("want an error")
			}
			if err.Error() != tc.want {
				t.Errorf("got  %s\nwant %s", err, tc.want)
			}
		})
	}
}

func TestUnreadableFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "missing.yaml"))
	if err == nil || !strings.Contains(err.Error(), "missing.yaml: cannot read the config file") {
		t.Fatalf("got %v", err)
	}
}

func TestHostileInput(t *testing.T) {
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"alias bomb", []byte(bomb), "alias bomb"},
		{"invalid utf-8", []byte("version: 1\nbase: \xff\n"), "schemacheck.yaml:2:7: file is not valid UTF-8"},
		{"alias cycle", []byte("a: &a [*a]\n"), "schemacheck.yaml:1:8: a[0]: alias *a refers to a node that contains it"},
		{"too large", bytes.Repeat([]byte("#"), MaxSize+1), "larger than the"},
		{"deep nesting", []byte(strings.Repeat("[", 5000) + strings.Repeat("]", 5000)), "schemacheck.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("schemacheck.yaml", tc.data)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestCheckRuleNames(t *testing.T) {
	cfg, err := Parse("schemacheck.yaml", []byte("rules:\n  require-concurent-index: off\n  SC-DB101: warning\n"))
	if err != nil {
		t.Fatal(err)
	}
	known := []finding.Rule{{ID: "SC-DB101", Name: "require-concurrent-index"}}
	err = cfg.CheckRuleNames(known)
	want := `schemacheck.yaml:2:3: rules.require-concurent-index: unknown rule; did you mean "require-concurrent-index"?`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, ok := Find(sub); ok {
		t.Error("found a config where there is none")
	}
	os.WriteFile(filepath.Join(root, "a", "schemacheck.yaml"), []byte("version: 1\n"), 0o644)
	if p, ok := Find(sub); !ok || p != filepath.Join(root, "a", "schemacheck.yaml") {
		t.Errorf("Find = %q, %v", p, ok)
	}
	os.Mkdir(filepath.Join(sub, ".git"), 0o755)
	if _, ok := Find(sub); ok {
		t.Error("Find must stop at the repository root")
	}
}

func TestRootSchemaCopyIsIdentical(t *testing.T) {
	root, err := os.ReadFile("../schemacheck.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(root, SchemaJSON) {
		t.Fatal("schemacheck.schema.json at the repository root differs from config/schemacheck.schema.json; run go generate ./config")
	}
}

// TestSchemaMatchesStructs keeps the JSON Schema and the Go structs in step:
// every schema property has a field with that yaml tag and vice versa.
func TestSchemaMatchesStructs(t *testing.T) {
	var schema map[string]any
	if err := jsonUnmarshal(SchemaJSON, &schema); err != nil {
		t.Fatal(err)
	}
	defs := schema["$defs"].(map[string]any)
	props := func(m map[string]any) []string {
		var out []string
		for k := range m["properties"].(map[string]any) {
			out = append(out, k)
		}
		return sorted(out)
	}
	tags := func(typ reflect.Type) []string {
		var out []string
		for f := range typ.Fields() {
			tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if tag != "" && tag != "-" {
				out = append(out, tag)
			}
		}
		return sorted(out)
	}
	clientProps := defs["client"].(map[string]any)["properties"].(map[string]any)
	serverPaths := defs["servers"].(map[string]any)["properties"].(map[string]any)["paths"].(map[string]any)["items"].(map[string]any)
	for _, tc := range []struct {
		name   string
		schema map[string]any
		typ    reflect.Type
	}{
		{"root", schema, reflect.TypeFor[Config]()},
		{"database", defs["database"].(map[string]any), reflect.TypeFor[Database]()},
		{"contract", defs["contract"].(map[string]any), reflect.TypeFor[Contract]()},
		{"client", defs["client"].(map[string]any), reflect.TypeFor[Client]()},
		{"tolerance", clientProps["tolerance"].(map[string]any), reflect.TypeFor[Tolerance]()},
		{"clientVersion", defs["clientVersion"].(map[string]any), reflect.TypeFor[ClientVersion]()},
		{"servers", defs["servers"].(map[string]any), reflect.TypeFor[Servers]()},
		{"serverVersion", serverPaths, reflect.TypeFor[ServerVersion]()},
		{"mapping", defs["mapping"].(map[string]any), reflect.TypeFor[Mapping]()},
	} {
		if got, want := tags(tc.typ), props(tc.schema); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: struct tags %v, schema properties %v", tc.name, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/full.yaml"} {
		data, _ := os.ReadFile(p)
		f.Add(data)
	}
	f.Add([]byte("databases: [{migrations: x, layout: 3}]"))
	f.Add([]byte("a: &a [*a]"))
	for _, seed := range corpusConfigSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("f.yaml", data)
		if err == nil && cfg == nil {
			t.Fatal("nil config without error")
		}
		if err != nil && !strings.HasPrefix(err.Error(), "f.yaml") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
