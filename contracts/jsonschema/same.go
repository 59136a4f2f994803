package jsonschema

import (
	"math/big"
	"reflect"
	"slices"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemacheck/schemacheck/internal/coinduct"
)

// sameness decides whether two compiled schemas (usually from different
// versions) assert the same thing, keyword by keyword. Pairs under
// comparison count as equal, which makes recursive schemas terminate. Since
// the comparison is a pure conjunction, any difference makes the outermost
// call false, and then every "equal" cached during that call is withdrawn.
type sameness struct {
	formats *formatTable // formats as written, of both versions
	// annotated are keywords that reject nothing but are compared as
	// written (CompareOptions.Annotations): a pair differing only there is
	// not the same, so the comparer reaches it and notes the difference.
	annotated []string
	memo      coinduct.Memo[*jsonschema.Schema]
	// unwrapped memoizes unwrap: reading a wrapper's keywords as written
	// costs, and a schema is compared in many pairs.
	unwrapped map[*jsonschema.Schema]*jsonschema.Schema
}

func newSameness(formats *formatTable) *sameness {
	return &sameness{formats: formats}
}

func (sm *sameness) schema(a, b *jsonschema.Schema) bool {
	a, b = sm.unwrap(a), sm.unwrap(b)
	if a == b {
		return true
	}
	if a == nil || b == nil {
		return false
	}
	return sm.memo.Equal(a, b, sm.fields)
}

// unwrap returns the schema a pure wrapper stands for: {$ref: X} or
// {allOf: [X]} asserting nothing else (no default, no readOnly or
// writeOnly, no annotation compared as written, no format) accepts what X
// accepts and evaluates what X evaluates, so X moved into $defs and
// referenced, or a $ref wrapped in a one-branch allOf, is the same schema
// as X written in place. Before, the pair was compared field by field and
// an if/then/else or not whose branch was only moved was "not in this
// form" (SchemaStore's github-action.json, dependabot-2.0.json).
func (sm *sameness) unwrap(s *jsonschema.Schema) *jsonschema.Schema {
	if s == nil || !mayWrap(s) {
		return s // most schemas: no map lookup, no copy
	}
	if u, ok := sm.unwrapped[s]; ok {
		return u
	}
	u := sm.unwrapOnce(s)
	if sm.unwrapped == nil {
		sm.unwrapped = map[*jsonschema.Schema]*jsonschema.Schema{}
	}
	sm.unwrapped[s] = u
	return u
}

func (sm *sameness) unwrapOnce(s *jsonschema.Schema) *jsonschema.Schema {
	for range maxUnwrap {
		if s == nil || !mayWrap(s) {
			return s
		}
		// s without its wrapper keyword, which mayWrap says is one of two.
		c, next := *s, s.Ref
		if next != nil {
			c.Ref = nil
		} else {
			next, c.AllOf = s.AllOf[0], nil
		}
		if next == s || !sm.bare(s, &c) {
			return s
		}
		s = next
	}
	return s
}

// mayWrap reports whether s has the shape of a wrapper: a $ref without
// allOf, or a one-branch allOf without a $ref.
func mayWrap(s *jsonschema.Schema) bool {
	return s.Ref != nil && len(s.AllOf) == 0 || s.Ref == nil && len(s.AllOf) == 1
}

// maxUnwrap bounds a chain of wrappers (a $ref cycle of pure wrappers
// asserts nothing, and stays what it is).
const maxUnwrap = 64

// bare reports whether c, the schema s without its wrapper keyword,
// asserts and annotates nothing the sameness compares.
func (sm *sameness) bare(s, c *jsonschema.Schema) bool {
	if !emptySchema(c) || c.Default != nil || c.ReadOnly || c.WriteOnly || c.Bool != nil {
		return false
	}
	if _, ok := sm.formats.of(s); ok {
		return false
	}
	for i := range sm.annotated {
		if sm.formats.annotation(s, i) != nil {
			return false
		}
	}
	for _, kw := range [...]string{"contentEncoding", "contentMediaType", "contentSchema"} {
		for _, src := range sm.formats.sources {
			if src.Raw(s, kw) != nil {
				return false
			}
		}
	}
	return true
}

