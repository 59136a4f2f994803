package schemacheck

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/schemacheck/schemacheck/internal/rulesdoc"
)

func TestRulesDocIsUpToDate(t *testing.T) {
	got, err := os.ReadFile("docs/rules.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != rulesdoc.Markdown(Rules()) {
		t.Fatal("docs/rules.md is stale: run go generate ./... and commit the result")
	}
}

func TestRuleRegistryIsConsistent(t *testing.T) {
	seen := map[string]string{}
	for _, r := range Rules() {
		for _, key := range []string{r.ID, r.Name} {
			if other, dup := seen[key]; dup {
				t.Errorf("%s is used by %s and %s", key, other, r.ID)
			}
			seen[key] = r.ID
		}
		if r.Summary == "" || r.Rationale == "" || r.Bad == "" || r.Good == "" || r.Fix == "" {
			t.Errorf("%s %s: incomplete documentation", r.ID, r.Name)
		}
		if got, ok := LookupRule(r.Name); !ok || got.ID != r.ID {
			t.Errorf("LookupRule(%s) = %v, %v", r.Name, got.ID, ok)
		}
	}
	if s := SuggestRule("require-concurent-index"); s != `; did you mean "require-concurrent-index"?` {
		t.Errorf("SuggestRule = %q", s)
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	p, err := Open(OpenOptions{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	sql := filepath.Join(dir, "1.sql")
	os.WriteFile(sql, []byte("CREATE TABLE t (id int PRIMARY KEY);\n"), 0o644)
	res, err := p.Lint([]string{sql})
	if err != nil || len(res.Findings) == 0 {
		t.Fatalf("want findings, got %v, %v", res, err)
	}
	baseline := filepath.Join(dir, "baseline.json")
	if err := WriteBaseline(baseline, res.Findings); err != nil {
		t.Fatal(err)
	}
	// An unrelated edit above the statement shifts its line; the baseline
	// still matches because fingerprints leave positions out.
	os.WriteFile(sql, []byte("-- a comment\n\nCREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE u (id int PRIMARY KEY);\n"), 0o644)
	res, err = p.Lint([]string{sql})
	if err != nil {
		t.Fatal(err)
	}
	before := len(res.Findings)
	if err := res.FilterBaseline(baseline); err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 || len(res.Findings) >= before {
		t.Fatalf("baseline kept %d of %d findings; want only the new table's", len(res.Findings), before)
	}
	for _, f := range res.Findings {
		if f.Location.Line != 4 {
			t.Errorf("finding on line %d survived the baseline: %s", f.Location.Line, f.Message)
		}
	}
}
