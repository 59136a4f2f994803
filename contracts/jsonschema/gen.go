package jsonschema

import (
	"encoding/json"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

const (
	// maxCandidates bounds the values generated for one node.
	maxCandidates = 8
	// maxGenDepth bounds how deep generation descends into nested objects and arrays.
	maxGenDepth = 24
	// maxBranches bounds how many oneOf/anyOf branches are tried or compared.
	maxBranches = 32
)

// generator builds JSON values that a node accepts. Every value it returns
// has passed the validator for that node; the schemas' structure only
// guides which values are tried.
type generator struct {
	formats   *formatTable
	memo      map[string][]any
	firstMemo map[string]firstValue
	omitted   func(*jsonschema.Schema) bool // properties the writer never sends (CompareOptions.Omitted)
}

type firstValue struct {
	v  any
	ok bool
}

// omits reports whether property p of n is one the writer never sends.
func (g *generator) omits(n node, p string) bool {
	if g.omitted == nil {
		return false
	}
	return slices.ContainsFunc(n.prop(p).all, g.omitted)
}

func newGenerator(formats *formatTable) *generator {
	return &generator{formats: formats, memo: map[string][]any{}, firstMemo: map[string]firstValue{}}
}

// first returns one value the node accepts, built as cheaply as possible:
// what fills the properties of an object or the elements of an array
// around a witness. An object is its required properties filled with
// first values; the full candidate list (values) is computed only when
// the cheap value is rejected. On a 4 MB OpenAPI document, filling with
// full candidate lists generated most of the document for every witness.
func (g *generator) first(n node, depth int) (any, bool) {
	if n.never || n.overflow || depth > maxGenDepth || n.env.budget < 0 {
		return nil, false
	}
	k := n.key()
	if f, ok := g.firstMemo[k]; ok {
		return f.v, f.ok
	}
	g.firstMemo[k] = firstValue{} // a recursive reference to n generates nothing
	v, ok := g.computeFirst(n, depth)
	g.firstMemo[k] = firstValue{v, ok}
	return v, ok
}

func (g *generator) computeFirst(n node, depth int) (any, bool) {
	if vals, ok := n.finite(); ok {
		if len(vals) > 0 {
			return vals[0], true
		}
		return nil, false
	}
	if len(n.groups) > 0 {
		for _, b := range limit(n.groups[0].branches) {
			if v, ok := g.first(n.expand(0, b), depth+1); ok && n.accepts(v) {
				return v, true
			}
		}
	} else {
		t := n.types()
		for _, b := range buckets {
			if t&b == 0 {
				continue
			}
			switch b {
			case tObject:
				base := map[string]any{}
				if g.fill(n.restrict(tObject), depth, base, n.required(), "", 0) && n.accepts(base) {
					return base, true
				}
			case tArray:
				if a, ok := g.array(n, depth, n.minItems(), -1, nil); ok && n.accepts(a) {
					return a, true
				}
			default:
				for _, v := range g.raw(n, t&b, depth) {
					if n.accepts(v) {
						return v, true
					}
				}
			}
		}
	}
	if vs := g.values(n, depth); len(vs) > 0 {
		return vs[0], true
	}
	return nil, false
}

// values returns up to maxCandidates values the node accepts (none when it
// found none: an unsatisfiable node, or constraints the generator cannot meet).
func (g *generator) values(n node, depth int) []any {
	if n.never || n.overflow || depth > maxGenDepth || n.env.budget < 0 {
		return nil
	}
	k := n.key()
	if v, ok := g.memo[k]; ok {
		return v
	}
	g.memo[k] = nil // a recursive reference to n generates nothing
	out := g.compute(n, depth)
	g.memo[k] = out
	return out
}

func (g *generator) compute(n node, depth int) []any {
	if vals, ok := n.finite(); ok {
		return vals[:min(len(vals), maxCandidates)]
	}
	var raw []any
	if len(n.groups) > 0 {
		for _, b := range limit(n.groups[0].branches) {
			raw = append(raw, g.values(n.expand(0, b), depth+1)...)
		}
	} else {
		t := n.types()
		for _, b := range buckets {
			if t&b != 0 {
				raw = append(raw, g.raw(n, t&b, depth)...)
			}
		}
	}
	return accepted(n, raw)
}

func limit[T any](s []T) []T { return s[:min(len(s), maxBranches)] }

// accepted keeps the distinct values of raw that n accepts, at most maxCandidates.
func accepted(n node, raw []any) []any {
	var out []any
	for _, v := range raw {
		if len(out) == maxCandidates {
			break
		}
		if !containsValue(out, v) && n.accepts(v) {
			out = append(out, v)
		}
	}
	return out
}

func containsValue(vs []any, v any) bool {
	for _, x := range vs {
		if reflect.DeepEqual(x, v) {
			return true
		}
	}
	return false
}

func (g *generator) raw(n node, t typeSet, depth int) []any {
	switch {
	case t == tNull:
		return []any{nil}
	case t == tBool:
		return []any{true, false}
	case t&tNumber != 0:
		return numberCandidates(n, t)
	case t == tString:
		return stringCandidates(n, g.formats)
	case t == tObject:
		return g.objects(n, depth, nil, "")
	case t == tArray:
		return g.arrays(n, depth)
	}
	return nil
}

// numberCandidates are numbers around the node's bounds and multiples and
// around the extra points given (the other side's bounds, for witnesses).
func numberCandidates(n node, t typeSet, extra ...*big.Rat) []any {
	one, half := big.NewRat(1, 1), big.NewRat(1, 2)
	points := []*big.Rat{new(big.Rat), one, big.NewRat(-1, 1)}
	for _, b := range []bound{n.lower(), n.upper()} {
		if b.v != nil {
			points = append(points, b.v)
		}
	}
	for _, m := range n.multiples() {
		points = append(points, m, new(big.Rat).Add(m, m))
	}
	// Bounds inside not / if / then / else carve holes in the range: values
	// just past them are the ones that fall outside a hole.
	for _, s := range n.all {
		for _, sub := range []*jsonschema.Schema{s.Not, s.If, s.Then, s.Else} {
			if sub == nil {
				continue
			}
			for _, b := range []*big.Rat{sub.Minimum, sub.Maximum, sub.ExclusiveMinimum, sub.ExclusiveMaximum} {
				if b != nil {
					points = append(points, b)
				}
			}
		}
	}
	points = append(points, extra...)
	var out []any
	seen := map[string]bool{}
	add := func(r *big.Rat) {
		if t&tFrac == 0 && !r.IsInt() {
			return
		}
		s := ratString(r)
		if !seen[s] {
			seen[s] = true
			out = append(out, json.Number(s))
		}
	}
	for _, p := range points {
		for _, d := range []*big.Rat{new(big.Rat), one, half} {
			add(new(big.Rat).Add(p, d))
			add(new(big.Rat).Sub(p, d))
		}
		for _, m := range n.multiples() {
			q := new(big.Rat).Quo(p, m)
			k := new(big.Int).Quo(q.Num(), q.Denom())
			base := new(big.Rat).Mul(new(big.Rat).SetInt(k), m)
			add(base)
			add(new(big.Rat).Add(base, m))
		}
	}
	return out
}

// ratString renders r as a JSON number: exact for integers and terminating decimals.
func ratString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := strings.TrimRight(r.FloatString(20), "0")
	return strings.TrimSuffix(s, ".")
}

