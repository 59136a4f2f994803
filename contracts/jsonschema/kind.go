package jsonschema

import (
	"fmt"

	"github.com/schemacheck/schemacheck/contracts"
	"github.com/schemacheck/schemacheck/finding"
)

// Handler is the JSON Schema contract kind.
type Handler struct{}

// Kinds is JSON Schema.
func (Handler) Kinds() []contracts.Kind { return []contracts.Kind{contracts.JSONSchema} }

// Load compiles a schema version.
func (Handler) Load(doc contracts.Document, opts contracts.LoadOptions) (contracts.Contract, error) {
	return Load(doc.Display, doc.Source, LoadOptions{FS: doc.FS, Path: doc.Path, AllowRemote: opts.ExternalRefs, RefMap: opts.RefMap})
}

// Diff checks the new version against the old one (and, in a transitive
// mode, against Earlier) in the mode o.Mode names, or else the one
// o.Direction does (both is full); then the new version's examples and
// the payloads.
func (Handler) Diff(old, new contracts.Contract, o contracts.DiffOptions) ([]finding.Finding, error) {
	mode, err := ModeOf(o.Mode, o.Direction)
	if err != nil {
		return nil, err
	}
	var history []*Schema
	for _, c := range append(append(append([]contracts.Contract(nil), o.Earlier...), old), new) {
		s, ok := c.(*Schema)
		if !ok {
			return nil, fmt.Errorf("%s: not a JSON Schema", c.Name())
		}
		history = append(history, s)
	}
	var payloads []Payload
	for _, p := range o.Payloads {
		payloads = append(payloads, Payload{File: p.File, Data: p.Data})
	}
	return CheckVersions(history, mode, Options{Strict: o.StrictContent, Payloads: payloads}), nil
}

// ModeOf is the mode a comparison uses: mode when set, else the one an
// OpenAPI-style direction names (both is full; the default backward).
func ModeOf(mode, direction string) (Mode, error) {
	switch {
	case mode != "":
		return ParseMode(mode)
	case direction == "forward":
		return ModeForward, nil
	case direction == "both":
		return ModeFull, nil
	}
	return ModeBackward, nil
}

// Name is the schema's name as findings show it.
func (s *Schema) Name() string { return s.File }
