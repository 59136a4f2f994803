package openapi

import (
	"os"
	"testing"
)

// TestSwaggerConvertsLikeItsOpenAPI3Twin: a Swagger 2.0 document and the
// OpenAPI 3 document a person would write for the same API diff clean in
// both directions, so the conversion neither invents nor loses changes.
func TestSwaggerConvertsLikeItsOpenAPI3Twin(t *testing.T) {
	load := func(path string) *Spec {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Parse(path, src, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	swagger := load("testdata/cases/swagger2/old.yaml")
	twin := load("testdata/swagger2-as-openapi3.yaml")
	if !swagger.Converted() || twin.Converted() {
		t.Fatalf("Converted() = %v, %v; want true, false", swagger.Converted(), twin.Converted())
	}
	for _, dir := range []string{"backward", "forward"} {
		for _, pair := range [][2]*Spec{{swagger, twin}, {twin, swagger}} {
			if fs := Diff(pair[0], pair[1], Options{Direction: dir, All: true}); len(fs) != 0 {
				t.Errorf("%s %s → %s: %d findings, want none: %v", dir, pair[0].File, pair[1].File, len(fs), fs)
			}
		}
	}
}