var formatSamples = map[string]string{
	"date-time": "2024-01-02T03:04:05Z", "date": "2024-01-02", "time": "03:04:05Z", "duration": "P1D",
	"email": "user@example.com", "idn-email": "user@example.com", "hostname": "example.com",
	"idn-hostname": "example.com", "ipv4": "192.0.2.1", "ipv6": "2001:db8::1", "uri": "https://example.com/a",
	"uri-reference": "/a", "iri": "https://example.com/a", "iri-reference": "/a", "uri-template": "/a/{b}",
	"uuid": "123e4567-e89b-12d3-a456-426614174000", "json-pointer": "/a", "relative-json-pointer": "0/a",
	"regex": "^a+$", "period": "2024-01-01T00:00:00Z/P1D", "semver": "1.2.3",
}

// maxPlainRunes bounds the plain strings probing a length bound: a
// maxLength of 5,000 set where there was none is witnessed by 5,001 runes.
const maxPlainRunes = 1 << 16

// stringCandidates are strings generated from the node's patterns and
// formats, of lengths around its bounds, plus plain probes.
func stringCandidates(n node, formats *formatTable, extraLengths ...int) []any {
	minL, maxL := n.minLength(), n.maxLength()
	lengths := append([]int{0, 1, 2, 3, minL}, extraLengths...)
	if maxL != nil {
		lengths = append(lengths, *maxL, *maxL+1)
	}
	var out []any
	add := func(s string) {
		if !containsValue(out, s) {
			out = append(out, s)
		}
	}
	for _, p := range n.patterns() {
		for _, reps := range lengths {
			if s, ok := sampleFromPattern(p, min(max(reps, 0), maxGeneratedRunes)); ok {
				add(s)
			}
		}
	}
	for _, f := range n.formats(formats) {
		if s, ok := formatSamples[f]; ok {
			add(s)
		}
	}
	for _, l := range lengths {
		if l >= 0 && l <= maxPlainRunes {
			add(strings.Repeat("a", l))
		}
	}
	for _, s := range []string{"A", "0", " ", "-", "a b", "é", "not a valid value!"} {
		add(s)
	}
	return out
}

