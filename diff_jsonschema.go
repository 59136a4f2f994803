package schemacheck

import (
	"github.com/schemacheck/schemacheck/contracts/jsonschema"
)

// diffJSONSchema compares two versions of a JSON Schema in backward mode
// (readers on the new schema must accept data written with the old).
func (p *Project) diffJSONSchema(old, new document, opts DiffOptions) (*Result, error) {
	res := &Result{}
	var schemas [2]*jsonschema.Schema
	for i, doc := range []document{old, new} {
		s, err := jsonschema.Load(doc.Display, doc.Source, jsonschema.LoadOptions{})
		if err != nil {
			return nil, err
		}
		schemas[i] = s
		res.addSource(doc.Display, doc.Source)
	}
	res.Findings = jsonschema.Diff(schemas[0], schemas[1], jsonschema.ModeBackward, jsonschema.Options{})
	return p.finish(res), nil
}
