package openapi

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSameMeaningIsSilent (issue 15 §2): every file of a directory under
// testdata/same writes the same API in another way (3.0 nullable, a 3.1
// type list and an anyOf with null; a $ref and one-branch allOf, anyOf or
// oneOf around it, with or without a description; an inline schema and
// the same schema as a component, under any name; 3.0 boolean exclusive
// bounds and 3.1 numeric ones; a 3.1 document that still writes 3.0's
// nullable and boolean bounds, as OpenAI's does; a nullable $ref written
// allOf: [{$ref}, {nullable: true}]; a $ref whose fragment is
// percent-encoded, as a URI's is, and the same one written plainly; an
// allOf member with additionalProperties beside members that declare
// properties, and the one merged object; a 3.0 nullable enum with and
// without null listed, and the 3.1 type list; an object's required
// properties split over an allOf and the flattened object; a $ref whose
// pointer runs through another $ref, and the direct one; a property and
// its required entry in one allOf member or in another).
// Diffed in both directions and in either
// order, no pair reports anything, not even in changelog mode.
func TestSameMeaningIsSilent(t *testing.T) {
	dirs, _ := filepath.Glob("testdata/same/*")
	if len(dirs) == 0 {
		t.Fatal("no testdata/same cases")
	}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		if len(files) < 2 {
			t.Fatalf("%s: want at least two spellings", dir)
		}
		for _, a := range files {
			for _, b := range files {
				if a == b {
					continue
				}
				o, n := load(t, a), load(t, b)
				for _, f := range Diff(o, n, Options{Direction: "both", All: true}) {
					t.Errorf("%s → %s: %s %s %s", filepath.Base(a), filepath.Base(b), f.Severity, f.RuleID, f.Message)
				}
			}
		}
	}
}

func load(t *testing.T, path string) *Spec {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(path, src, LoadOptions{FS: os.DirFS(filepath.Dir(path)), Path: filepath.Base(path)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
