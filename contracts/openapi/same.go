package openapi

import (
	"strings"

	"github.com/schemacheck/schemacheck/internal/coinduct"
	"github.com/schemacheck/schemacheck/internal/doctree"
)

// rawSameness decides whether two schemas, one from each version, are
// written the same, $refs followed, so the pair need not be compiled and
// compared: most schemas of a new API version are the old ones. Keywords
// that change no reader's view (descriptions, examples, extensions) are
// left out. Pairs under comparison count as the same, which ends cycles;
// when the outermost comparison fails, every "same" it assumed is
// withdrawn (a pure conjunction, as in contracts/jsonschema's sameness).
type rawSameness struct {
	old, new *Spec
	memo     coinduct.Memo[*Node]
}

func newRawSameness(old, new *Spec) *rawSameness {
	return &rawSameness{old: old, new: new}
}

// annotationKeys change nothing a reader of the data sees, nor any check.
var annotationKeys = map[string]bool{"description": true, "title": true, "summary": true, "example": true,
	"examples": true, "externalDocs": true, "$comment": true}

func (rs *rawSameness) nodes(a, b *Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	return rs.memo.Equal(a, b, rs.fields)
}

// fields compares two schemas written in place. Only the nodes a $ref
// names go through the memo (nodes): a tree reaches any other node from
// one parent only, so memoizing every scalar and mapping held an entry
// per node pair of both documents and found nothing again.
func (rs *rawSameness) fields(a, b *Node) bool { return rs.same(a, b, inSchema) }

// place is what a node is in a schema, which decides the keys that may
// be left out: the annotations and extensions of a schema object, but not
// a property named "description" (the keys of properties are names) nor
// a key of an enum value or a default (data is compared as written).
type place int

const (
	inSchema place = iota // a schema object, or a list of them
	inNames               // a map of names to schemas: properties, $defs
	inData                // a value
)

func (rs *rawSameness) same(a, b *Node, at place) bool {
	if a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case doctree.Scalar:
		return a.Tag == b.Tag && a.Value() == b.Value()
	case doctree.Sequence:
		if len(a.Items()) != len(b.Items()) {
			return false
		}
		for i := range a.Items() {
			if !rs.same(a.Items()[i], b.Items()[i], at) {
				return false
			}
		}
		return true
	}
	left := func(k string) bool { return at == inSchema && ignoredKey(k) }
	count := func(m *Node) int {
		n := 0
		for _, v := range m.Items() {
			if !left(v.Key) {
				n++
			}
		}
		return n
	}
	if count(a) != count(b) {
		return false
	}
	if at == inSchema && count(a) > 1 && get(a, "$ref") != nil && rs.refSiblingsDiffer() {
		// OpenAPI 3.0 ignores the siblings of a $ref, 3.1 applies them:
		// {$ref: X, nullable: true} is X in one version and X or null in
		// the other.
		return false
	}
	for _, av := range a.Items() {
		k := av.Key
		if left(k) {
			continue
		}
		bv := rs.new.get(b, k)
		if bv == nil {
			return false
		}
		if at == inSchema && k == "$ref" && av.Kind == doctree.Scalar && bv.Kind == doctree.Scalar {
			ta, _ := rs.old.resolve(a, av.Value())
			tb, _ := rs.new.resolve(b, bv.Value())
			if ta == nil || tb == nil {
				if av.Value() != bv.Value() {
					return false
				}
				continue
			}
			if !rs.nodes(ta, tb) {
				return false
			}
			continue
		}
		if !rs.same(av, bv, childPlace(at, k)) {
			return false
		}
	}
	return true
}

// childPlace is the place of the value of key k of a mapping at at.
func childPlace(at place, k string) place {
	switch {
	case at == inNames:
		return inSchema
	case at != inSchema:
		return inData
	case oneSchema[k] || schemaList[k]:
		return inSchema
	case schemaMap[k]:
		return inNames
	}
	return inData
}

// ignoredKey: annotations, and extensions other than the ones checks read
// (x-schemacheck-*, and the lifecycle ones of lifecycle.go).
func ignoredKey(k string) bool {
	switch k {
	case "x-stability-level", "x-sunset", "x-extensible-enum":
		return false
	}
	return annotationKeys[k] || strings.HasPrefix(k, "x-") && !strings.HasPrefix(k, "x-schemacheck")
}

// refSiblingsDiffer reports whether the versions read a $ref's siblings
// differently: one is OpenAPI 3.0, the other is not.
func (rs *rawSameness) refSiblingsDiffer() bool {
	return strings.HasPrefix(rs.old.version, "3.0") != strings.HasPrefix(rs.new.version, "3.0")
}
