package openapi

import (
	"testing"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"
)

// TestLocate checks where the schemas of a translation were written,
// through what the translation adds or leaves out: the anyOf a nullable
// schema moves under, tuple items, a property the view hides, the
// siblings of a 3.0 $ref and keywords that are not schemas.
func TestLocate(t *testing.T) {
	for _, tc := range []struct {
		version string
		want    map[string]string // translated pointer: source pointer
	}{
		{"3.0.3", map[string]string{
			"":                                      "",
			"/anyOf":                                "",
			"/anyOf/1":                              "",
			"/anyOf/0":                              "",
			"/anyOf/0/allOf/0":                      "/allOf/0",
			"/anyOf/0/allOf/0/properties/id":        "/allOf/0/properties/id",
			"/anyOf/0/allOf/0/properties/id/format": "/allOf/0/properties/id",
			"/anyOf/0/allOf/0/properties/secret":    "/allOf/0/properties/secret",
			"/anyOf/0/allOf/0/properties/secret/x":  "/allOf/0/properties/secret",
			"/anyOf/0/allOf/0/properties/a~1b":      "/allOf/0/properties/a~1b",
			"/anyOf/0/allOf/0/properties/tuple/prefixItems/1":  "/allOf/0/properties/tuple/prefixItems/1",
			"/anyOf/0/allOf/0/properties/tuple/prefixItems/01": "/allOf/0/properties/tuple",
			"/anyOf/0/allOf/0/properties/tuple/prefixItems/9":  "/allOf/0/properties/tuple",
			"/anyOf/0/allOf/1":            "/allOf/1",
			"/anyOf/0/allOf/1/properties": "/allOf/1", // a 3.0 $ref's siblings are not translated
			"/anyOf/0/allOf/2":            "",         // no such member: its parent
			"/anyOf/0/x-extra":            "",
			"/anyOf/0/description":        "",
			"/allOf/0":                    "",
			"/nope":                       "",
		}},
		{"3.1.0", map[string]string{
			"/anyOf/0/allOf/1/properties/p": "/allOf/1/properties/p",
		}},
	} {
		src := `{"openapi": "` + tc.version + `", "info": {"title": "t", "version": "1"}, "paths": {},
  "components": {"schemas": {
    "Thing": {"nullable": true, "allOf": [
      {"type": "object", "properties": {
        "id": {"type": "string", "format": "uuid"},
        "secret": {"type": "string", "readOnly": true},
        "a/b": {"type": "string"},
        "tuple": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]}}},
      {"$ref": "#/components/schemas/Other", "properties": {"p": {"type": "string"}}}],
      "x-extra": {"type": "string"}},
    "Other": {"type": "object"}}}}`
		spec, err := Parse("t.json", []byte(src), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		set, _ := newSchemaSets(spec, spec, requestView, newRawSameness(spec, spec), shapes{})
		thing := get(get(get(spec.root, "components"), "schemas"), "Thing")
		if _, err := set.compile(thing, nil, "schema Thing"); err != nil {
			t.Fatal(err)
		}
		u := set.urls[thing]
		for frag, want := range tc.want {
			_, o, ok := set.find(&sjs.Schema{Location: u + "#" + frag})
			if !ok {
				t.Errorf("%s: %q not found", tc.version, frag)
				continue
			}
			if o.ptr != want {
				t.Errorf("%s: locate(%q) = %q, want %q", tc.version, frag, o.ptr, want)
			}
			if o.node != spec.pointerIn(thing, o.ptr) {
				t.Errorf("%s: locate(%q): node is not the one at %q", tc.version, frag, o.ptr)
			}
		}
	}
}
