package openapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// TestSerializationWrittenAsKinOpenAPIReads checks the style table
// serialization.written follows against another implementation: for each
// location, style, explode and kind of value, kin-openapi's request
// validator decodes the written form and the decoded value must be the
// sample (its schema's enum holds only the sample, so any other reading
// fails validation).
func TestSerializationWrittenAsKinOpenAPIReads(t *testing.T) {
	schemas := map[string]string{
		"primitive": `{"type": "string", "enum": ["blue"]}`,
		"array":     `{"type": "array", "items": {"type": "string"}, "enum": [["blue", "black"]]}`,
		"object":    `{"type": "object", "properties": {"R": {"type": "string"}, "G": {"type": "string"}}, "enum": [{"R": "100", "G": "200"}]}`,
	}
	styles := map[string][]string{
		"path":   {"simple", "label", "matrix"},
		"query":  {"form", "spaceDelimited", "pipeDelimited", "deepObject"},
		"header": {"simple"},
	}
	checked := 0
	for in, list := range styles {
		for _, style := range list {
			for _, explode := range []bool{false, true} {
				for kind, schema := range schemas {
					s := serialization{style, explode}
					written := s.written("color", kind)
					if written == "" {
						continue // the style does not apply to this kind
					}
					if style == "deepObject" && !explode {
						continue // deepObject is defined exploded only
					}
					err := kinReads(in, s, schema, written)
					if err != nil && strings.Contains(err.Error(), "invalid serialization method") {
						continue // kin-openapi does not read objects space- or pipe-delimited
					}
					if err != nil {
						t.Errorf("%s %s (%s): %q: %v", in, s, kind, written, err)
					}
					checked++
				}
			}
		}
	}
	t.Logf("%d written forms read back as the sample", checked)
	if checked < 30 {
		t.Errorf("only %d forms checked", checked)
	}
}

// kinReads validates a request carrying written as parameter color in
// location in, with style s and the given schema, with kin-openapi.
func kinReads(in string, s serialization, schema, written string) error {
	path := "/things"
	if in == "path" {
		path = "/things/{color}"
	}
	doc := fmt.Sprintf(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {%q: {"get": {
		"parameters": [{"name": "color", "in": %q, "required": true, "style": %q, "explode": %t, "schema": %s}],
		"responses": {"200": {"description": "ok"}}}}}}`, path, in, s.style, s.explode, schema)
	spec, err := openapi3.NewLoader().LoadFromData([]byte(doc))
	if err != nil {
		return err
	}
	router, err := legacy.NewRouter(spec)
	if err != nil {
		return err
	}
	url := "http://example.com/things"
	switch in {
	case "path":
		url += "/" + written
	case "query":
		url += "?" + written
	}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	if in == "header" {
		req.Header.Set("color", written)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		return err
	}
	err = openapi3filter.ValidateRequest(context.Background(), &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	})
	if err != nil {
		return fmt.Errorf("%s", strings.SplitN(err.Error(), "\n", 2)[0])
	}
	return nil
}

// TestValueKinds: the kinds of value a schema admits decide whether a
// style change writes any of them differently.
func TestValueKinds(t *testing.T) {
	spec, err := Parse("k.yaml", []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    none: {description: anything}
    int: {type: integer}
    obj: {type: object}
    stamp: {anyOf: [{type: integer}, {type: string}]}
    either: {oneOf: [{$ref: '#/components/schemas/obj'}, {type: array, items: {}}]}
    codes: {enum: [a, 1]}
    ref: {$ref: '#/components/schemas/stamp'}
    list3: {type: [string, "null"]}
`), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	schemas := get(get(spec.root, "components"), "schemas")
	for name, want := range map[string]string{
		"none": "primitive array object", "int": "primitive", "obj": "object",
		"stamp": "primitive", "either": "array object", "codes": "primitive", "ref": "primitive", "list3": "primitive",
	} {
		if got := strings.Join(valueKinds(spec, get(schemas, name)), " "); got != want {
			t.Errorf("%s: kinds %q, want %q", name, got, want)
		}
	}
}
