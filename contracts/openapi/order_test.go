package openapi

import (
	"slices"
	"strings"
	"testing"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"
)

type sjsSchema = sjs.Schema

// TestCompileOrderRefsFirst: a body that refers to a chain and to a cycle
// has each resource compiled after what it refers to, and the cycle by one
// call (so no compile queues more than one component of resources that
// refer to each other), with the same findings as without the order.
func TestCompileOrderRefsFirst(t *testing.T) {
	doc := func(cType string) []byte {
		return []byte(postA(` {$ref: '#/components/schemas/A'}`) + `components:
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
	oldSpec, newSpec := parseVersions(t, doc("string"), doc("integer"))
	oldSet, _ := newSchemaSets(oldSpec, newSpec, requestView, newRawSameness(oldSpec, newSpec), shapes{})
	var calls []string
	real := oldSet.order.compile
	oldSet.order.compile = func(u string) {
		calls = append(calls, oldSet.res[u].subject)
		real(u)
	}
	schemas := get(get(oldSpec.root, "components"), "schemas")
	if _, err := oldSet.compile(get(schemas, "A"), nil, "request body"); err != nil {
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

// TestUnchangedPartsAreShared: parts of a body that both versions write
// the same (an object below a changed property's sibling, a branch beside
// a changed one) compile to one schema that both versions' bodies refer
// to; a part changed in either version is not shared, nor one too small
// to be worth a resource of its own.
func TestUnchangedPartsAreShared(t *testing.T) {
	doc := func(limit string) []byte {
		return []byte(postA(`
              type: object
              properties:
                address:
                  type: object
                  properties: {line1: {type: string}, line2: {type: string}, city: {type: string}, zip: {type: string}, country: {type: string}}
                payment:
                  anyOf:
                    - {type: object, required: [card], properties: {card: {type: string}, exp: {type: string}, cvc: {type: string}, name: {type: string}, zip: {type: string}}}
                    - {type: object, required: [iban], properties: {iban: {type: string, maxLength: ` + limit + `}}}
                note: {type: object, properties: {text: {type: string}}}`))
	}
	oldSpec, newSpec := parseVersions(t, doc("34"), doc("30"))
	oldSet, newSet := newSchemaSets(oldSpec, newSpec, requestView, newRawSameness(oldSpec, newSpec), shapes{})
	const at = "/paths/~1a/post/requestBody/content/application~1json/schema"
	ob, nb := oldSpec.pointerIn(oldSpec.root, at), newSpec.pointerIn(newSpec.root, at)
	o, err := oldSet.compile(ob, nb, "request body")
	if err != nil {
		t.Fatal(err)
	}
	n, err := newSet.compile(nb, ob, "request body")
	if err != nil {
		t.Fatal(err)
	}
	part := func(s *sjsSchema, branch int) (*sjsSchema, *sjsSchema) {
		return deref(s.Properties["address"]), deref(s.Properties["payment"].AnyOf[branch])
	}
	oa, ob0 := part(o, 0)
	na, nb0 := part(n, 0)
	if oa != na || ob0 != nb0 {
		t.Errorf("unchanged parts compiled twice: address shared %t, payment/anyOf/0 shared %t", oa == na, ob0 == nb0)
	}
	_, o1 := part(o, 1)
	_, n1 := part(n, 1)
	if o1 == n1 {
		t.Error("the changed branch payment/anyOf/1 is shared")
	}
	if deref(o.Properties["note"]) == deref(n.Properties["note"]) {
		t.Error("note, two schemas, is shared")
	}
	// A finding in a shared part's neighbour, and every subject, reads
	// as if nothing were shared.
	got := Diff(oldSpec, newSpec, Options{})
	if len(got) != 1 || !strings.Contains(got[0].Message, "payment/anyOf/1.iban: maxLength changed") {
		t.Errorf("findings = %v, want one, at payment/anyOf/1.iban", got)
	}
	if r, o, ok := newSet.lookup(na.Properties["city"]); !ok || r.node != nb || o.ptr != "/properties/address/properties/city" {
		t.Errorf("lookup of the shared address's city = %v, %+v, %t; want the body, at /properties/address/properties/city", r, o, ok)
	}
}

// deref follows a schema's $ref: a shared part is referred to.
func deref(s *sjsSchema) *sjsSchema {
	for s != nil && s.Ref != nil {
		s = s.Ref
	}
	return s
}

// postA is a document whose one operation, POST /a, takes a JSON body of
// schema (written after "schema:", inline or as an indented block).
func postA(schema string) string {
	return `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    post:
      requestBody:
        content:
          application/json:
            schema:` + schema + `
      responses: {"200": {description: ok}}
`
}

// parseVersions parses two versions of a document.
func parseVersions(t testing.TB, old, new []byte) (*Spec, *Spec) {
	t.Helper()
	o, err := Parse("old.yaml", old, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n, err := Parse("new.yaml", new, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return o, n
}
