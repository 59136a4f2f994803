package openapi

import (
	"fmt"
	"strings"
	"testing"
)

// TestInvalidSchemasAreRefused: the meta-schema check runs once per shape
// of translated schema, but a schema the meta-schema rejects is never
// compiled, wherever its shape was seen first: each use reports that it
// could not be compared, and nothing panics. The valid schemas of the same
// shape as each other, whose $refs name different resources, compare.
func TestInvalidSchemasAreRefused(t *testing.T) {
	invalid := []string{
		`{"type": "string", "minimum": "zero"}`,
		`{"type": "string", "pattern": "("}`,
		`{"type": "string", "enum": 5}`,
		`{"type": "integer", "multipleOf": 0}`,
		`{"type": "object", "properties": {"a": {"minProperties": "1"}}}`,
		`{"type": "string", "maxLength": -1}`,
	}
	doc := func(withInvalid bool, enum string) string {
		var paths, schemas []string
		for i := range 3 {
			// Valid schemas of one shape, each naming another resource.
			schemas = append(schemas, fmt.Sprintf(`"V%d": {"type": "object", "properties": {"s": {"type": "string", "enum": [%s]}, "next": {"$ref": "#/components/schemas/V%d"}}}`, i, enum, (i+1)%3))
			paths = append(paths, fmt.Sprintf(`"/v%d": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/V%d"}}}}, "responses": {"200": {"description": "ok"}}}}`, i, i))
		}
		for i, s := range invalid {
			if !withInvalid {
				s = `{"type": "string"}`
			}
			// Each invalid schema twice: the second is a shape already met.
			for j := range 2 {
				paths = append(paths, fmt.Sprintf(`"/x%d_%d": {"post": {"requestBody": {"content": {"application/json": {"schema": %s}}}, "responses": {"200": {"description": "ok"}}}}`, i, j, s))
			}
		}
		return `{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {` + strings.Join(paths, ",") +
			`}, "components": {"schemas": {` + strings.Join(schemas, ",") + `}}}`
	}
	old, err := Parse("old.json", []byte(doc(false, `"a", "b"`)), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	new, err := Parse("new.json", []byte(doc(true, `"a"`)), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	refused := map[string]bool{}
	var enumRemoved int
	for _, f := range Diff(old, new, Options{}) {
		if strings.Contains(f.Message, "could not be compared") {
			if !strings.Contains(f.Message, "is not valid against metaschema") || strings.Contains(f.Message, uncheckedHome+"schemacheck.invalid") {
				t.Errorf("%s: want the meta-schema's verdict, under the URL it had before", f.Message)
			}
			refused[f.Message[:strings.Index(f.Message, ":")]] = true
		}
		if strings.Contains(f.Message, `"b"`) {
			enumRemoved++
		}
	}
	for i := range invalid {
		for j := range 2 {
			if where := fmt.Sprintf("POST /x%d_%d request application/json", i, j); !refused[where] {
				t.Errorf("%s: %s was compared; want it refused as not a valid schema", where, invalid[i])
			}
		}
	}
	if enumRemoved == 0 {
		t.Error("the enum value removed from the valid schemas was not found")
	}
}
