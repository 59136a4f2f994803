package openapi

import (
	"slices"
	"strconv"
	"strings"

	"github.com/schemacheck/schemacheck/internal/doctree"
)

const componentPrefix = "#/components/schemas/"

// schema compares two schemas on one side of the wire. Referenced schemas
// are compared once per (old ref, new ref, side); later arrivals only add
// the current operation to the findings already made, which also ends cycles.
func (w *walker) schema(o, n *Node, s side, where string, ign []*Node) {
	if o == nil || n == nil {
		return
	}
	o, oref := w.old.deref(o)
	n, nref := w.new.deref(n)
	if oref != "" || nref != "" {
		k := visitKey{nodeKey(oref, o), nodeKey(nref, n), s, w.text}
		if v := w.visits[k]; v != nil {
			for key := range v.keys {
				if w.op != "" {
					w.found[key].ops[w.op] = true
				}
				for _, outer := range w.stack {
					outer.keys[key] = true
				}
			}
			return
		}
		v := &visit{keys: map[string]bool{}}
		w.visits[k] = v
		w.stack = append(w.stack, v)
		defer func() { w.stack = w.stack[:len(w.stack)-1] }()
		// Name the component only when the new side is one: an inline schema
		// that replaced a $ref is reported where it now stands.
		if name, ok := strings.CutPrefix(nref, componentPrefix); ok {
			where = "schema " + name
			ign = nil // a shared component is not silenced by one operation's ignore
		}
	}
	ign = append(ign[:len(ign):len(ign)], n)
	if w.wrapped(o, n, oref, nref, s, where, ign) {
		return
	}
	w.schemaBody(o, n, s, where, ign)
}

// wrapped handles a schema that became a oneOf/anyOf with itself as a
// branch, or the reverse (Stripe wraps objects as anyOf [object,
// deleted_object]): the change is the union, reported once, and the
// object is compared with its own branch, so its properties are not all
// reported removed.
func (w *walker) wrapped(o, n *Node, oref, nref string, s side, where string, ign []*Node) bool {
	for _, kw := range []string{"oneOf", "anyOf"} {
		switch ol, nl := get(o, kw), get(n, kw); {
		case ol == nil && nl != nil && oref != "" && get(n, "properties") == nil:
			for _, b := range nl.Items {
				if str(b, "$ref") == oref {
					w.emit(ruleBranchChanged, s, s == response, nl, false, ign, "%s: schema became %s with %d branches", where, kw, len(nl.Items))
					w.schema(o, b, s, where, ign)
					return true
				}
			}
		case ol != nil && nl == nil && nref != "" && get(o, "properties") == nil:
			for _, b := range ol.Items {
				if str(b, "$ref") == nref {
					w.emit(ruleBranchChanged, s, s == request, ol, true, ign, "%s: %s with %d branches became a plain schema", where, kw, len(ol.Items))
					w.schema(b, n, s, where, ign)
					return true
				}
			}
		}
	}
	return false
}

func (w *walker) schemaBody(o, n *Node, s side, where string, ign []*Node) {
	if ot, nt := typeOf(o), typeOf(n); ot != "" && nt != "" && ot != nt {
		w.emit(ruleTypeChanged, s, !widened(ot, nt, s) && !(w.text && s == request && nt == "string"), n, false, ign, "%s: type changed from %s to %s", where, ot, nt)
	}
	if of, nf := str(o, "format"), str(n, "format"); of != "" && nf != "" && of != nf {
		w.emit(ruleTypeChanged, s, true, n, false, ign, "%s: format changed from %s to %s", where, of, nf)
	}
	if on, nn := nullable(o), nullable(n); on != nn {
		// Becoming nullable breaks readers of responses; ceasing breaks writers of requests.
		w.emit(ruleNullableChanged, s, nn == (s == response), n, false, ign, "%s: nullable changed from %t to %t", where, on, nn)
	}
	if od, nd := get(o, "default"), get(n, "default"); !sameValue(od, nd) {
		at := nd
		if at == nil {
			at = n
		}
		w.emit(ruleDefaultChanged, s, true, at, false, ign, "%s: default changed from %s to %s", where, valueString(od), valueString(nd))
	}
	if s == request && str(n, "readOnly") == "true" && str(o, "readOnly") != "true" {
		w.emit(ruleAccessChanged, s, true, n, false, ign, "%s: became readOnly", where)
	}
	if s == response && str(n, "writeOnly") == "true" && str(o, "writeOnly") != "true" {
		w.emit(ruleAccessChanged, s, true, n, false, ign, "%s: became writeOnly", where)
	}
	w.discriminator(get(o, "discriminator"), get(n, "discriminator"), n, s, where, ign)
	w.schemaExtensions(o, n, s, where, ign)
	w.enum(o, n, s, where, ign)
	w.bounds(o, n, s, where, ign)
	w.properties(o, n, s, where, ign)
	w.branches(o, n, s, where, ign)
	if oi, ni := get(o, "items"), get(n, "items"); oi != nil && ni != nil {
		w.schema(oi, ni, s, where+"[]", ign)
	}
	oa, na := get(o, "additionalProperties"), get(n, "additionalProperties")
	if na != nil && na.Value == "false" && (oa == nil || oa.Value != "false") {
		w.emit(ruleAdditionalProps, s, true, na, false, ign, "%s: additionalProperties became false", where)
	}
	if oa != nil && na != nil && oa.Kind == doctree.Mapping && na.Kind == doctree.Mapping {
		w.schema(oa, na, s, where+"{}", ign)
	}
}

