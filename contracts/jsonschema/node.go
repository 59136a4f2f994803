package jsonschema

import (
	"encoding/binary"
	"encoding/json"
	"math/big"
	"slices"
	"sort"
	"strings"
	"unsafe"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// typeSet is a set of JSON value kinds. Numbers are split into integers and
// non-integers so that "integer" ⊂ "number" is a plain subset test.
type typeSet uint8

const (
	tNull typeSet = 1 << iota
	tBool
	tInt
	tFrac
	tString
	tArray
	tObject
	tAll    = tNull | tBool | tInt | tFrac | tString | tArray | tObject
	tNumber = tInt | tFrac
)

// buckets are the kinds a value can have, in the order witnesses prefer them.
var buckets = []typeSet{tString, tNumber, tBool, tObject, tArray, tNull}

func (t typeSet) String() string {
	var names []string
	for _, b := range []struct {
		t    typeSet
		name string
	}{{tNull, "null"}, {tBool, "boolean"}, {tNumber, "number"}, {tInt, "integer"}, {tFrac, "non-integer number"}, {tString, "string"}, {tArray, "array"}, {tObject, "object"}} {
		if t&b.t == b.t {
			names = append(names, b.name)
			t &^= b.t
		}
	}
	return strings.Join(names, ", ")
}

func typesOf(tt *jsonschema.Types) typeSet {
	if tt == nil {
		return tAll
	}
	var t typeSet
	for b, ts := range validatorTypes {
		if int(*tt)&(1<<b) != 0 {
			t |= ts
		}
	}
	return t
}

// validatorTypes are the validator's type flags (Types is a bit set) as
// ours: asking it for their names (ToStrings) allocated on every schema of
// every pair compared.
var validatorTypes = func() (bits [16]typeSet) {
	for b := range bits {
		bits[b] = typesNamed(jsonschema.Types(1 << b).ToStrings())
	}
	return bits
}()

func typesNamed(names []string) typeSet {
	var t typeSet
	for _, s := range names {
		switch s {
		case "null":
			t |= tNull
		case "boolean":
			t |= tBool
		case "number":
			t |= tNumber
		case "integer":
			t |= tInt
		case "string":
			t |= tString
		case "array":
			t |= tArray
		case "object":
			t |= tObject
		}
	}
	return t
}

// kindOf returns the kind of a decoded JSON value (numbers as json.Number).
func kindOf(v any) typeSet {
	switch v := v.(type) {
	case nil:
		return tNull
	case bool:
		return tBool
	case json.Number:
		if r, ok := new(big.Rat).SetString(string(v)); ok && r.IsInt() {
			return tInt
		}
		return tFrac
	case float64:
		if v == float64(int64(v)) {
			return tInt
		}
		return tFrac
	case string:
		return tString
	case []any:
		return tArray
	case map[string]any:
		return tObject
	}
	return 0
}

// group is a oneOf or anyOf whose branches are not expanded yet.
type group struct {
	owner    *jsonschema.Schema
	oneOf    bool
	branches []*jsonschema.Schema
}

// node is a conjunction of compiled schemas that all hold for one instance
// location: references are followed and allOf is flattened into it, so a
// keyword is found wherever it is written. mask restricts the kinds further
// (used when a union is compared one kind at a time).
type node struct {
	all    []*jsonschema.Schema
	mask   typeSet
	never  bool // a false schema is part of the conjunction
	groups []group
	env    *env
	// overflow: the conjunction is larger than maxConjunction, or the
	// comparison's budget ran out while it was built; it is not compared.
	overflow bool
}

// env is what every node of one comparison shares: the work budget,
// spent as schemas are added to conjunctions and values are validated, so
// a hostile schema (allOf nested thousands deep, enums of 200,000 values)
// stops before the work rather than after; and each enum's values as a
// set, so enum comparison is not quadratic.
type env struct {
	budget int
	sets   map[*jsonschema.Schema]*valueSet
	// ops counts the units of work done (budget spent, enum values hashed
	// or looked up), so tests can check it grows linearly with the input.
	ops int
}

const (
	// maxWork bounds the schemas added to conjunctions plus the enum
	// values validated in one comparison.
	maxWork = 4_000_000
	// maxConjunction bounds the schemas of one conjunction: allOf nested
	// deeper than this is not compared.
	maxConjunction = 256
)

func newEnv() *env { return &env{budget: maxWork, sets: map[*jsonschema.Schema]*valueSet{}} }

// spend takes n units of work from the budget and reports whether any was left.
func (e *env) spend(n int) bool {
	if e == nil {
		return true
	}
	e.budget -= n
	e.ops += n
	return e.budget >= 0
}

func (e *env) empty() node { return node{mask: tAll, env: e} }

func (e *env) node(ss ...*jsonschema.Schema) node {
	n := e.empty()
	for _, s := range ss {
		n.add(s)
	}
	return n
}

func (n *node) add(s *jsonschema.Schema) {
	if s == nil || n.overflow {
		return
	}
	if s.Bool != nil {
		if !*s.Bool {
			n.never = true
		}
		return
	}
	if len(n.all) >= maxConjunction || !n.env.spend(1) {
		n.overflow = true
		return
	}
	if slices.Contains(n.all, s) {
		return
	}
	n.all = append(n.all, s)
	n.add(s.Ref)
	n.add(s.RecursiveRef)
	if s.DynamicRef != nil {
		n.add(s.DynamicRef.Ref)
	}
	for _, a := range s.AllOf {
		n.add(a)
	}
	if len(s.OneOf) > 0 {
		n.groups = append(n.groups, group{owner: s, oneOf: true, branches: s.OneOf})
	}
	if len(s.AnyOf) > 0 {
		n.groups = append(n.groups, group{owner: s, branches: s.AnyOf})
	}
}

// addAny adds an "additionalProperties"/"additionalItems" value: nil, a bool or a schema.
func (n *node) addAny(v any) {
	switch v := v.(type) {
	case *jsonschema.Schema:
		n.add(v)
	case bool:
		if !v {
			n.never = true
		}
	}
}

func (n node) clone() node {
	n.all = slices.Clone(n.all)
	n.groups = slices.Clone(n.groups)
	return n
}

// expand replaces group i by one of its branches.
func (n node) expand(i int, branch *jsonschema.Schema) node {
	m := n.clone()
	m.groups = slices.Delete(m.groups, i, i+1)
	m.add(branch)
	return m
}

func (n node) restrict(t typeSet) node {
	n.mask &= t
	return n
}

func (n node) with(s *jsonschema.Schema) node {
	m := n.clone()
	m.add(s)
	return m
}

// key identifies the node for memoization.
func (n node) key() string {
	// The schemas' addresses as bytes: formatting them with fmt was a
	// twentieth of the comparison's time on Stripe's pair. The counts
	// make the key self-delimiting: two keys joined stay apart.
	b := make([]byte, 0, 4+9*(len(n.all)+len(n.groups)))
	b = append(b, byte(n.mask), boolByte(n.never))
	b = binary.AppendUvarint(b, uint64(len(n.all)))
	for _, s := range n.all {
		b = binary.LittleEndian.AppendUint64(b, uint64(uintptr(unsafe.Pointer(s))))
	}
	b = binary.AppendUvarint(b, uint64(len(n.groups)))
	for _, g := range n.groups {
		b = binary.LittleEndian.AppendUint64(b, uint64(uintptr(unsafe.Pointer(g.owner))))
		b = append(b, boolByte(g.oneOf))
	}
	return string(b)
}

func boolByte(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// unconstrained reports whether the node accepts every value.
func (n node) unconstrained() bool {
	if n.never || n.overflow || n.mask != tAll || len(n.groups) > 0 {
		return false
	}
	for _, s := range n.all {
		if !emptySchema(s) {
			return false
		}
	}
	return true
}

// emptySchema reports whether s has no assertion at all ({} or only annotations).
func emptySchema(s *jsonschema.Schema) bool {
	return s.Types == nil && s.Enum == nil && s.Const == nil && s.Not == nil && s.If == nil &&
		len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) == 0 && s.Ref == nil && s.RecursiveRef == nil && s.DynamicRef == nil &&
		s.Format == nil && s.MaxProperties == nil && s.MinProperties == nil && len(s.Required) == 0 &&
		s.PropertyNames == nil && len(s.Properties) == 0 && len(s.PatternProperties) == 0 &&
		s.AdditionalProperties == nil && len(s.Dependencies) == 0 && len(s.DependentRequired) == 0 &&
		len(s.DependentSchemas) == 0 && s.UnevaluatedProperties == nil && s.MinItems == nil && s.MaxItems == nil &&
		!s.UniqueItems && s.Contains == nil && s.Items == nil && s.AdditionalItems == nil && len(s.PrefixItems) == 0 &&
		s.Items2020 == nil && s.UnevaluatedItems == nil && s.MinLength == nil && s.MaxLength == nil && s.Pattern == nil &&
		s.Maximum == nil && s.Minimum == nil && s.ExclusiveMaximum == nil && s.ExclusiveMinimum == nil &&
		s.MultipleOf == nil && len(s.Extensions) == 0 && s.ContentSchema == nil && s.ContentEncoding == nil && s.ContentMediaType == nil
}

func (n node) types() typeSet {
	if n.never {
		return 0
	}
	t := n.mask
	for _, s := range n.all {
		t &= typesOf(s.Types)
		if s.Enum != nil {
			var k typeSet
			for _, v := range s.Enum.Values {
				k |= kindOf(v)
			}
			t &= k
		}
		if s.Const != nil {
			t &= kindOf(*s.Const)
		}
	}
	return t
}

// accepts validates v against every schema of the conjunction. A schema
// that asserts only type, enum and const is decided through its value set
// (a validator scans an enum, which made comparing two large enums
// quadratic); any other is validated, which spends budget in proportion to
// its enum's size.
func (n node) accepts(v any) bool {
	if n.never || n.overflow || kindOf(v)&n.mask == 0 {
		return false
	}
	for _, s := range n.all {
		if vs := n.env.values(s); vs != nil {
			n.env.ops++
			if typesOf(s.Types)&kindOf(v) == 0 || !vs.has(v) {
				return false
			}
			if vs.only {
				continue
			}
			n.env.spend(vs.size())
		}
		if s.Validate(v) != nil {
			return false
		}
	}
	return true
}

// overlapOnly reports whether n rejects v only because v matches more than
// one branch of a oneOf whose branch n has expanded: n is the reader's
// union narrowed to the branch a writer's values were matched with, and
// the union's owner, still among n's schemas, runs the whole oneOf. That
// rejection is the union's (oneOfOverlap reports it once, as SC-JS016),
// not this branch's: prettierrc.json's parser, a oneOf of 22 one-value
// enums that gained {type: string}, was also reported as 22 enum
// narrowings, one per value.
func (n node) overlapOnly(v any) bool {
	if n.never || n.overflow || kindOf(v)&n.mask == 0 {
		return false
	}
	overlap := false
	for _, s := range n.all {
		err := s.Validate(v)
		if err == nil {
			continue
		}
		ve, ok := err.(*jsonschema.ValidationError)
		if !ok || s.OneOf == nil || !slices.ContainsFunc(s.OneOf, func(b *jsonschema.Schema) bool { return slices.Contains(n.all, b) }) || !onlyOneOfOverlap(ve) {
			return false
		}
		overlap = true
	}
	return overlap
}

// onlyOneOfOverlap reports whether every failure in e is a oneOf that
// more than one branch matched.
func onlyOneOfOverlap(e *jsonschema.ValidationError) bool {
	switch k := e.ErrorKind.(type) {
	case *kind.OneOf:
		return len(k.Subschemas) > 1
	case *kind.Schema, *kind.Group, *kind.Reference:
		if len(e.Causes) == 0 {
			return false
		}
		for _, c := range e.Causes {
			if !onlyOneOfOverlap(c) {
				return false
			}
		}
		return true
	}
	return false
}

// finite returns the values an enum or const allows, when one is present.
func (n node) finite() ([]any, bool) {
	for _, s := range n.all {
		var vals []any
		switch {
		case s.Const != nil:
			vals = []any{*s.Const}
		case s.Enum != nil:
			vals = s.Enum.Values
		default:
			continue
		}
		var out []any
		for _, v := range vals {
			if n.accepts(v) {
				out = append(out, v)
			}
			if n.env.budget < 0 {
				break
			}
		}
		return out, true
	}
	return nil, false
}

// listed reports whether a schema of the conjunction has an enum or a
// const: whether finite would list its values (without validating them,
// which for a large enum is the cost of a comparison).
func (n node) listed() bool {
	for _, s := range n.all {
		if s.Const != nil || s.Enum != nil {
			return true
		}
	}
	return false
}

// first returns the schema of the conjunction that has a keyword (for
// locating a finding), or the node's first schema.
func (n node) first(has func(*jsonschema.Schema) bool) *jsonschema.Schema {
	for _, s := range n.all {
		if has(s) {
			return s
		}
	}
	if len(n.all) > 0 {
		return n.all[0]
	}
	return nil
}

// bound is a numeric limit; v == nil means unbounded.
type bound struct {
	v    *big.Rat
	excl bool
}

func (n node) lower() bound {
	var b bound
	for _, s := range n.all {
		b = tighterLower(b, bound{s.Minimum, false})
		b = tighterLower(b, bound{s.ExclusiveMinimum, true})
	}
	return b
}

func (n node) upper() bound {
	var b bound
	for _, s := range n.all {
		b = tighterUpper(b, bound{s.Maximum, false})
		b = tighterUpper(b, bound{s.ExclusiveMaximum, true})
	}
	return b
}

func tighterLower(a, b bound) bound {
	if b.v == nil {
		return a
	}
	if a.v == nil {
		return b
	}
	switch c := b.v.Cmp(a.v); {
	case c > 0, c == 0 && b.excl:
		return b
	}
	return a
}

func tighterUpper(a, b bound) bound {
	if b.v == nil {
		return a
	}
	if a.v == nil {
		return b
	}
	switch c := b.v.Cmp(a.v); {
	case c < 0, c == 0 && b.excl:
		return b
	}
	return a
}

func (n node) multiples() []*big.Rat {
	var out []*big.Rat
	for _, s := range n.all {
		if s.MultipleOf != nil {
			out = append(out, s.MultipleOf)
		}
	}
	return out
}

// intLimit folds the int pointers of the conjunction with pick (max or min).
func (n node) intLimit(get func(*jsonschema.Schema) *int, pick func(a, b int) int) *int {
	var out *int
	for _, s := range n.all {
		if v := get(s); v != nil {
			if out == nil {
				x := *v
				out = &x
			} else {
				x := pick(*out, *v)
				out = &x
			}
		}
	}
	return out
}

func minOf(a, b int) int { return min(a, b) }
func maxOf(a, b int) int { return max(a, b) }

func (n node) minLength() int {
	return deref(n.intLimit(func(s *jsonschema.Schema) *int { return s.MinLength }, maxOf))
}
func (n node) maxLength() *int {
	return n.intLimit(func(s *jsonschema.Schema) *int { return s.MaxLength }, minOf)
}
func (n node) minItems() int {
	return deref(n.intLimit(func(s *jsonschema.Schema) *int { return s.MinItems }, maxOf))
}
func (n node) maxItems() *int {
	return n.intLimit(func(s *jsonschema.Schema) *int { return s.MaxItems }, minOf)
}
func (n node) minProperties() int {
	return deref(n.intLimit(func(s *jsonschema.Schema) *int { return s.MinProperties }, maxOf))
}
func (n node) maxProperties() *int {
	return n.intLimit(func(s *jsonschema.Schema) *int { return s.MaxProperties }, minOf)
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func (n node) patterns() []string {
	var out []string
	for _, s := range n.all {
		if s.Pattern != nil && !slices.Contains(out, s.Pattern.String()) {
			out = append(out, s.Pattern.String())
		}
	}
	return out
}

// formats lists the formats of the conjunction, as written.
func (n node) formats(ft *formatTable) []string {
	var out []string
	for _, s := range n.all {
		if f, ok := ft.of(s); ok && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func (n node) unique() bool {
	for _, s := range n.all {
		if s.UniqueItems {
			return true
		}
	}
	return false
}

// item returns the node that constrains the array element at index i:
// prefixItems / array-form items, else items / additionalItems, else
// unevaluatedItems when no schema of the conjunction evaluates index i.
func (n node) item(i int) node {
	m := n.env.empty()
	evaluated := false
	for _, s := range n.all {
		if len(s.PrefixItems) > i || s.Items2020 != nil || s.AdditionalItems != nil {
			evaluated = true
		}
		switch it := s.Items.(type) {
		case *jsonschema.Schema:
			evaluated = true
		case []*jsonschema.Schema:
			evaluated = evaluated || i < len(it)
		}
	}
	for _, s := range n.all {
		switch {
		case len(s.PrefixItems) > 0 || s.Items2020 != nil:
			if i < len(s.PrefixItems) {
				m.add(s.PrefixItems[i])
			} else if s.Items2020 != nil {
				m.add(s.Items2020)
			} else if !evaluated && s.UnevaluatedItems != nil {
				m.add(s.UnevaluatedItems)
			}
		default:
			switch it := s.Items.(type) {
			case *jsonschema.Schema:
				m.add(it)
			case []*jsonschema.Schema:
				if i < len(it) {
					m.add(it[i])
				} else if s.AdditionalItems != nil {
					m.addAny(s.AdditionalItems)
				} else if !evaluated && s.UnevaluatedItems != nil {
					m.add(s.UnevaluatedItems)
				}
			default:
				if !evaluated && s.UnevaluatedItems != nil {
					m.add(s.UnevaluatedItems)
				}
			}
		}
	}
	return m
}

// tupleLength is the longest prefixItems / array-form items of the node.
func (n node) tupleLength() int {
	k := 0
	for _, s := range n.all {
		k = max(k, len(s.PrefixItems))
		if it, ok := s.Items.([]*jsonschema.Schema); ok {
			k = max(k, len(it))
		}
	}
	return k
}

func (n node) required() []string {
	var out []string
	for _, s := range n.all {
		for _, r := range s.Required {
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	sort.Strings(out)
	return out
}

// dependentRequired merges dependentRequired and the array form of draft-4..7 dependencies.
func (n node) dependentRequired() map[string][]string {
	out := map[string][]string{}
	addAll := func(p string, qs []string) {
		for _, q := range qs {
			if !slices.Contains(out[p], q) {
				out[p] = append(out[p], q)
			}
		}
	}
	for _, s := range n.all {
		for p, qs := range s.DependentRequired {
			addAll(p, qs)
		}
		for p, d := range s.Dependencies {
			if qs, ok := d.([]string); ok {
				addAll(p, qs)
			}
		}
	}
	return out
}

// declares reports whether some schema of the conjunction names the property.
func (n node) declares(name string) bool {
	for _, s := range n.all {
		if _, ok := s.Properties[name]; ok {
			return true
		}
	}
	return false
}

func (n node) propertyNames() []string {
	var out []string
	for _, s := range n.all {
		for p := range s.Properties {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	return out
}

func (n node) patternKeys() []string {
	var out []string
	for _, s := range n.all {
		for re := range s.PatternProperties {
			if !slices.Contains(out, re.String()) {
				out = append(out, re.String())
			}
		}
	}
	sort.Strings(out)
	return out
}

func sortedPatterns(m map[jsonschema.Regexp]*jsonschema.Schema) []jsonschema.Regexp {
	if len(m) == 0 {
		return nil // prop asks for every property of every schema; sort.Slice allocates even for none
	}
	out := make([]jsonschema.Regexp, 0, len(m))
	for re := range m {
		out = append(out, re)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// prop returns the node that constrains the value of property name:
// properties, matching patternProperties, else additionalProperties, else
// unevaluatedProperties when no schema of the conjunction declares it.
func (n node) prop(name string) node {
	m := n.env.empty()
	declared := n.declares(name)
	for _, s := range n.all {
		matched := false
		if p, ok := s.Properties[name]; ok {
			m.add(p)
			matched = true
		}
		for _, re := range sortedPatterns(s.PatternProperties) {
			if re.MatchString(name) {
				m.add(s.PatternProperties[re])
				matched = true
			}
		}
		if matched {
			continue
		}
		switch {
		case s.AdditionalProperties != nil:
			m.addAny(s.AdditionalProperties)
		case s.UnevaluatedProperties != nil && !declared:
			m.add(s.UnevaluatedProperties)
		}
	}
	return m
}

// openFor reports whether the node leaves an undeclared property free:
// no pattern matches it and no additional/unevaluatedProperties constrains it.
func (n node) openFor(name string) bool {
	if n.declares(name) {
		return false
	}
	return n.prop(name).unconstrained()
}
