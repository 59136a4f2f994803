package openapi

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"

	"github.com/schemacheck/schemacheck/internal/doctree"
)

// convertSwagger turns a Swagger 2.0 document into OpenAPI 3.0 with
// kin-openapi's openapi2conv, the converter the product brief chose: body
// and formData parameters become request bodies, produces/consumes media
// types, definitions components, and #/definitions/… references follow.
// The result is JSON, which Parse reads like any 3.0 document. Its lines
// are the conversion's, not the user's file's: Spec.Converted says so, and
// callers must not point findings at them.
func convertSwagger(name string, root *Node) (_ []byte, err error) {
	// openapi2conv trusts its input's shape (a null path item panics);
	// a user's document must get an error, never a crash.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: converting Swagger 2.0 to OpenAPI 3 failed (%v): check that every path item, operation and schema is an object", name, r)
		}
	}()
	doc := doctree.ToAny(root)
	pushDownPathParameters(doc)
	src, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: reading the Swagger 2.0 document: %w", name, err)
	}
	var doc2 openapi2.T
	if err := json.Unmarshal(src, &doc2); err != nil {
		if t := tupleItems(root); t != nil {
			line, _ := t.Pos()
			return nil, fmt.Errorf("%s:%d: items is a list of schemas (JSON Schema's tuple form), which Swagger 2.0 does not allow and its conversion to OpenAPI 3 cannot read: write one schema there (items: {anyOf: [...]} when any of them may appear at any position), or describe the API in OpenAPI 3.1, whose prefixItems is the tuple form", name, line)
		}
		return nil, fmt.Errorf("%s: not a valid Swagger 2.0 document: %w", name, err)
	}
	doc3, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return nil, fmt.Errorf("%s: converting Swagger 2.0 to OpenAPI 3: %w", name, err)
	}
	out, err := json.MarshalIndent(doc3, "", " ")
	if err != nil {
		return nil, fmt.Errorf("%s: converting Swagger 2.0 to OpenAPI 3: %w", name, err)
	}
	return out, nil
}

// tupleItems finds a schema's items written as a list of schemas, which
// Swagger 2.0 does not allow (Slack's Web API spec writes them, meaning
// "one of these"); nil when there is none. Literal values (examples,
// enums, defaults) and extensions hold data, not schemas, and are skipped.
func tupleItems(n *Node) *Node { return tupleItemsIn(n, keywordKeys) }

func tupleItemsIn(n *Node, in keys) *Node {
	switch n.Kind {
	case doctree.Mapping:
		for _, v := range n.Items() {
			if in.child(v.Key) == dataKeys {
				continue
			}
			if in == keywordKeys && v.Key == "items" && v.Kind == doctree.Sequence {
				return v
			}
			if t := tupleItemsIn(v, in.child(v.Key)); t != nil {
				return t
			}
		}
	case doctree.Sequence:
		for _, v := range n.Items() {
			if t := tupleItemsIn(v, in); t != nil {
				return t
			}
		}
	}
	return nil
}

// pushDownPathParameters moves each path item's parameters into its
// operations, as Swagger 2.0 defines them (they apply to every operation
// there, which may override one by name and location). openapi2conv
// refuses a body parameter at the path level ("pathItem must not have a
// body parameter"), which Netlify's API description has; in the
// operations it converts it to a request body like any other.
func pushDownPathParameters(doc any) {
	d, _ := doc.(map[string]any)
	paths, _ := d["paths"].(map[string]any)
	shared, _ := d["parameters"].(map[string]any) // #/parameters/…, for the name and location of a $ref
	identity := func(p any) string {
		m, _ := p.(map[string]any)
		if ref, ok := m["$ref"].(string); ok {
			if t, ok := shared[strings.TrimPrefix(ref, "#/parameters/")].(map[string]any); ok && strings.HasPrefix(ref, "#/parameters/") {
				m = t
			} else {
				return ref
			}
		}
		return fmt.Sprint(m["in"], "\x00", m["name"])
	}
	for _, item := range paths {
		it, _ := item.(map[string]any)
		params, _ := it["parameters"].([]any)
		if len(params) == 0 {
			continue
		}
		for _, method := range []string{"get", "put", "post", "delete", "options", "head", "patch"} {
			op, ok := it[method].(map[string]any)
			if !ok {
				continue
			}
			own, _ := op["parameters"].([]any)
			merged := slices.Clone(own)
			for _, p := range params {
				if !slices.ContainsFunc(own, func(o any) bool { return identity(o) == identity(p) }) {
					merged = append(merged, p)
				}
			}
			op["parameters"] = merged
		}
		delete(it, "parameters")
	}
}
