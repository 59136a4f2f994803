package schemacheck

import (
	"cmp"
	"fmt"

	"github.com/schemacheck/schemacheck/contracts/openapi"
)

// diffOpenAPI compares two versions of an OpenAPI document. $refs to other
// files resolve in the tree each version was read from. When the new
// document is a configured contract, its deprecation_grace and
// external_refs apply.
func (p *Project) diffOpenAPI(old, new document, opts DiffOptions) (*Result, error) {
	o := openapi.Options{Direction: opts.Direction, All: opts.All}
	c, configured := p.contractForDocument(new)
	if configured {
		grace, err := openapi.ParseGrace(c.DeprecationGrace)
		if err != nil {
			return nil, fmt.Errorf("%s: contracts[%s]: %w", p.configFile, cmp.Or(c.Name, c.Path), err)
		}
		o.DeprecationGrace = grace
	}
	res := &Result{}
	var specs [2]*openapi.Spec
	for i, doc := range []document{old, new} {
		spec, err := openapi.Parse(doc.Display, doc.Source, openapi.LoadOptions{FS: doc.FS, Path: doc.Path, ExternalRefs: c.ExternalRefs})
		if err != nil {
			return nil, err
		}
		specs[i] = spec
		res.addSource(doc.Display, doc.Source)
	}
	res.Findings = openapi.Diff(specs[0], specs[1], o)
	return p.finish(res), nil
}