// objects builds objects the node accepts: required properties (and the
// dependencies of present ones) filled with generated values, with fixed
// entries set and omit left out; then variants with more properties.
func (g *generator) objects(n node, depth int, fixed map[string]any, omit string) []any {
	base := map[string]any{}
	for k, v := range fixed {
		base[k] = v
	}
	if !g.fill(n, depth, base, n.required(), omit, 0) {
		return nil
	}
	out := []any{base}
	declared := n.propertyNames()
	if len(base) < n.minProperties() {
		bigger := cloneObject(base)
		g.fill(n, depth, bigger, declared, omit, n.minProperties())
		for _, k := range fillerKeys(n) {
			if len(bigger) >= n.minProperties() {
				break
			}
			g.fill(n, depth, bigger, []string{k}, omit, 0)
		}
		out = append(out, bigger)
	}
	full := cloneObject(base)
	g.fill(n, depth, full, declared, omit, 0)
	alt := cloneObject(base)
	g.fillAlt(n, depth, alt, fixed, omit)
	out = append(out, full, alt)
	// An object whose fixed entries make an "if" hold must also satisfy its
	// "then" (e.g. a discriminator value that requires more properties).
	for _, s := range n.all {
		for _, branch := range []*jsonschema.Schema{s.Then, s.Else} {
			if branch == nil {
				continue
			}
			m := n.with(branch)
			cond := cloneObject(base)
			g.fill(m, depth, cond, m.required(), omit, 0)
			out = append(out, cond)
		}
	}
	return out
}

// fill sets each missing name in names (stopping at upTo properties when
// upTo > 0) to a generated value, plus its dependentRequired closure. It
// reports false when a required value could not be generated.
func (g *generator) fill(n node, depth int, obj map[string]any, names []string, omit string, upTo int) bool {
	deps := n.dependentRequired()
	ok := true
	queue := append([]string(nil), names...)
	for i := 0; i < len(queue) && i < 1000; i++ {
		p := queue[i]
		if upTo > 0 && len(obj) >= upTo {
			break
		}
		if _, has := obj[p]; has || p == omit || g.omits(n, p) {
			continue
		}
		v, found := g.first(n.prop(p), depth+1)
		if !found {
			ok = false
			continue
		}
		obj[p] = v
		queue = append(queue, deps[p]...)
	}
	for k := range obj {
		for _, q := range deps[k] {
			if _, has := obj[q]; !has && q != omit {
				if v, found := g.first(n.prop(q), depth+1); found {
					obj[q] = v
				}
			}
		}
	}
	return ok
}

// fillAlt replaces every generated scalar by the next candidate, for a
// second object that may satisfy conditions the first one does not.
func (g *generator) fillAlt(n node, depth int, obj map[string]any, fixed map[string]any, omit string) {
	for k := range obj {
		if _, keep := fixed[k]; keep || k == omit {
			continue
		}
		p := n.prop(k)
		if p.types()&(tObject|tArray) != 0 {
			continue // containers keep their first value: generating more is costly
		}
		if vs := g.values(p, depth+1); len(vs) > 1 {
			obj[k] = vs[1]
		}
	}
}

// fillerKeys are property names for padding an object: samples of its
// patternProperties first, then plain names (fillerKeysN for more).
func fillerKeys(n node) []string { return fillerKeysN(n, 8) }

// fillerKeysN is fillerKeys with count plain names.
func fillerKeysN(n node, count int) []string {
	var keys []string
	for _, p := range n.patternKeys() {
		for reps := 1; reps <= 3; reps++ {
			if s, ok := sampleFromPattern(p, reps); ok && s != "" {
				keys = append(keys, s)
			}
		}
	}
	for i := 1; i <= count; i++ {
		keys = append(keys, fmt.Sprintf("extra%d", i))
	}
	return keys
}

