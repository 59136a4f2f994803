package openapi

import (
	"slices"
	"testing"
)

// TestCompileOrderRefsFirst: a body that refers to a chain and to a cycle
// has each resource compiled after what it refers to, and the cycle by one
// call (so no compile queues more than one component of resources that
// refer to each other), with the same findings as without the order.
func TestCompileOrderRefsFirst(t *testing.T) {
	doc := func(cType string) []byte {
		return []byte(`openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/A'}
      responses: {"200": {description: ok}}
components:
  schemas:
    A:
      type: object
      properties:
        chain: {$ref: '#/components/schemas/B'}
        loop: {$ref: '#/components/schemas/D'}
    B: {type: object, properties: {c: {$ref: '#/components/schemas/C'}}}
    C: {type: ` + cType + `}
    D: {type: object, properties: {e: {$ref: '#/components/schemas/E'}}}
    E: {type: object, properties: {d: {$ref: '#/components/schemas/D'}, c: {$ref: '#/components/schemas/C'}}}
`)
	}
	oldSpec, err := Parse("old.yaml", doc("string"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	newSpec, err := Parse("new.yaml", doc("integer"), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	oldSet, _ := newSchemaSets(oldSpec, newSpec, requestView, newRawSameness(oldSpec, newSpec), shapes{})
	var calls []string
	real := oldSet.order.compile
	oldSet.order.compile = func(u string) {
		calls = append(calls, oldSet.res[u].subject)
		real(u)
	}
	schemas := get(get(oldSpec.root, "components"), "schemas")
	if _, err := oldSet.compile(get(schemas, "A"), "request body"); err != nil {
		t.Fatal(err)
	}
	// C before B; C before the cycle D, E (E refers to C); one call for
	// D and E; A by the caller.
	cycle := func(s string) bool { return s == "schema D" || s == "schema E" }
	if len(calls) != 3 || calls[0] != "schema C" || !slices.Contains(calls, "schema B") || !slices.ContainsFunc(calls, cycle) {
		t.Errorf("compile calls = %q, want schema C, then schema B and one of schema D or schema E", calls)
	}
	got := Diff(oldSpec, newSpec, Options{})
	if len(got) != 1 || got[0].Location.Line != 19 {
		t.Errorf("findings = %v, want one, at C's type (line 19)", got)
	}
}
