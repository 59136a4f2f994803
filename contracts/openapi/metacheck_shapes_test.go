package openapi

import (
	"encoding/json"
	"testing"
)

// TestShapesAgreeWithWholeCheck: checking a translation one schema object
// at a time (subschemas standing as true, data keywords and property maps
// by their kind) accepts exactly what validating the whole translation
// against the meta-schema accepts, also when the schemas of one shape
// were met before (the cache is shared across the cases, in both orders).
func TestShapesAgreeWithWholeCheck(t *testing.T) {
	docs := []string{
		`{"type": "object", "properties": {"a": {"type": "string", "maxLength": 3}, "b": {"$ref": "https://json-schema.org/x/r1.json"}}}`,
		`{"type": "object", "properties": {"a": {"type": "string", "maxLength": -1}}}`,
		`{"type": "object", "properties": {"c": {"type": "string", "maxLength": 3}}, "required": ["c"]}`,
		`{"type": "object", "required": ["c", "c"]}`,
		`{"type": "object", "required": "c"}`,
		`{"enum": ["a", 1, null]}`,
		`{"enum": "a"}`,
		`{"const": {"$ref": 5}, "default": [1, {"x": true}]}`,
		`{"anyOf": [{"type": "string"}, {"type": "null"}]}`,
		`{"anyOf": []}`,
		`{"anyOf": [{"type": "string"}, {"minLength": "1"}]}`,
		`{"items": [{"type": "string"}, true]}`,
		`{"items": {"items": {"items": {"minItems": -2}}}}`,
		`{"patternProperties": {"^a": {"type": "string"}}}`,
		`{"patternProperties": {"(": {"type": "string"}}}`,
		`{"properties": {"(": {"type": "string"}}}`,
		`{"$defs": {"d": {"multipleOf": 0}}}`,
		`{"$defs": {"d": {"multipleOf": 2}}}`,
		`{"additionalProperties": false, "propertyNames": {"pattern": "^[a-z]+$"}}`,
		`{"additionalProperties": {"type": 5}}`,
		`{"dependentSchemas": {"a": {"required": ["b"]}}, "dependentRequired": {"a": ["b"]}}`,
		`{"dependentRequired": {"a": "b"}}`,
		`{"not": {"type": "integer"}, "if": {"type": "string"}, "then": {"format": "date"}, "else": false}`,
		`{"type": ["string", "null"], "format": 5}`,
		`{"contentSchema": {"type": "object"}, "contentMediaType": "application/json"}`,
		`{"readOnly": "yes"}`,
	}
	meta, err := metaSchema()
	if err != nil {
		t.Fatal(err)
	}
	for _, order := range [][]int{ascending(len(docs)), descending(len(docs))} {
		sh := shapes{}
		for _, i := range order {
			var doc any
			if err := json.Unmarshal([]byte(docs[i]), &doc); err != nil {
				t.Fatal(err)
			}
			var buf []byte
			whole := meta.Validate(doc) == nil
			if got := sh.valid(meta, &buf, doc); got != whole {
				t.Errorf("%s: one object at a time says valid %v, the whole check %v", docs[i], got, whole)
			}
		}
	}
}

func ascending(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func descending(n int) []int {
	out := ascending(n)
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}