func cloneObject(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// arrays builds arrays of the minimum length and one longer.
func (g *generator) arrays(n node, depth int) []any {
	minI := n.minItems()
	var out []any
	for _, l := range []int{minI, minI + 1, max(minI, 2)} {
		if mx := n.maxItems(); mx != nil && l > *mx {
			continue
		}
		if a, ok := g.array(n, depth, l, -1, nil); ok {
			out = append(out, a)
		}
	}
	// An array that "contains" must hold a value its contains accepts:
	// arrays of the item schemas' first values seldom do (pyproject.json's
	// {"dynamic": {"contains": {"const": "authors"}}}).
	for _, cs := range containsOf(n) {
		for _, v := range limit(g.values(n.env.node(cs), depth+1)) {
			if a, ok := g.array(n, depth, max(minI, 1), 0, v); ok {
				out = append(out, a)
			}
		}
	}
	return out
}

// array builds an array of length l whose element at index at is v (at < 0: none fixed).
func (g *generator) array(n node, depth, l, at int, v any) ([]any, bool) {
	if l > 1000 {
		return nil, false
	}
	arr := make([]any, l)
	unique := n.unique()
	var more map[string][]any // per item schema, when unique items outnumber its values
	for i := range arr {
		if i == at {
			arr[i] = v
			continue
		}
		item := n.item(i)
		if item.types()&(tObject|tArray) != 0 && !unique {
			v, ok := g.first(item, depth+1)
			if !ok {
				return nil, false
			}
			arr[i] = v
			continue
		}
		vs := g.values(item, depth+1)
		if unique && i >= len(vs) && len(vs) > 0 {
			if more == nil {
				more = map[string][]any{}
			}
			k := item.key()
			if _, ok := more[k]; !ok {
				more[k] = distinctValues(item, vs, l)
			}
			vs = more[k]
		}
		if len(vs) == 0 {
			return nil, false
		}
		arr[i] = vs[i%len(vs)]
	}
	return arr, true
}

// distinctValues extends vs, values n accepts, to up to count distinct
// ones, for arrays whose items must be unique (a maxItems lowered from
// 1521 to 350 over unique snowflake IDs needs 351 of them): counting
// numbers, numerals, and the same as text after a letter, then samples
// of n's patterns at growing lengths, each kept only if n accepts it. It
// gives up after a bounded number of tries.
func distinctValues(n node, vs []any, count int) []any {
	out := slices.Clone(vs)
	seen := map[string]bool{}
	for _, v := range vs {
		seen[fmt.Sprintf("%T %v", v, v)] = true
	}
	add := func(v any) {
		if k := fmt.Sprintf("%T %v", v, v); !seen[k] && len(out) < count && n.accepts(v) {
			seen[k] = true
			out = append(out, v)
		}
	}
	for k := 0; k < 4*count && len(out) < count; k++ {
		add(json.Number(strconv.Itoa(k)))
		add(json.Number(strconv.Itoa(-k)))
		add(strconv.Itoa(k))
		add("a" + strconv.Itoa(k))
	}
	for _, p := range n.patterns() {
		for reps := 0; reps <= maxGeneratedRunes && len(out) < count; reps++ {
			if s, ok := sampleFromPattern(p, reps); ok {
				add(s)
			}
		}
	}
	return out
}

// objectWith and arrayWith build the container of a witness value: the
// first candidate the node accepts, else the first built. The cheapest
// container (the required properties around the value) is tried first.
func (g *generator) objectWith(n node, key string, v any) any {
	base := map[string]any{key: v}
	if g.fill(n, 0, base, n.required(), "", 0) && n.accepts(base) {
		return base
	}
	cands := g.objects(n, 0, map[string]any{key: v}, "")
	return pick(n, cands, map[string]any{key: v})
}

func (g *generator) arrayWith(n node, index int, v any) any {
	var cands []any
	for _, l := range []int{index + 1, max(index+1, n.minItems())} {
		if a, ok := g.array(n, 0, l, index, v); ok {
			cands = append(cands, a)
		}
	}
	return pick(n, cands, []any{v})
}

func pick(n node, cands []any, fallback any) any {
	for _, c := range cands {
		if n.accepts(c) {
			return c
		}
	}
	if len(cands) > 0 {
		return cands[0]
	}
	return fallback
}