// nodeKey identifies a schema for the visited set: its $ref, or for an
// inline schema its position, so two different inline schemas never merge.
func nodeKey(ref string, n *Node) string {
	if ref != "" {
		return ref
	}
	return "@" + strconv.Itoa(int(n.Line)) + ":" + strconv.Itoa(int(n.Column))
}

// typeOf returns the type without "null" (3.1 lists), sorted and joined.
func typeOf(n *Node) string {
	t := get(n, "type")
	if t == nil {
		return ""
	}
	if t.Kind == doctree.Scalar {
		return t.Value
	}
	var ts []string
	for _, v := range t.Items {
		if v.Value != "null" {
			ts = append(ts, v.Value)
		}
	}
	slices.Sort(ts)
	return strings.Join(ts, ",")
}

// widened reports whether from→to accepts more values and that is harmless
// on side s (integer→number for requests, number→integer for responses).
func widened(from, to string, s side) bool {
	if s == request {
		return from == "integer" && to == "number"
	}
	return from == "number" && to == "integer"
}

func nullable(n *Node) bool {
	if str(n, "nullable") == "true" {
		return true
	}
	if t := get(n, "type"); t != nil && t.Kind == doctree.Sequence {
		for _, v := range t.Items {
			if v.Value == "null" {
				return true
			}
		}
	}
	return false
}

// allowedValues is a schema's value set: its enum, or its const (3.1) as a
// one-value enum, so const added, changed or removed is judged like enum.
func allowedValues(n *Node) *Node {
	if e := get(n, "enum"); e != nil {
		return e
	}
	if c := get(n, "const"); c != nil && c.Kind == doctree.Scalar {
		return &Node{Kind: doctree.Sequence, Items: []*Node{c}, Line: c.Line, Column: c.Column}
	}
	return nil
}

func (w *walker) enum(o, n *Node, s side, where string, ign []*Node) {
	oe, ne := allowedValues(o), allowedValues(n)
	if oe == nil && ne != nil {
		// A value set is a new constraint: writers may send values outside it.
		w.emit(ruleBoundsChanged, s, s == request, ne, false, ign, "%s: now restricted to enum values", where)
	}
	if oe != nil && ne == nil {
		w.emit(ruleBoundsChanged, s, s == response, n, false, ign, "%s: no longer restricted to enum values", where)
	}
	if oe == nil || ne == nil {
		return
	}
	ov, nv := scalars(oe), scalars(ne)
	for _, v := range oe.Items {
		if !nv[v.Value] {
			w.emit(ruleEnumRemoved, s, s == request, n, false, ign, "%s: enum value %q removed", where, v.Value)
		}
	}
	for _, v := range ne.Items {
		if !ov[v.Value] {
			breaks := s == response && !w.opts.UnknownEnumValues
			w.emit(ruleEnumAdded, s, breaks, v, false, ign, "%s: enum value %q added", where, v.Value)
		}
	}
}

func scalars(l *Node) map[string]bool {
	m := make(map[string]bool, len(l.Items))
	for _, v := range l.Items {
		m[v.Value] = true
	}
	return m
}

