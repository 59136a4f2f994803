package openapi

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/schemacheck/schemacheck/contracts/jsonschema"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// corpusDir is the shared corpus (skips when absent, fails under
// SCHEMACHECK_REQUIRE_CORPUS=1).
func corpusDir(t testing.TB) string { return testenv.Corpus(t) }

func loadPair(t testing.TB, oldPath, newPath string) (*Spec, *Spec) {
	t.Helper()
	o, err := Load(oldPath, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n, err := Load(newPath, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return o, n
}

func TestOpenAIYAMLvsJSONIsClean(t *testing.T) {
	c := filepath.Join(corpusDir(t), "openapi", "openai")
	o, n := loadPair(t, filepath.Join(c, "2026-08-21_f85dbe223d40.yaml"), filepath.Join(c, "2026-08-21_f85dbe223d40.json"))
	for _, dir := range []string{"backward", "forward"} {
		if fs := Diff(o, n, Options{Direction: dir}); len(fs) != 0 {
			t.Errorf("%s: %d findings on the same document in two formats, first: %s %s", dir, len(fs), fs[0].Location, fs[0].Message)
		}
	}
}

func TestStripeCount(t *testing.T) {
	for _, pair := range []string{"stripe", "stripe-2018"} {
		c := filepath.Join(corpusDir(t), "openapi", pair)
		o, n := loadPair(t, filepath.Join(c, "old.json"), filepath.Join(c, "new.json"))
		fs := Diff(o, n, Options{})
		if len(fs) == 0 {
			t.Errorf("%s: no findings on a pair with known breaking changes", pair)
		}
		t.Logf("%s: %d findings", pair, len(fs))
		for _, f := range fs {
			if f.RuleID == jsonschema.RuleIncomplete().ID {
				// Stripe's responses nest 65 objects deep through
				// expandable fields: the comparison must reach them all.
				t.Errorf("%s: %s", pair, f.Message)
			}
		}
		if os.Getenv("SCHEMACHECK_DUMP") != "" {
			for _, f := range fs {
				t.Logf("%s %s %s %v", f.Location, f.RuleID, f.Message, len(f.Details))
			}
		}
	}
}

func BenchmarkDiffStripe(b *testing.B) {
	c := filepath.Join(corpusDir(b), "openapi", "stripe")
	for b.Loop() {
		o, n := loadPair(b, filepath.Join(c, "old.json"), filepath.Join(c, "new.json"))
		Diff(o, n, Options{})
	}
}

// BenchmarkDiffPair diffs SCHEMACHECK_BENCH_OLD against SCHEMACHECK_BENCH_NEW,
// e.g. a pair from bench/scalegen (skips when unset).
func BenchmarkDiffPair(b *testing.B) {
	oldPath, newPath := os.Getenv("SCHEMACHECK_BENCH_OLD"), os.Getenv("SCHEMACHECK_BENCH_NEW")
	if oldPath == "" || newPath == "" {
		b.Skip("SCHEMACHECK_BENCH_OLD and SCHEMACHECK_BENCH_NEW unset")
	}
	for b.Loop() {
		o, n := loadPair(b, oldPath, newPath)
		Diff(o, n, Options{})
	}
}
