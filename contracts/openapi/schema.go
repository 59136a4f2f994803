package openapi

import (
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

const componentPrefix = "#/components/schemas/"

// schema compares two schemas on one side of the wire. Referenced schemas
// are compared once per (old ref, new ref, side); later arrivals only add
// the current operation to the findings already made, which also ends cycles.
func (w *walker) schema(o, n *yaml.Node, s side, where string, ign []*yaml.Node) {
	if o == nil || n == nil {
		return
	}
	o, oref := w.old.deref(o)
	n, nref := w.new.deref(n)
	if oref != "" || nref != "" {
		k := visitKey{nodeKey(oref, o), nodeKey(nref, n), s}
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
	w.schemaBody(o, n, s, where, ign)
}

func (w *walker) schemaBody(o, n *yaml.Node, s side, where string, ign []*yaml.Node) {
	if ot, nt := typeOf(o), typeOf(n); ot != "" && nt != "" && ot != nt {
		w.emit(ruleTypeChanged, s, !widened(ot, nt, s), n, false, ign, "%s: type changed from %s to %s", where, ot, nt)
	}
	if of, nf := str(o, "format"), str(n, "format"); of != "" && nf != "" && of != nf {
		w.emit(ruleTypeChanged, s, true, n, false, ign, "%s: format changed from %s to %s", where, of, nf)
	}
	if on, nn := nullable(o), nullable(n); on != nn {
		// Becoming nullable breaks readers of responses; ceasing breaks writers of requests.
		w.emit(ruleNullableChanged, s, nn == (s == response), n, false, ign, "%s: nullable changed from %t to %t", where, on, nn)
	}
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
	if oa != nil && na != nil && oa.Kind == yaml.MappingNode && na.Kind == yaml.MappingNode {
		w.schema(oa, na, s, where+"{}", ign)
	}
}

// nodeKey identifies a schema for the visited set: its $ref, or for an
// inline schema its position, so two different inline schemas never merge.
func nodeKey(ref string, n *yaml.Node) string {
	if ref != "" {
		return ref
	}
	return "@" + strconv.Itoa(n.Line) + ":" + strconv.Itoa(n.Column)
}

// typeOf returns the type without "null" (3.1 lists), sorted and joined.
func typeOf(n *yaml.Node) string {
	t := get(n, "type")
	if t == nil {
		return ""
	}
	if t.Kind == yaml.ScalarNode {
		return t.Value
	}
	var ts []string
	for _, v := range t.Content {
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

func nullable(n *yaml.Node) bool {
	if str(n, "nullable") == "true" {
		return true
	}
	if t := get(n, "type"); t != nil && t.Kind == yaml.SequenceNode {
		for _, v := range t.Content {
			if v.Value == "null" {
				return true
			}
		}
	}
	return false
}

func (w *walker) enum(o, n *yaml.Node, s side, where string, ign []*yaml.Node) {
	oe, ne := get(o, "enum"), get(n, "enum")
	if oe == nil || ne == nil {
		return
	}
	ov, nv := scalars(oe), scalars(ne)
	for _, v := range oe.Content {
		if !nv[v.Value] {
			w.emit(ruleEnumRemoved, s, s == request, n, false, ign, "%s: enum value %q removed", where, v.Value)
		}
	}
	for _, v := range ne.Content {
		if !ov[v.Value] {
			breaks := s == response && !w.opts.UnknownEnumValues
			w.emit(ruleEnumAdded, s, breaks, v, false, ign, "%s: enum value %q added", where, v.Value)
		}
	}
}

func scalars(l *yaml.Node) map[string]bool {
	m := make(map[string]bool, len(l.Content))
	for _, v := range l.Content {
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
}

func (w *walker) bounds(o, n *yaml.Node, s side, where string, ign []*yaml.Node) {
	for _, b := range boundKeys {
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
	if op, np := str(o, "pattern"), str(n, "pattern"); op != np {
		w.emit(ruleBoundsChanged, s, np != "" || s == response, n, false, ign, "%s: pattern changed from %s to %s", where, orNone(op), orNone(np))
	}
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func (w *walker) properties(o, n *yaml.Node, s side, where string, ign []*yaml.Node) {
	op, np := get(o, "properties"), get(n, "properties")
	oreq, nreq := scalarsOf(get(o, "required")), scalarsOf(get(n, "required"))
	pairs(op, func(name string, ov *yaml.Node) {
		nv := get(np, name)
		if nv == nil {
			if np != nil || s == response {
				w.emit(rulePropertyRemoved, s, true, ov, true, append(ign, ov), "%s: property %s removed", where, name)
			}
			return
		}
		pign := append(ign[:len(ign):len(ign)], nv)
		if oreq[name] && !nreq[name] {
			w.emit(ruleRequiredChanged, s, s == response, nv, false, pign, "%s: property %s is no longer required", where, name)
		}
		w.schema(ov, nv, s, where+"."+name, pign)
	})
	pairs(np, func(name string, nv *yaml.Node) {
		if nreq[name] && !oreq[name] {
			w.emit(ruleRequiredChanged, s, s == request, nv, false, append(ign, nv), "%s: property %s is now required", where, name)
		}
	})
}

func scalarsOf(l *yaml.Node) map[string]bool {
	if l == nil {
		return nil
	}
	return scalars(l)
}

// branches compares oneOf/anyOf by $ref target (inline branches by position).
func (w *walker) branches(o, n *yaml.Node, s side, where string, ign []*yaml.Node) {
	for _, kw := range []string{"oneOf", "anyOf", "allOf"} {
		ol, nl := get(o, kw), get(n, kw)
		switch {
		case ol == nil && nl != nil && kw != "allOf":
			// A plain schema became a union: readers meet shapes they do not know.
			w.emit(ruleBranchChanged, s, s == response, nl, false, ign, "%s: schema became %s with %d branches", where, kw, len(nl.Content))
			continue
		case ol != nil && nl == nil && kw != "allOf":
			w.emit(ruleBranchChanged, s, s == request, ol, true, ign, "%s: %s with %d branches became a plain schema", where, kw, len(ol.Content))
			continue
		case ol == nil || nl == nil:
			continue
		}
		oKeys, nKeys := branchKeys(ol), branchKeys(nl)
		for i, k := range oKeys {
			j := slices.Index(nKeys, k)
			if j < 0 {
				if kw != "allOf" {
					w.emit(ruleBranchChanged, s, s == request, ol.Content[i], true, ign, "%s: %s branch %s removed", where, kw, k)
				}
				continue
			}
			w.schema(ol.Content[i], nl.Content[j], s, where, ign)
		}
		for j, k := range nKeys {
			if !slices.Contains(oKeys, k) && kw != "allOf" {
				w.emit(ruleBranchChanged, s, s == response, nl.Content[j], false, ign, "%s: %s branch %s added", where, kw, k)
			}
		}
	}
}

func branchKeys(l *yaml.Node) []string {
	keys := make([]string, len(l.Content))
	for i, b := range l.Content {
		if r := str(b, "$ref"); r != "" {
			keys[i] = strings.TrimPrefix(r, componentPrefix)
		} else {
			keys[i] = "#" + strconv.Itoa(i)
		}
	}
	return keys
}
