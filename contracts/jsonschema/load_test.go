package jsonschema

import (
	"github.com/schemacheck/schemacheck/contracts"
	"github.com/schemacheck/schemacheck/finding"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestLoadReadsReferencesFromTheTree: with an FS (a git revision's tree),
// references to other files resolve in it, findings name those files, and
// nothing outside the tree or on the network is read.
func TestLoadReadsReferencesFromTheTree(t *testing.T) {
	tree := fstest.MapFS{
		"events/order.json": {Data: []byte(`{"$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object", "properties": {"item": {"$ref": "common/item.json"}}}`)},
		"events/common/item.json": {Data: []byte(`{"type": "object",
  "properties": {"qty": {"type": "integer", "minimum": 1}}}`)},
		"events/escape.json": {Data: []byte(`{"$ref": "../../../etc/passwd"}`)},
		"events/remote.json": {Data: []byte(`{"$ref": "https://example.com/x.json"}`)},
	}
	load := func(path string) (*Schema, error) {
		return Load(path+"@v1", tree[path].Data, LoadOptions{FS: tree, Path: path})
	}
	old, err := load("events/order.json")
	if err != nil {
		t.Fatal(err)
	}
	newer := fstest.MapFS{"events/order.json": tree["events/order.json"],
		"events/common/item.json": {Data: []byte(`{"type": "object",
  "properties": {"qty": {"type": "integer", "minimum": 2}}}`)}}
	new, err := Load("events/order.json", newer["events/order.json"].Data, LoadOptions{FS: newer, Path: "events/order.json"})
	if err != nil {
		t.Fatal(err)
	}
	fs := Diff(old, new, ModeBackward, Options{})
	if len(fs) != 1 || fs[0].RuleID != ruleNumericNarrowed.ID || fs[0].Witness != `{"item":{"qty":1}}` ||
		fs[0].Location.File != "events/common/item.json" || fs[0].Location.Line != 2 {
		t.Fatalf("want one SC-JS009 at events/common/item.json:2 with witness {\"item\":{\"qty\":1}}, got:\n%s", render(fs, ""))
	}
	for path, want := range map[string]string{
		"events/escape.json": "file does not exist",
		"events/remote.json": "$refs to 1 URL(s) on the network, which are refused: https://example.com/x.json (line 1);",
	} {
		if _, err := load(path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want %q", path, err, want)
		}
	}
}

// TestLoadRefusesReferencesOutsideRoot: on disk, a reference may not leave
// the root directory, also through a symbolic link.
func TestLoadRefusesReferencesOutsideRoot(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(outside, "secret.json"), []byte(`{"type": "string"}`), 0o644))
	must(os.Symlink(filepath.Join(outside, "secret.json"), filepath.Join(dir, "link.json")))
	for _, ref := range []string{filepath.Join(outside, "secret.json"), "link.json"} {
		data := []byte(`{"$ref": "` + ref + `"}`)
		_, err := Load(filepath.Join(dir, "s.json"), data, LoadOptions{})
		if err == nil || !strings.Contains(err.Error(), "escapes the root directory") {
			t.Errorf("$ref %s: error %v, want it refused", ref, err)
		}
	}
}

// TestCheckVersionsTransitive: the newest version is checked against the
// previous one, or in a transitive mode against every earlier one; earlier
// versions are not compared with each other.
func TestCheckVersionsTransitive(t *testing.T) {
	versions := []string{
		`{"enum": ["a", "b", "c"]}`, // v1
		`{"enum": ["a", "b"]}`,      // v2 dropped "c": accepted when v2 was released
		`{"enum": ["a", "b", "d"]}`, // v3
	}
	var schemas []*Schema
	for i, src := range versions {
		name := "v" + string(rune('1'+i)) + ".json"
		s, err := Load(name, []byte(src), LoadOptions{FS: fstest.MapFS{}, Path: name})
		if err != nil {
			t.Fatal(err)
		}
		schemas = append(schemas, s)
	}
	cases := []struct {
		mode Mode
		want []string
	}{
		{ModeBackward, nil},
		{ModeBackwardTransitive, []string{`SC-JS003 v3.json (document root): value "c" is not accepted by the new schema`}},
		{ModeForward, []string{`SC-JS003 v3.json (document root): value "d" is not accepted by the old schema`}},
		{ModeFullTransitive, []string{
			`SC-JS003 v3.json (document root): value "c" is not accepted by the new schema`,
			`SC-JS003 v3.json (document root): value "d" is not accepted by the old schema`,
			`SC-JS003 v3.json (document root): value "d" is not accepted by the old schema`,
		}},
	}
	for _, tc := range cases {
		var got []string
		for _, f := range CheckVersions(schemas, tc.mode, Options{}) {
			got = append(got, f.RuleID+" "+f.Location.File+" "+strings.SplitN(f.Message, ";", 2)[0])
			if f.Witness == "" {
				t.Errorf("%s: no witness: %s", tc.mode, f.Message)
			}
		}
		if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.mode, got, tc.want)
		}
	}
}

