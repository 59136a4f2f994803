package openapi

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/schemacheck/schemacheck/internal/doctree"
)

// A parameter's style and explode decide how its value is written in the
// URL, a header or a cookie (OpenAPI's style values table). Clients keep
// writing a parameter the way the old version said; when the new version
// reads it another way, an array sent as ids=a&ids=b is read as the last
// value, or ids=a,b as one string. Neither oasdiff nor a schema comparison
// sees it: the schema did not change.

// serialization is how a parameter's values are written.
type serialization struct {
	style   string
	explode bool
}

// serializationOf is p's serialization, with the defaults OpenAPI gives
// by location: form (exploded) in a query, a cookie or a form-encoded
// body (p is then the property's Encoding Object, or nil), simple in a
// path or a header.
func serializationOf(p *Node) serialization {
	style := str(p, "style")
	if style == "" {
		style = "form"
		if in := str(p, "in"); in == "path" || in == "header" {
			style = "simple"
		}
	}
	explode := style == "form"
	if e := str(p, "explode"); e != "" {
		explode = e == "true"
	}
	return serialization{style, explode}
}

func (s serialization) String() string {
	if s.explode {
		return s.style + ", exploded"
	}
	return s.style + ", not exploded"
}

// written is how s writes a sample value of a kind of value (primitive,
// array or object) for the parameter named name, as OpenAPI's style
// table shows it, or "" where the style does not apply to that kind.
func (s serialization) written(name, kind string) string {
	values := map[string][]string{"primitive": {"blue"}, "array": {"blue", "black"}, "object": {"R", "100", "G", "200"}}[kind]
	pairs := func(sep, kv string) string { // an object's members, exploded: R=100, G=200
		return values[0] + kv + values[1] + sep + values[2] + kv + values[3]
	}
	list := func(sep string) string { return strings.Join(values, sep) }
	switch s.style {
	case "simple":
		if kind == "object" && s.explode {
			return pairs(",", "=")
		}
		return list(",")
	case "label":
		switch {
		case kind == "object" && s.explode:
			return "." + pairs(".", "=")
		case s.explode:
			return "." + list(".")
		}
		return "." + list(",") // as RFC 6570 and OpenAPI 3.1.1's table write it; 3.0's table had dots
	case "matrix":
		switch {
		case kind == "primitive" || !s.explode:
			return ";" + name + "=" + list(",")
		case kind == "array":
			return ";" + name + "=" + strings.Join(values, ";"+name+"=")
		}
		return ";" + pairs(";", "=")
	case "form":
		switch {
		case kind == "primitive" || !s.explode:
			return name + "=" + list(",")
		case kind == "array":
			return name + "=" + strings.Join(values, "&"+name+"=")
		}
		return pairs("&", "=")
	case "spaceDelimited", "pipeDelimited":
		if kind == "primitive" || s.explode {
			return ""
		}
		sep := "%20"
		if s.style == "pipeDelimited" {
			sep = "|"
		}
		return name + "=" + list(sep)
	case "deepObject":
		if kind != "object" {
			return ""
		}
		return fmt.Sprintf("%s[%s]=%s&%s[%s]=%s", name, values[0], values[1], name, values[2], values[3])
	}
	return ""
}

// valueKinds are the kinds of value schema n of spec admits: its types;
// without one, the kinds its anyOf or oneOf branches admit, or the
// kinds of its enum's values; else all of them.
func valueKinds(spec *Spec, n *Node) []string {
	return kindsOf(spec, n, 0)
}

func kindsOf(spec *Spec, n *Node, depth int) []string {
	all := []string{"primitive", "array", "object"}
	n = spec.derefNode(n)
	if n == nil || depth > 8 {
		return all
	}
	kinds := map[string]bool{}
	if t := typeOf(n); t != "" {
		for _, ty := range strings.Split(t, ",") {
			kinds[kindOfType(ty)] = true
		}
	} else if e := get(n, "enum"); e != nil && e.Kind == doctree.Sequence {
		for _, v := range e.Items() {
			kinds[kindOfValue(v)] = true
		}
	} else {
		branches := 0
		for _, k := range []string{"anyOf", "oneOf"} {
			l := get(n, k)
			if l == nil || l.Kind != doctree.Sequence {
				continue
			}
			for _, b := range l.Items() {
				branches++
				for _, kind := range kindsOf(spec, b, depth+1) {
					kinds[kind] = true
				}
			}
		}
		if branches == 0 {
			return all
		}
	}
	var out []string
	for _, k := range all {
		if kinds[k] {
			out = append(out, k)
		}
	}
	return out
}

