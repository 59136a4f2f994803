package openapi

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// FuzzDiffPair checks the properties every diff must have on any pair of
// documents: no panic, a document diffed with a second parse of itself is
// clean, and diffing the same pair twice gives the same findings in the
// same order (reports and baselines depend on it).
func FuzzDiffPair(f *testing.F) {
	for _, p := range []string{"testdata/cases/shared-component/old.yaml", "testdata/cases/recursive/old.yaml", "testdata/cases/callback-changed/old.yaml", "testdata/cases/parameter-style-changed/old.yaml"} {
		old, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		new, err := os.ReadFile(strings.Replace(p, "old.yaml", "new.yaml", 1))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(old, new)
	}
	for _, pair := range stripeSeedPairs(f) {
		f.Add(pair[0], pair[1])
	}
	opts := Options{Direction: "both", Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	f.Fuzz(func(t *testing.T, oldSrc, newSrc []byte) {
		old, err := Parse("old.yaml", oldSrc, LoadOptions{})
		if err != nil {
			return
		}
		again, err := Parse("old.yaml", oldSrc, LoadOptions{})
		if err != nil {
			t.Fatalf("second parse failed: %v", err)
		}
		if fs := Diff(old, again, opts); len(fs) != 0 {
			t.Fatalf("diff of a document with a second parse of itself: %v", fs)
		}
		new, err := Parse("new.yaml", newSrc, LoadOptions{})
		if err != nil {
			return
		}
		first := Diff(old, new, opts)
		second := Diff(old, new, opts)
		if !reflect.DeepEqual(first, second) {
			t.Fatalf("diff not deterministic:\n%v\n%v", first, second)
		}
	})
}

// stripeSeedPairs cuts small documents out of the Stripe 2018 pair in
// ../shared/corpus: a few paths present in both versions, with only the
// component schemas they reach. Real anyOf, recursion and expansions,
// small enough for the fuzzer to mutate quickly.
func stripeSeedPairs(f *testing.F) [][2][]byte {
	f.Helper()
	dir := filepath.Join(filepath.Dir(testenv.RepoRoot(f)), "shared", "corpus", "openapi", "stripe-2018")
	var docs [2]map[string]any
	for i, name := range []string{"old.json", "new.json"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil
		}
		if err := json.Unmarshal(data, &docs[i]); err != nil {
			f.Fatalf("%s: %v", name, err)
		}
	}
	oldPaths, _ := docs[0]["paths"].(map[string]any)
	newPaths, _ := docs[1]["paths"].(map[string]any)
	var common []string
	for p := range oldPaths {
		if _, ok := newPaths[p]; ok {
			common = append(common, p)
		}
	}
	sort.Strings(common)
	var out [][2][]byte
	for i := 0; i < len(common) && len(out) < 6; i += 7 {
		a, b := subset(docs[0], common[i]), subset(docs[1], common[i])
		if len(a) < 64<<10 && len(b) < 64<<10 {
			out = append(out, [2][]byte{a, b})
		}
	}
	return out
}

// subset returns doc reduced to one path and the component schemas it
// reaches through $ref, as JSON.
func subset(doc map[string]any, path string) []byte {
	schemas, _ := doc["components"].(map[string]any)["schemas"].(map[string]any)
	keep := map[string]any{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				name, found := strings.CutPrefix(ref, "#/components/schemas/")
				if _, seen := keep[name]; found && !seen && schemas[name] != nil {
					keep[name] = schemas[name]
					walk(schemas[name])
				}
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	item := doc["paths"].(map[string]any)[path]
	walk(item)
	out, _ := json.Marshal(map[string]any{
		"openapi":    doc["openapi"],
		"info":       doc["info"],
		"paths":      map[string]any{path: item},
		"components": map[string]any{"schemas": keep},
	})
	return out
}
