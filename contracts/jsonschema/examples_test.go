package jsonschema

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemacheck/schemacheck/finding"
)

func loadString(t *testing.T, name, src string) *Schema {
	t.Helper()
	s, err := Load(name, []byte(src), LoadOptions{FS: fstest.MapFS{}, Path: name})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestExamplesAndPayloads: examples in the new schema and configured
// payload files are validated against it; each failure is located in the
// schema or the payload and quotes the validator.
func TestExamplesAndPayloads(t *testing.T) {
	old := loadString(t, "old.json", `{"type": "object"}`)
	new := loadString(t, "new.json", `{
  "type": "object",
  "properties": {
    "qty": {"type": "integer", "examples": [3, "three"]}
  },
  "examples": [{"qty": 1}]
}`)
	payloads := []Payload{
		{File: "ok.json", Data: []byte(`{"qty": 2}`)},
		{File: "bad.json", Data: []byte("{\n  \"qty\": 2.5\n}\n")},
		{File: "broken.json", Data: []byte(`{"qty": `)},
		{File: filepath.Join("does-not-exist", "missing.json")},
	}
	var got []string
	for _, f := range Diff(old, new, ModeBackward, Options{Payloads: payloads}) {
		got = append(got, fmt.Sprintf("%s %s %s", f.RuleID, f.Location.String(), f.Message))
	}
	want := []string{ // sorted by file
		`SC-JS031 bad.json:2 the payload does not validate against new.json: at /qty: got number, want integer`,
		`SC-JS031 broken.json the payload is not valid JSON`,
		`SC-JS031 does-not-exist/missing.json cannot read the payload`,
		`SC-JS030 new.json:4 example 1 of #/properties/qty does not validate against its schema: at /: got string, want integer`,
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("finding %d:\ngot  %s\nwant %s…", i, got[i], want[i])
		}
	}
}

// TestComparisonBudget: a schema nested deeper than the budget is compared
// up to it, and the report says that the rest was not compared.
func TestComparisonBudget(t *testing.T) {
	nest := func(leaf string) string {
		s := leaf
		for range maxDepth + 10 {
			s = `{"type": "object", "properties": {"a": ` + s + `}}`
		}
		return s
	}
	old := loadString(t, "old.json", nest(`{"type": "string"}`))
	new := loadString(t, "new.json", nest(`{"type": "integer"}`))
	fs := Diff(old, new, ModeBackward, Options{})
	if len(fs) != 1 || fs[0].RuleID != ruleIncomplete.ID {
		t.Fatalf("want only %s, got:\n%s", ruleIncomplete.ID, render(fs, ""))
	}
	if fs := Diff(old, old, ModeFull, Options{}); len(fs) != 0 {
		t.Errorf("self-diff within the budget reported:\n%s", render(fs, ""))
	}
}

// TestExamplesAlreadyInvalid: a diff reports the invalid examples the
// change brought: one added invalid, or one its schema's change made
// invalid; not one the old version already had, already invalid (moved
// into $defs or not), which a single version still reports.
func TestExamplesAlreadyInvalid(t *testing.T) {
	old := loadString(t, "old.json", `{
  "type": "object",
  "properties": {
    "deps": {"type": "array", "examples": ["setuptools"]},
    "name": {"type": "string", "examples": ["x"]}
  }
}`)
	same := loadString(t, "same.json", `{
  "$defs": {"deps": {"examples": ["setuptools"], "type": "array"}},
  "type": "object",
  "properties": {
    "name": {"type": "string", "examples": ["x"]},
    "deps": {"$ref": "#/$defs/deps"}
  }
}`)
	changed := loadString(t, "changed.json", `{
  "type": "object",
  "properties": {
    "deps": {"type": "array", "examples": ["setuptools", "wheel"]},
    "name": {"type": "integer", "examples": ["x"]}
  }
}`)
	examples := func(fs []finding.Finding) []string {
		var out []string
		for _, f := range fs {
			if f.RuleID == ruleExampleInvalid.ID {
				out = append(out, f.Message)
			}
		}
		return out
	}
	if got := examples(Diff(old, same, ModeFull, Options{})); len(got) != 0 {
		t.Errorf("same-meaning version reported invalid examples it did not introduce:\n%s", strings.Join(got, "\n"))
	}
	got := examples(Diff(old, changed, ModeBackward, Options{}))
	want := []string{
		`example 1 of #/properties/deps does not validate against its schema: at /: got string, want array`,
		`example 0 of #/properties/name does not validate against its schema: at /: got string, want integer`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := examples(CheckVersions([]*Schema{old}, ModeBackward, Options{})); len(got) != 1 {
		t.Errorf("a single version: got %d invalid examples, want 1: %v", len(got), got)
	}
}