func (sm *sameness) fields(a, b *jsonschema.Schema) bool {
	return eqBool(a.Bool, b.Bool) && eqTypes(a.Types, b.Types) && eqEnum(a.Enum, b.Enum) && eqAnyPtr(a.Const, b.Const) &&
		sm.schema(a.Ref, b.Ref) && sm.schema(a.RecursiveRef, b.RecursiveRef) && sm.dynRef(a.DynamicRef, b.DynamicRef) &&
		sm.schema(a.Not, b.Not) && sm.list(a.AllOf, b.AllOf) && sm.list(a.AnyOf, b.AnyOf) && sm.list(a.OneOf, b.OneOf) &&
		sm.schema(a.If, b.If) && sm.schema(a.Then, b.Then) && sm.schema(a.Else, b.Else) &&
		sm.sameFormat(a, b) && eqAnyPtr(a.Default, b.Default) && eqInt(a.MaxProperties, b.MaxProperties) && eqInt(a.MinProperties, b.MinProperties) &&
		eqSet(a.Required, b.Required) && sm.schema(a.PropertyNames, b.PropertyNames) && sm.props(a.Properties, b.Properties) &&
		sm.patternProps(a.PatternProperties, b.PatternProperties) && sm.anyValue(a.AdditionalProperties, b.AdditionalProperties) &&
		sm.deps(a.Dependencies, b.Dependencies) && eqDepReq(a.DependentRequired, b.DependentRequired) &&
		sm.props(a.DependentSchemas, b.DependentSchemas) && sm.schema(a.UnevaluatedProperties, b.UnevaluatedProperties) &&
		eqInt(a.MinItems, b.MinItems) && eqInt(a.MaxItems, b.MaxItems) && a.UniqueItems == b.UniqueItems &&
		sm.schema(a.Contains, b.Contains) && eqInt(a.MinContains, b.MinContains) && eqInt(a.MaxContains, b.MaxContains) &&
		sm.anyValue(a.Items, b.Items) && sm.anyValue(a.AdditionalItems, b.AdditionalItems) && sm.list(a.PrefixItems, b.PrefixItems) &&
		sm.schema(a.Items2020, b.Items2020) && sm.schema(a.UnevaluatedItems, b.UnevaluatedItems) &&
		eqInt(a.MinLength, b.MinLength) && eqInt(a.MaxLength, b.MaxLength) && eqRegexp(a.Pattern, b.Pattern) &&
		eqRat(a.Maximum, b.Maximum) && eqRat(a.Minimum, b.Minimum) && eqRat(a.ExclusiveMaximum, b.ExclusiveMaximum) &&
		eqRat(a.ExclusiveMinimum, b.ExclusiveMinimum) && eqRat(a.MultipleOf, b.MultipleOf) &&
		len(a.Extensions) == 0 && len(b.Extensions) == 0 && sm.sameRaw(a, b, "contentEncoding") && sm.sameRaw(a, b, "contentMediaType") &&
		sm.sameRaw(a, b, "contentSchema") && sm.schema(a.ContentSchema, b.ContentSchema) && a.ReadOnly == b.ReadOnly && a.WriteOnly == b.WriteOnly &&
		sm.sameAnnotations(a, b)
}

func (sm *sameness) sameAnnotations(a, b *jsonschema.Schema) bool {
	for i := range sm.annotated {
		if !reflect.DeepEqual(sm.formats.annotation(a, i), sm.formats.annotation(b, i)) {
			return false
		}
	}
	return true
}

func (sm *sameness) sameFormat(a, b *jsonschema.Schema) bool {
	fa, okA := sm.formats.of(a)
	fb, okB := sm.formats.of(b)
	return okA == okB && fa == fb
}