// TestRemoteRefsThroughID (issue 15 §5): a schema from a catalog such as
// SchemaStore has a URL as $id, so its relative $refs resolve to URLs.
// Without ref_map the refusal names every such URL, sorted, the same on
// every run; with the catalog's prefix mapped to a local directory they
// are read from the tree and compared like local files.
func TestRemoteRefsThroughID(t *testing.T) {
	main := `{"$id": "https://json.example.org/app.json", "type": "object", "properties": {
  "b": {"$ref": "base.json#/definitions/name"},
  "c": {"$ref": "https://cdn.example.com/common/c.json"},
  "a": {"$ref": "https://json.example.org/other/a.json"},
  "self": {"$ref": "#/properties/b"},
  "again": {"$ref": "base.json#/definitions/id"}}}`
	tree := fstest.MapFS{
		"schemas/app.json":         {Data: []byte(main)},
		"vendor/org/base.json":     {Data: []byte(`{"definitions": {"name": {"type": "string", "maxLength": 10}, "id": {"type": "integer"}}}`)},
		"vendor/org/other/a.json":  {Data: []byte(`{"type": "boolean"}`)},
		"vendor/cdn/common/c.json": {Data: []byte(`{"type": "string"}`)},
	}
	for range 3 {
		_, err := Load("schemas/app.json", []byte(main), LoadOptions{FS: tree, Path: "schemas/app.json"})
		// Each URL with the first line that names it, the error at the first of all.
		want := "schemas/app.json:2: $refs to 3 URL(s) on the network, which are refused: https://cdn.example.com/common/c.json (line 3), https://json.example.org/base.json (line 2), https://json.example.org/other/a.json (line 4);"
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Fatalf("got %v, want %s…", err, want)
		}
	}
	refMap := []contracts.RefMapping{{Prefix: "https://json.example.org/", Path: "vendor/org"}, {Prefix: "https://cdn.example.com/", Path: "vendor/cdn"}}
	old, err := Load("schemas/app.json", []byte(main), LoadOptions{FS: tree, Path: "schemas/app.json", RefMap: refMap})
	if err != nil {
		t.Fatal(err)
	}
	newer := fstest.MapFS{}
	for k, v := range tree {
		newer[k] = v
	}
	newer["vendor/org/base.json"] = &fstest.MapFile{Data: []byte(`{"definitions": {"name": {"type": "string", "maxLength": 5}, "id": {"type": "integer"}}}`)}
	new, err := Load("schemas/app.json", []byte(main), LoadOptions{FS: newer, Path: "schemas/app.json", RefMap: refMap})
	if err != nil {
		t.Fatal(err)
	}
	fs := Diff(old, new, ModeBackward, Options{})
	for _, f := range fs {
		if f.RuleID != ruleStringLength.ID || f.Location.File != "vendor/org/base.json" || f.Witness == "" {
			t.Errorf("want SC-JS011 in vendor/org/base.json with a witness, got %s", render([]finding.Finding{f}, ""))
		}
	}
	if len(fs) == 0 {
		t.Fatal("the narrowed maxLength in the mapped base.json is not found")
	}
}

