package openapi

import (
	"fmt"

	"github.com/schemacheck/schemacheck/contracts"
	"github.com/schemacheck/schemacheck/finding"
)

// Handler is the OpenAPI contract kind: OpenAPI 3.0 and 3.1, and Swagger
// 2.0 through its conversion.
type Handler struct{}

// Kinds are OpenAPI and Swagger.
func (Handler) Kinds() []contracts.Kind {
	return []contracts.Kind{contracts.OpenAPI, contracts.Swagger}
}

// Load parses a document version.
func (Handler) Load(doc contracts.Document, opts contracts.LoadOptions) (contracts.Contract, error) {
	return Parse(doc.Display, doc.Source, LoadOptions{FS: doc.FS, Path: doc.Path, ExternalRefs: opts.ExternalRefs, RefMap: opts.RefMap})
}

// Diff compares two versions; Mode, StrictContent, Earlier and Payloads
// are JSON Schema options and do not apply.
func (Handler) Diff(old, new contracts.Contract, o contracts.DiffOptions) ([]finding.Finding, error) {
	os, okO := old.(*Spec)
	ns, okN := new.(*Spec)
	if !okO || !okN {
		return nil, fmt.Errorf("%s and %s: not two OpenAPI documents", old.Name(), new.Name())
	}
	return Diff(os, ns, Options{Direction: o.Direction, UnknownEnumValues: o.UnknownEnumValues,
		RejectUnknownProperties: o.RejectUnknownProperties, DeprecationGrace: o.DeprecationGrace,
		SunsetNoticeStable: o.SunsetNoticeStable, SunsetNoticeBeta: o.SunsetNoticeBeta, All: o.All, Now: o.Now}), nil
}

// Name is the document's name as findings show it.
func (s *Spec) Name() string { return s.File }