// sameRaw compares a keyword the validator may not keep (content
// annotations) as written.
func (sm *sameness) sameRaw(a, b *jsonschema.Schema, kw string) bool {
	var va, vb any
	for _, src := range sm.formats.sources {
		if va == nil {
			va = src.Raw(a, kw)
		}
		if vb == nil {
			vb = src.Raw(b, kw)
		}
	}
	return reflect.DeepEqual(va, vb)
}

func (sm *sameness) list(a, b []*jsonschema.Schema) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !sm.schema(a[i], b[i]) {
			return false
		}
	}
	return true
}

func (sm *sameness) props(a, b map[string]*jsonschema.Schema) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !sm.schema(v, w) {
			return false
		}
	}
	return true
}

func (sm *sameness) patternProps(a, b map[jsonschema.Regexp]*jsonschema.Schema) bool {
	if len(a) != len(b) {
		return false
	}
	bs := map[string]*jsonschema.Schema{}
	for re, s := range b {
		bs[re.String()] = s
	}
	for re, s := range a {
		t, ok := bs[re.String()]
		if !ok || !sm.schema(s, t) {
			return false
		}
	}
	return true
}

// anyValue compares the nil / bool / *Schema / []*Schema keyword values.
func (sm *sameness) anyValue(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case *jsonschema.Schema:
		bb, ok := b.(*jsonschema.Schema)
		return ok && sm.schema(a, bb)
	case []*jsonschema.Schema:
		bb, ok := b.([]*jsonschema.Schema)
		return ok && sm.list(a, bb)
	case []string:
		bb, ok := b.([]string)
		return ok && slices.Equal(a, bb)
	}
	return false
}

func (sm *sameness) deps(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		w, ok := b[k]
		if !ok || !sm.anyValue(v, w) {
			return false
		}
	}
	return true
}

func (sm *sameness) dynRef(a, b *jsonschema.DynamicRef) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Anchor == b.Anchor && sm.schema(a.Ref, b.Ref)
}

func eqBool(a, b *bool) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func eqInt(a, b *int) bool   { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
func eqRat(a, b *big.Rat) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Cmp(b) == 0)
}

func eqTypes(a, b *jsonschema.Types) bool { return typesOf(a) == typesOf(b) }

// eqEnum compares enums as sets: order does not change what they accept,
// and a set comparison stays linear for enums of 200,000 values.
func eqEnum(a, b *jsonschema.Enum) bool {
	if a == nil || b == nil {
		return a == b
	}
	if len(a.Values) != len(b.Values) {
		return false
	}
	keys := make(map[string]int, len(a.Values))
	for _, v := range a.Values {
		keys[canonical(v)]++
	}
	for _, v := range b.Values {
		k := canonical(v)
		if keys[k] == 0 {
			return false
		}
		keys[k]--
	}
	return true
}

func eqAnyPtr(a, b *any) bool {
	return (a == nil) == (b == nil) && (a == nil || reflect.DeepEqual(*a, *b))
}

func eqRegexp(a, b jsonschema.Regexp) bool {
	return (a == nil) == (b == nil) && (a == nil || a.String() == b.String())
}

func eqSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

func eqDepReq(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !eqSet(v, w) {
			return false
		}
	}
	return true
}

// sameNode compares two conjunctions schema by schema.
func (sm *sameness) node(a, b node) bool {
	if a.never != b.never || a.mask != b.mask || len(a.all) != len(b.all) || len(a.groups) != len(b.groups) {
		return false
	}
	for i := range a.all {
		if !sm.schema(a.all[i], b.all[i]) {
			return false
		}
	}
	for i := range a.groups {
		if a.groups[i].oneOf != b.groups[i].oneOf || !sm.list(a.groups[i].branches, b.groups[i].branches) {
			return false
		}
	}
	return true
}