// TestYAMLAndJSONAreOneSchema: a schema written in YAML is the schema the
// same text means in JSON. Every diff case, read through the YAML parser
// (its JSON text behind a YAML comment line, so one line lower), compares
// as it does in JSON, and each side diffs clean against its JSON self.
func TestYAMLAndJSONAreOneSchema(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/cases/*")
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tmp := t.TempDir()
			load := func(name string) (js, yml *Schema) {
				data, err := os.ReadFile(filepath.Join(dir, name+".json"))
				if err != nil {
					t.Fatal(err)
				}
				yamlPath := filepath.Join(tmp, name+".yaml")
				if err := os.WriteFile(yamlPath, append([]byte("# the JSON text, read as YAML\n"), data...), 0o644); err != nil {
					t.Fatal(err)
				}
				return loadFile(t, filepath.Join(dir, name+".json")), loadFile(t, yamlPath)
			}
			oldJS, oldYML := load("old")
			newJS, newYML := load("new")
			for _, mode := range []Mode{ModeBackward, ModeForward} {
				for _, same := range [][2]*Schema{{oldJS, oldYML}, {oldYML, oldJS}, {newJS, newYML}} {
					if fs := Diff(same[0], same[1], mode, Options{}); len(fs) > 0 {
						t.Errorf("%s %s: %s", mode, same[0].File, render(fs, ""))
					}
				}
				want := Diff(oldJS, newJS, mode, Options{})
				got := Diff(oldYML, newYML, mode, Options{})
				if len(got) != len(want) {
					t.Fatalf("%s: %d findings from YAML, %d from JSON:\n%s\n%s", mode, len(got), len(want), render(got, tmp+"/"), render(want, dir+"/"))
				}
				for i := range want {
					w, g := want[i], got[i]
					msg := func(f finding.Finding, dir, ext string) string {
						return strings.ReplaceAll(strings.ReplaceAll(f.Message, dir+string(filepath.Separator), ""), ext, "")
					}
					if g.RuleID != w.RuleID || msg(g, tmp, ".yaml") != msg(w, dir, ".json") || w.Location.Line > 0 && g.Location.Line != w.Location.Line+1 {
						t.Errorf("%s: YAML %s %s line %d, JSON %s %s line %d", mode, g.RuleID, g.Message, g.Location.Line, w.RuleID, w.Message, w.Location.Line)
					}
				}
			}
		})
	}
}

// TestBlockYAMLSchema: a schema in block-style YAML is located at its own
// lines.
func TestBlockYAMLSchema(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	oldJS := loadFile(t, write("old.json", `{"type": "object", "properties": {"name": {"type": "string"}, "kind": {"enum": ["a", "b"]}}}`))
	oldYML := loadFile(t, write("old.yaml", "type: object\nproperties:\n  name:\n    type: string\n  kind:\n    enum: [a, b]\n"))
	newYML := loadFile(t, write("new.yaml", "type: object\nproperties:\n  name:\n    type: string\n  kind:\n    enum:\n      - a\n"))
	if fs := Diff(oldJS, oldYML, ModeFull, Options{}); len(fs) > 0 {
		t.Errorf("the same schema in JSON and YAML differs: %s", render(fs, dir+"/"))
	}
	fs := Diff(oldYML, newYML, ModeBackward, Options{})
	if len(fs) != 1 || fs[0].RuleID != "SC-JS003" || fs[0].Location.Line != 6 || len(fs[0].Related) != 1 || fs[0].Related[0].Line != 6 {
		t.Errorf("findings = %s, want SC-JS003 at new.yaml:6, was at old.yaml:6", render(fs, dir+"/"))
	}
}

// TestRemoteRefsUnderPropertyNames: a property named like a keyword that
// holds data (default, enum, examples) is a schema, whose remote $ref is
// refused like any other; a $ref inside an enum value is data.
func TestRemoteRefsUnderPropertyNames(t *testing.T) {
	doc := `{"type": "object", "properties": {
  "default": {"$ref": "https://example.com/a.json"},
  "enum": {"$ref": "https://example.com/b.json"},
  "kind": {"enum": [{"$ref": "https://example.com/data.json"}]}}}`
	_, err := Load("s.json", []byte(doc), LoadOptions{FS: fstest.MapFS{}, Path: "s.json"})
	want := "s.json:2: $refs to 2 URL(s) on the network, which are refused: https://example.com/a.json (line 2), https://example.com/b.json (line 3);"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("got %v, want %s…", err, want)
	}
}
