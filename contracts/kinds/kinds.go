// Package kinds lists the contract kinds: each command finds the handler
// of a document's kind here, so they all read the same inputs.
package kinds

import (
	"github.com/schemacheck/schemacheck/contracts"
	"github.com/schemacheck/schemacheck/contracts/jsonschema"
	"github.com/schemacheck/schemacheck/contracts/openapi"
)

// All returns every contract kind's handler.
func All() []contracts.Handler {
	return []contracts.Handler{openapi.Handler{}, jsonschema.Handler{}}
}

// For returns the handler of kind k.
func For(k contracts.Kind) (contracts.Handler, bool) {
	for _, h := range All() {
		for _, hk := range h.Kinds() {
			if hk == k {
				return h, true
			}
		}
	}
	return nil, false
}