func kindOfType(t string) string {
	if t == "array" || t == "object" {
		return t
	}
	return "primitive"
}

func kindOfValue(v *Node) string {
	switch v.Kind {
	case doctree.Scalar:
		return "primitive"
	case doctree.Sequence:
		return "array"
	case doctree.Mapping:
		return "object"
	}
	return ""
}

// serializationChanged reports a parameter that both versions declare
// whose values of some kind the old version's schema admits are written
// differently by the new version's style: clients write them the old way.
// A parameter described by content (a media type) is left out. The
// finding is at the new version's style or explode, else at its node,
// else at fallback.
func (w *walker) serializationChanged(op, np param, os *Node, s side, what string, fallback *Node, ign []*Node) {
	oc, nc := get(op.node, "content"), get(np.node, "content")
	if oc != nil || nc != nil {
		if (oc == nil) != (nc == nil) {
			w.contentSwitched(op, np, os, s, what, ign)
		}
		return
	}
	o, n := serializationOf(op.node), serializationOf(np.node)
	if o == n {
		return
	}
	for _, kind := range valueKinds(w.old, os) {
		ow, nw := o.written(op.name, kind), n.written(np.name, kind)
		if ow == "" || nw == "" || ow == nw {
			continue
		}
		// At the keyword that changed, where the new version writes it.
		changed := "style"
		if o.style == n.style {
			changed = "explode"
		}
		at := cmp.Or(get(np.node, changed), np.node, fallback)
		w.emit(ruleStyleChanged, s, true, at, false, ign, "%s: serialization changed from %s to %s: %s is written %s, and now %s; clients keep writing the old form", what, o, n, kindNoun(kind), ow, nw)
		return
	}
}

func kindNoun(kind string) string {
	switch kind {
	case "primitive":
		return "a single value"
	case "array":
		return "an array"
	}
	return "an object"
}

// encodingChanged is serializationChanged for the properties of a
// form-encoded body (application/x-www-form-urlencoded), whose Encoding
// Objects give each property's style and explode: Stripe writes its
// objects as deepObject (metadata[key]=value), and a property whose
// encoding entry goes away is written in the form style again.
func (w *walker) encodingChanged(om, nm *Node, s side, where string, ign []*Node) {
	oe, ne := get(om, "encoding"), get(nm, "encoding")
	if oe == nil && ne == nil {
		return
	}
	props := get(w.old.derefNode(get(om, "schema")), "properties")
	newProps := get(w.new.derefNode(get(nm, "schema")), "properties")
	fallback := cmp.Or(ne, nm) // where a property has no Encoding Object in the new version
	pairs(props, func(name string, schema *Node) {
		if w.new.get(newProps, name) == nil {
			return // removed, and reported as such: its encoding goes with it
		}
		o, n := w.old.derefNode(get(oe, name)), w.new.derefNode(get(ne, name))
		w.serializationChanged(param{name: name, node: o}, param{name: name, node: n}, w.old.derefNode(schema), s, where+" property "+name, fallback, ign)
	})
}

// contentSwitched reports a parameter described by a style in one version
// and by a JSON media type (content) in the other, where a value the old
// schema admits is written differently: a string is blue in the one and
// "blue" in the other, an array or an object JSON text against the
// style's form. Numbers and booleans are written alike.
func (w *walker) contentSwitched(op, np param, os *Node, s side, what string, ign []*Node) {
	styled, media := op, np
	if get(op.node, "content") != nil {
		styled, media = np, op
	}
	c := get(media.node, "content")
	if len(c.Items()) != 1 {
		return
	}
	mt, ok := parseMediaType(c.Items()[0].Key)
	if !ok || mt.subtype != "json" && mt.suffix != "json" {
		return
	}
	if t := typeOf(w.old.derefNode(os)); t != "" && !strings.Contains(t, "string") && !strings.Contains(t, "array") && !strings.Contains(t, "object") {
		return
	}
	ser := serializationOf(styled.node)
	asJSON := `"blue"`
	switch str(styled.node, "in") {
	case "query", "cookie":
		asJSON = styled.name + "=%22blue%22"
	case "path":
		asJSON = "%22blue%22"
	}
	from, to := ser.String(), c.Items()[0].Key+" content"
	was, now := ser.written(styled.name, "primitive"), asJSON
	if styled == np {
		from, to, was, now = to, from, now, was
	}
	w.emit(ruleStyleChanged, s, true, np.node, false, ign, "%s: serialization changed from %s to %s: a string is written %s, and now %s; clients keep writing the old form", what, from, to, was, now)
}
