package openapi

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestLeavesShareOneTranslation: leaf schemas written alike (keywords the
// translation drops aside) are one translation in a view, shared by both
// versions; a leaf written otherwise, or a schema with a subschema, is not.
func TestLeavesShareOneTranslation(t *testing.T) {
	doc := func(desc string) []byte {
		return []byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
  "components": {"schemas": {
    "A": {"type": "object", "properties": {
      "x": {"type": "string", "maxLength": 5, "description": "` + desc + `"},
      "y": {"type": "string", "maxLength": 6},
      "z": {"type": "string", "maxLength": 5, "nullable": true}}},
    "B": {"type": "object", "properties": {"x": {"type": "string", "maxLength": 5, "x-note": 1}}}}}}`)
	}
	oldSpec, newSpec := parseVersions(t, doc("one"), doc("two"))
	oldSet, newSet := newSchemaSets(oldSpec, newSpec, responseView, newRawSameness(oldSpec, newSpec), shapes{})
	prop := func(set *schemaSet, schema, name string) any {
		tr := translator{set: set, v30: true}
		n := set.spec.pointerIn(set.spec.root, "/components/schemas/"+schema)
		return tr.schema(n, nil, 0).(map[string]any)["properties"].(map[string]any)[name]
	}
	same := func(a, b any) bool { return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer() }
	ax, bx, newAx := prop(oldSet, "A", "x"), prop(oldSet, "B", "x"), prop(newSet, "A", "x")
	if !same(ax, bx) || !same(ax, newAx) {
		t.Errorf("A.x, B.x and the new A.x are translated apart: %v %v %v", ax, bx, newAx)
	}
	for _, other := range []string{"y", "z"} {
		if v := prop(oldSet, "A", other); same(ax, v) || reflect.DeepEqual(ax, v) {
			t.Errorf("A.%s shares A.x's translation: %v", other, v)
		}
	}
	if want := map[string]any{"type": "string", "maxLength": json.Number("5")}; !reflect.DeepEqual(ax, want) {
		t.Errorf("A.x = %#v, want %#v", ax, want)
	}
	if a, b := prop(oldSet, "A", "x"), prop(oldSet, "A", "x"); !same(a, b) {
		t.Error("translating A twice gave two translations of its leaf")
	}
}
