package openapi

import (
	"path/filepath"
	"testing"
)

// The same document in YAML and JSON gives the same model, and a large
// real document gives schemas that operations use.
func TestModelCorpus(t *testing.T) {
	c := filepath.Join(corpusDir(t), "openapi")
	y, j := loadPair(t, filepath.Join(c, "openai", "2026-08-21_f85dbe223d40.yaml"), filepath.Join(c, "openai", "2026-08-21_f85dbe223d40.json"))
	if a, b := dumpModel(y.Model(), noLines), dumpModel(j.Model(), noLines); a != b {
		t.Error("the YAML and JSON forms of one document give different models")
	}
	o, _ := loadPair(t, filepath.Join(c, "stripe", "old.json"), filepath.Join(c, "stripe", "new.json"))
	m := o.Model()
	used, props := 0, 0
	for _, s := range m.Schemas {
		if len(s.Uses) > 0 {
			used++
		}
		props += len(s.Properties)
	}
	t.Logf("stripe: %d object schemas, %d used by operations, %d properties", len(m.Schemas), used, props)
	if used < 100 {
		t.Errorf("stripe: only %d schemas used by operations", used)
	}
}

func BenchmarkModelStripe(b *testing.B) {
	c := filepath.Join(corpusDir(b), "openapi", "stripe")
	spec, _ := loadPair(b, filepath.Join(c, "old.json"), filepath.Join(c, "new.json"))
	for b.Loop() {
		spec.Model()
	}
}