// bounds compares numeric constraints. upper says a larger value accepts more.
var boundKeys = []struct {
	key   string
	upper bool
}{
	{"maxLength", true}, {"maxItems", true}, {"maximum", true}, {"maxProperties", true},
	{"minLength", false}, {"minItems", false}, {"minimum", false}, {"minProperties", false},
	// OpenAPI 3.1 numeric forms; 3.0's booleans do not parse and are skipped.
	{"exclusiveMaximum", true}, {"exclusiveMinimum", false},
	{"maxContains", true}, {"minContains", false},
}

func (w *walker) bounds(o, n *Node, s side, where string, ign []*Node) {
	// A new enum bounds the values itself (its change is reported by enum):
	// dropping a string's length or pattern alongside widens nothing.
	enumNow := allowedValues(n) != nil && allowedValues(o) == nil
	for _, b := range boundKeys {
		if enumNow && strings.HasSuffix(b.key, "Length") {
			continue
		}
		os, ns := str(o, b.key), str(n, b.key)
		if os == ns || ns == "" && os == "" {
			continue
		}
		var narrowed bool
		switch {
		case os == "":
			narrowed = true // a new bound
		case ns == "":
			narrowed = false // a bound dropped
		default:
			of, err1 := strconv.ParseFloat(os, 64)
			nf, err2 := strconv.ParseFloat(ns, 64)
			if err1 != nil || err2 != nil || of == nf {
				continue
			}
			narrowed = (nf < of) == b.upper
		}
		// Narrowing breaks request writers; widening breaks response readers.
		at := get(n, b.key)
		if at == nil {
			at = n
		}
		w.emit(ruleBoundsChanged, s, narrowed == (s == request), at, false, ign, "%s: %s changed from %s to %s", where, b.key, orNone(os), orNone(ns))
	}
	// multipleOf and uniqueItems only narrow when set or changed.
	if om, nm := str(o, "multipleOf"), str(n, "multipleOf"); om != nm {
		w.emit(ruleBoundsChanged, s, nm != "" || s == response, n, false, ign, "%s: multipleOf changed from %s to %s", where, orNone(om), orNone(nm))
	}
	if ou, nu := str(o, "uniqueItems") == "true", str(n, "uniqueItems") == "true"; ou != nu {
		w.emit(ruleBoundsChanged, s, nu == (s == request), n, false, ign, "%s: uniqueItems changed from %t to %t", where, ou, nu)
	}
	if op, np := str(o, "pattern"), str(n, "pattern"); op != np && !enumNow {
		// A pattern added narrows (breaks writers), one removed widens
		// (breaks readers); whether one pattern accepts all the other
		// accepted is not decided here, so a changed one is a warning.
		if op != "" && np != "" {
			w.warn(ruleBoundsChanged, s, n, false, ign, "%s: pattern changed from %s to %s", where, op, np)
		} else {
			w.emit(ruleBoundsChanged, s, (np != "") == (s == request), n, false, ign, "%s: pattern changed from %s to %s", where, orNone(op), orNone(np))
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func (w *walker) properties(o, n *Node, s side, where string, ign []*Node) {
	op, np := get(o, "properties"), get(n, "properties")
	oreq, nreq := scalarsOf(get(o, "required")), scalarsOf(get(n, "required"))
	pairs(op, func(name string, ov *Node) {
		nv := get(np, name)
		if nv == nil {
			if np != nil || s == response {
				w.removed(rulePropertyRemoved, &ruleDeprecationPolicy, s, ov, append(ign, ov), "%s: property %s removed", where, name)
			}
			return
		}
		pign := append(ign[:len(ign):len(ign)], nv)
		if oreq[name] && !nreq[name] {
			w.emit(ruleRequiredChanged, s, s == response, nv, false, pign, "%s: property %s is no longer required", where, name)
		}
		w.schema(ov, nv, s, where+"."+name, pign)
	})
	pairs(np, func(name string, nv *Node) {
		if op != nil && get(op, name) == nil {
			// A strict reader fails on a property it does not know.
			w.emit(rulePropertyAdded, s, w.opts.RejectUnknownProperties, nv, false, append(ign, nv), "%s: property %s added", where, name)
		}
		if nreq[name] && !oreq[name] {
			w.emit(ruleRequiredChanged, s, s == request, nv, false, append(ign, nv), "%s: property %s is now required", where, name)
		}
	})
}

func scalarsOf(l *Node) map[string]bool {
	if l == nil {
		return nil
	}
	return scalars(l)
}

// branches compares oneOf/anyOf/allOf by $ref target (inline branches by
// position). A oneOf/anyOf branch added widens what readers meet; an allOf
// branch added narrows what writers may send.
func (w *walker) branches(o, n *Node, s side, where string, ign []*Node) {
	for _, kw := range []string{"oneOf", "anyOf", "allOf"} {
		ol, nl := get(o, kw), get(n, kw)
		// addedBreaks is the side on which an added branch breaks.
		addedBreaks := response
		if kw == "allOf" {
			addedBreaks = request
		}
		switch {
		case ol == nil && nl != nil && kw != "allOf":
			// A plain schema became a union: readers meet shapes they do not know.
			w.emit(ruleBranchChanged, s, s == response, nl, false, ign, "%s: schema became %s with %d branches", where, kw, len(nl.Items))
			continue
		case ol != nil && nl == nil && kw != "allOf":
			w.emit(ruleBranchChanged, s, s == request, ol, true, ign, "%s: %s with %d branches became a plain schema", where, kw, len(ol.Items))
			continue
		case ol == nil || nl == nil:
			continue
		}
		if len(ol.Items) == 1 && len(nl.Items) == 1 {
			// A one-branch union is a wrapper (Stripe writes nullable $refs
			// so): a renamed target is compared, not reported as replaced.
			w.schema(ol.Items[0], nl.Items[0], s, where, ign)
			continue
		}
		oKeys, nKeys := branchKeys(ol), branchKeys(nl)
		for i, k := range oKeys {
			j := slices.Index(nKeys, k)
			if j < 0 {
				w.emit(ruleBranchChanged, s, s != addedBreaks, ol.Items[i], true, ign, "%s: %s branch %s removed", where, kw, k)
				continue
			}
			w.schema(ol.Items[i], nl.Items[j], s, where, ign)
		}
		for j, k := range nKeys {
			if !slices.Contains(oKeys, k) {
				w.emit(ruleBranchChanged, s, s == addedBreaks, nl.Items[j], false, ign, "%s: %s branch %s added", where, kw, k)
			}
		}
	}
}

func branchKeys(l *Node) []string {
	keys := make([]string, len(l.Items))
	for i, b := range l.Items {
		if r := str(b, "$ref"); r != "" {
			keys[i] = strings.TrimPrefix(r, componentPrefix)
		} else {
			keys[i] = "#" + strconv.Itoa(i)
		}
	}
	return keys
}

// discriminator compares how readers pick a oneOf/anyOf variant.
func (w *walker) discriminator(od, nd, n *Node, s side, where string, ign []*Node) {
	if od == nil && nd == nil {
		return
	}
	if op, np := str(od, "propertyName"), str(nd, "propertyName"); op != np {
		at := nd
		if at == nil {
			at = n
		}
		w.emit(ruleDiscriminatorChanged, s, true, at, false, ign, "%s: discriminator property changed from %s to %s", where, orNone(op), orNone(np))
		return
	}
	nm := get(nd, "mapping")
	pairs(get(od, "mapping"), func(value string, target *Node) {
		switch nt := get(nm, value); {
		case nt == nil:
			w.emit(ruleDiscriminatorChanged, s, true, nd, false, ign, "%s: discriminator value %q removed from the mapping", where, value)
		case nt.Value != target.Value:
			w.emit(ruleDiscriminatorChanged, s, true, nt, false, ign, "%s: discriminator value %q now maps to %s instead of %s", where, value, nt.Value, target.Value)
		}
	})
}

// sameValue compares two YAML values (defaults) by content, not layout, so
// the same document in YAML and JSON compares equal.
func sameValue(a, b *Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Kind != b.Kind || len(a.Items) != len(b.Items) {
		return false
	}
	if a.Kind == doctree.Scalar {
		return a.Value == b.Value
	}
	for i := range a.Items {
		if a.Items[i].Key != b.Items[i].Key || !sameValue(a.Items[i], b.Items[i]) {
			return false
		}
	}
	return true
}

// valueString shows a default value in a message.
func valueString(n *Node) string {
	switch {
	case n == nil:
		return "none"
	case n.Kind == doctree.Scalar:
		return strconv.Quote(n.Value)
	default:
		return "a " + map[doctree.Kind]string{doctree.Sequence: "list", doctree.Mapping: "mapping"}[n.Kind]
	}
}
