package jsonschema

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/finding"
)

// work compares writer against reader in one direction and returns the
// units of work the comparison counted (env.ops), which the tests below
// bound instead of timing it, and whether the budget cut it short.
func work(writer, reader *Schema) (ops int, incomplete bool) {
	x := NewComparison(writer, reader, true, CompareOptions{})
	x.Compare(writer.root, reader.root)
	x.Results()
	return x.c.env.ops, x.Incomplete()
}

func enumSchema(t *testing.T, name string, n int, skip int) *Schema {
	t.Helper()
	var sb strings.Builder
	sb.WriteString(`{"type": "string", "enum": [`)
	for i := 0; i < n; i++ {
		if i == skip {
			continue
		}
		if sb.Len() > 30 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `"v%d"`, i)
	}
	sb.WriteString("]}")
	s, err := Load(name, []byte(sb.String()), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestLargeEnumIsNotQuadratic (issue 16 item 9): enum comparison checked
// every value against the other enum through the validator, which scans
// it: 32,000 values took 5–11 s and 200,000 never finished. Values are
// now compared as sets: the work counted grows linearly with the enum
// (a quadratic comparison would do 39 times the work for 6.25 times the
// values, and thousands of units per value).
func TestLargeEnumIsNotQuadratic(t *testing.T) {
	ops := map[int]int{}
	for _, n := range []int{32_000, 200_000} {
		old := enumSchema(t, "old.json", n, -1)
		new := enumSchema(t, "new.json", n, 12345)
		ops[n], _ = work(new, old) // the new schema's values checked against the old enum
		t.Logf("%d values: %d units of work", n, ops[n])
		if ops[n] > 8*n {
			t.Errorf("%d values: %d units of work, want at most %d", n, ops[n], 8*n)
		}
		if n == 200_000 {
			fs := Diff(old, new, ModeFull, Options{})
			if len(fs) != 1 || fs[0].RuleID != ruleEnumNarrowed.ID || fs[0].Witness != `"v12345"` || fs[0].Severity != finding.SeverityError {
				t.Fatalf("want one SC-JS003 error with witness \"v12345\", got %s", render(fs, ""))
			}
			// The same values in another order are the same enum.
			if fs := Diff(old, old, ModeFull, Options{}); len(fs) != 0 {
				t.Fatalf("an enum against itself: %s", render(fs, ""))
			}
		}
	}
	if ratio := float64(ops[200_000]) / float64(ops[32_000]); ratio > 8 {
		t.Errorf("work grew %.1f times for 6.25 times the values: %v", ratio, ops)
	}
}

// TestDeepAllOfIsBounded (issue 16 item 9): allOf nested 3,000 deep took
// 165 s and 783 MB. The validator's meta-schema check alone grows with the
// square of the depth, so a document nested past maxNesting is refused
// before it is compiled, with its line; below that, conjunctions are
// bounded as they are built: the comparison stops before the work and
// says what it did not compare.
func TestDeepAllOfIsBounded(t *testing.T) {
	nest := func(typ string, depth int) []byte {
		s := `{"type": "` + typ + `"}`
		for i := 0; i < depth; i++ {
			s = fmt.Sprintf(`{"allOf": [%s], "minLength": %d}`, s, i%3)
		}
		return []byte(s)
	}
	if _, err := Load("deep.json", nest("string", 3000), LoadOptions{}); err == nil ||
		!strings.HasPrefix(err.Error(), "deep.json:line 1: nesting deeper than 1000 levels") {
		t.Errorf("got %v, want a located nesting error", err)
	}
	const depth = 400 // 800 levels of JSON, a conjunction of 400 schemas
	old, err := Load("old.json", nest("string", depth), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	new, err := Load("new.json", nest("integer", depth), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []int{100, depth} {
		w, _ := Load("old.json", nest("string", d), LoadOptions{})
		r, _ := Load("new.json", nest("integer", d), LoadOptions{})
		ops, _ := work(w, r)
		t.Logf("allOf nested %d deep: %d units of work", d, ops)
		if ops > maxWork+maxConjunction {
			t.Errorf("allOf nested %d deep: %d units of work, past the budget of %d", d, ops, maxWork)
		}
	}
	fs := Diff(old, new, ModeFull, Options{})
	incomplete := 0
	for _, f := range fs {
		if f.RuleID == ruleIncomplete.ID {
			incomplete++
		}
	}
	if incomplete == 0 {
		t.Fatalf("want SC-JS021 (comparison incomplete), got %s", render(fs, ""))
	}
	// Shallow enough, the same change is found.
	shallowOld, _ := Load("old.json", []byte(`{"allOf": [{"allOf": [{"type": "string"}]}]}`), LoadOptions{})
	shallowNew, _ := Load("new.json", []byte(`{"allOf": [{"allOf": [{"type": "integer"}]}]}`), LoadOptions{})
	if fs := Diff(shallowOld, shallowNew, ModeBackward, Options{}); len(fs) != 1 || fs[0].RuleID != ruleTypeNarrowed.ID {
		t.Fatalf("shallow allOf: %s", render(fs, ""))
	}
}

// TestTooManySubschemas: the JSON Schema compiler's time is quadratic in
// a document's subschemas, so a schema (with the documents its $refs
// load) past maxSubschemas is refused before compiling, naming the file;
// the count stops at the bound, so refusing is linear in the input.
func TestTooManySubschemas(t *testing.T) {
	big := func(n int) []byte {
		var sb strings.Builder
		sb.WriteString(`{"type": "object", "properties": {`)
		for i := range n {
			if i > 0 {
				sb.WriteByte(',')
			}
			fmt.Fprintf(&sb, `"p%d": {"type": "string"}`, i)
		}
		sb.WriteString(`}}`)
		return []byte(sb.String())
	}
	if _, err := Load("big.json", big(maxSubschemas), LoadOptions{}); err == nil ||
		!strings.HasPrefix(err.Error(), "big.json: more than 25000 subschemas") {
		t.Errorf("got %v, want the subschema bound", err)
	}
	if _, err := Load("ok.json", big(1000), LoadOptions{}); err != nil {
		t.Errorf("1,000 properties: %v", err)
	}
	// Counted across the documents $refs load.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "half.json"), big(maxSubschemas/2+1), 0o644); err != nil {
		t.Fatal(err)
	}
	root := []byte(`{"allOf": [{"$ref": "half.json"}, ` + string(big(maxSubschemas/2)) + `]}`)
	if _, err := Load(filepath.Join(dir, "root.json"), root, LoadOptions{}); err == nil || !strings.Contains(err.Error(), "half.json: more than 25000 subschemas") {
		t.Errorf("got %v, want the bound at half.json", err)
	}
	if n := countSubschemas(map[string]any{"properties": map[string]any{"a": map[string]any{}, "b": map[string]any{}}}, 100); n != 3 {
		t.Errorf("count %d, want 3", n)
	}
}
