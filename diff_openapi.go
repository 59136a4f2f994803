package schemacheck

import (
	"github.com/schemacheck/schemacheck/contracts/openapi"
)

// diffOpenAPI compares two versions of an OpenAPI document.
func (p *Project) diffOpenAPI(old, new document, opts DiffOptions) (*Result, error) {
	res := &Result{}
	var specs [2]*openapi.Spec
	for i, doc := range []document{old, new} {
		spec, err := openapi.Parse(doc.Display, doc.Source, openapi.LoadOptions{})
		if err != nil {
			return nil, err
		}
		specs[i] = spec
		res.addSource(doc.Display, doc.Source)
	}
	res.Findings = openapi.Diff(specs[0], specs[1], openapi.Options{Direction: opts.Direction, All: opts.All})
	return p.finish(res), nil
}
