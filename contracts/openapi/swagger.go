package openapi

import (
	"encoding/json"
	"fmt"

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
	src, err := json.Marshal(doctree.ToAny(root))
	if err != nil {
		return nil, fmt.Errorf("%s: reading the Swagger 2.0 document: %w", name, err)
	}
	var doc2 openapi2.T
	if err := json.Unmarshal(src, &doc2); err != nil {
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
