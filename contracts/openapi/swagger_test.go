package openapi

import (
	"fmt"
	"os"
	"strings"
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

// TestSwaggerTupleItems: items written as a list of schemas (not Swagger
// 2.0, but in Slack's Web API spec) is an input error at its line that
// says what to write instead; a list under an example is data and loads.
func TestSwaggerTupleItems(t *testing.T) {
	doc := func(schema string) string {
		return `{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/ids": {"get": {"responses": {"200": {
  "description": "ok",
  "schema": ` + schema + `}}}}}}`
	}
	_, err := Parse("slack.json", []byte(doc(`{"type": "array",
    "items": [{"type": "string"}, {"type": "integer"}]}`)), LoadOptions{})
	if err == nil || !strings.Contains(err.Error(), "slack.json:4: items is a list of schemas") || !strings.Contains(err.Error(), "anyOf") {
		t.Errorf("tuple items: %v", err)
	}
	if _, err := Parse("slack.json", []byte(doc(`{"type": "object", "example": {"items": [1, 2]}}`)), LoadOptions{}); err != nil {
		t.Errorf("a list named items in an example: %v", err)
	}
}

// TestSwaggerPathParameters: parameters a Swagger 2.0 path item declares
// for all its operations, a body parameter among them (Netlify's API),
// mean the same as each operation declaring them, with an operation's
// own parameter of that name and location winning; and a change to such
// a body is found.
func TestSwaggerPathParameters(t *testing.T) {
	const head = `{"swagger": "2.0", "info": {"title": "t", "version": "1"},
  "parameters": {"id": {"in": "path", "name": "id", "required": true, "type": "string"}},
  "definitions": {"Msg": {"type": "object", "properties": {"text": {"type": "string", "maxLength": %d}}}},
  "paths": {"/logs/{id}": %s}}`
	shared := `{"parameters": [{"$ref": "#/parameters/id"}, {"in": "body", "name": "msg", "required": true, "schema": {"$ref": "#/definitions/Msg"}}],
    "post": {"responses": {"204": {"description": "none"}}},
    "put": {"parameters": [{"in": "path", "name": "id", "required": true, "type": "string", "pattern": "^[a-z]+$"}], "responses": {"204": {"description": "none"}}}}`
	own := `{"post": {"parameters": [{"$ref": "#/parameters/id"}, {"in": "body", "name": "msg", "required": true, "schema": {"$ref": "#/definitions/Msg"}}], "responses": {"204": {"description": "none"}}},
    "put": {"parameters": [{"in": "path", "name": "id", "required": true, "type": "string", "pattern": "^[a-z]+$"}, {"in": "body", "name": "msg", "required": true, "schema": {"$ref": "#/definitions/Msg"}}], "responses": {"204": {"description": "none"}}}}`
	parse := func(maxLength int, item string) *Spec {
		s, err := Parse("api.json", []byte(fmt.Sprintf(head, maxLength, item)), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := parse(100, shared), parse(100, own)
	for _, pair := range [][2]*Spec{{a, b}, {b, a}} {
		for _, f := range Diff(pair[0], pair[1], Options{Direction: "both", All: true}) {
			t.Errorf("path-level and operation-level parameters differ: %s %s", f.RuleID, f.Message)
		}
	}
	ops := 0
	for _, f := range Diff(a, parse(50, shared), Options{Direction: "backward"}) {
		ops += len(f.Operations)
	}
	if ops != 2 {
		t.Errorf("a narrower body under path-level parameters: %d operations reported, want POST and PUT", ops)
	}
}
