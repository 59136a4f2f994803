package jsonschema

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/schemacheck/schemacheck/finding"
)

// finishes runs fn and fails the test when it has not returned long after
// it should have: a termination check for inputs that used to run for
// minutes or forever, not a performance measurement (bench/ has those).
func finishes(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
		t.Fatalf("%s did not finish in 2 minutes", what)
	}
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
// now compared as sets.
func TestLargeEnumIsNotQuadratic(t *testing.T) {
	const n = 200_000
	old := enumSchema(t, "old.json", n, -1)
	new := enumSchema(t, "new.json", n, 12345)
	var fs []finding.Finding
	finishes(t, "diff of two 200,000-value enums", func() { fs = Diff(old, new, ModeFull, Options{}) })
	if len(fs) != 1 || fs[0].RuleID != ruleEnumNarrowed.ID || fs[0].Witness != `"v12345"` || fs[0].Severity != finding.SeverityError {
		t.Fatalf("want one SC-JS003 error with witness \"v12345\", got %s", render(fs, ""))
	}
	// The same values in another order are the same enum.
	if fs := Diff(old, old, ModeFull, Options{}); len(fs) != 0 {
		t.Fatalf("an enum against itself: %s", render(fs, ""))
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
	finishes(t, "loading allOf nested 3,000 deep", func() {
		_, err := Load("deep.json", nest("string", 3000), LoadOptions{})
		if err == nil || !strings.HasPrefix(err.Error(), "deep.json:line 1: nesting deeper than 1000 levels") {
			t.Errorf("got %v, want a located nesting error", err)
		}
	})
	const depth = 400 // 800 levels of JSON, a conjunction of 400 schemas
	old, err := Load("old.json", nest("string", depth), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	new, err := Load("new.json", nest("integer", depth), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var fs []finding.Finding
	finishes(t, "diff of allOf nested 400 deep", func() { fs = Diff(old, new, ModeFull, Options{}) })
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
