package openapi

import (
	"mime"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/internal/doctree"
)

// content compares the media types of a request body or response. A media
// type the new version no longer lists is matched, as oasdiff matches it,
// with one that is the same up to its parameters or is a generalisation
// or specialisation of it (application/json and application/problem+json);
// only when none is left is it removed.
func (w *walker) content(oc, nc *Node, s side, where string, ign []*Node) {
	defer w.enter(oc, nc)()
	var newNames []string
	pairs(nc, func(media string, _ *Node) { newNames = append(newNames, media) })
	pairs(oc, func(media string, om *Node) {
		nm, nname := get(nc, media), media
		if nm == nil {
			if nname = similarMediaType(media, newNames); nname != "" {
				nm = get(nc, nname)
				w.mediaTypeRenamed(media, nname, s, nm, where, ign)
			}
		}
		if nm == nil {
			w.emit(ruleMediaTypeRemoved, s, true, om, true, ign, "%s: media type %s removed", where, media)
			return
		}
		w.mediaSchema(om, nm, s, where+" "+media, ign)
		if m, ok := parseMediaType(media); ok && m.bare() == "application/x-www-form-urlencoded" {
			w.encodingChanged(om, nm, s, where+" "+media, ign)
		}
	})
}

// mediaSchema compares a media type's schemas: the body's, and the
// schema of each item of a sequential media type (OpenAPI 3.2 itemSchema,
// e.g. application/jsonl). A missing schema (or the schema true) accepts
// anything: adding one narrows what it accepts, removing one widens it.
func (w *walker) mediaSchema(om, nm *Node, s side, where string, ign []*Node) {
	w.mediaSchemaAt("schema", om, nm, s, where, ign)
	w.mediaSchemaAt("itemSchema", om, nm, s, where+" items", ign)
}

func (w *walker) mediaSchemaAt(key string, om, nm *Node, s side, where string, ign []*Node) {
	os, ns := get(om, key), get(nm, key)
	oAny, nAny := anySchema(w.old, os), anySchema(w.new, ns)
	switch {
	case s == response && !noSchema(w.old, os) && noSchema(w.new, ns):
		// No body of this media type is valid any more: the server can no
		// longer send it, as if the media type were removed (a request's
		// body that became false is a break the engine finds, with a
		// witness: every body old clients send).
		w.emit(ruleMediaTypeRemoved, s, true, ns, false, ign, "%s: schema became false: no body of this media type is valid any more, as if the media type were removed", where)
	case oAny && !nAny:
		w.emit(ruleBoundsChanged, s, s == request, ns, false, ign, "%s: schema added (the body was not constrained)", where)
	case !oAny && nAny:
		at := ns
		if at == nil {
			at = nm
		}
		w.emit(ruleBoundsChanged, s, s == response, at, false, ign, "%s: schema removed (the body is no longer constrained)", where)
	case os != nil && ns != nil:
		w.schema(os, ns, s, where, ign)
	}
}

// anySchema reports whether n, a media type's schema, accepts anything: absent or true.
func anySchema(spec *Spec, n *Node) bool {
	if n == nil {
		return true
	}
	n = spec.derefNode(n)
	return n.Kind == doctree.Scalar && n.Value() == "true"
}

// noSchema reports whether n, a media type's schema, accepts nothing: false.
func noSchema(spec *Spec, n *Node) bool {
	if n == nil {
		return false
	}
	n = spec.derefNode(n)
	return n.Kind == doctree.Scalar && n.Value() == "false"
}

// mediaType is a parsed media type name.
type mediaType struct {
	typ, subtype, suffix string
	params               map[string]string
}

func parseMediaType(name string) (mediaType, bool) {
	bare, params, err := mime.ParseMediaType(name)
	if err != nil {
		return mediaType{}, false
	}
	typ, sub, ok := strings.Cut(bare, "/")
	if !ok {
		return mediaType{}, false
	}
	sub, suffix, _ := strings.Cut(sub, "+")
	if cs, ok := params["charset"]; ok {
		params["charset"] = strings.ToLower(cs) // charset names are case-insensitive (RFC 2046): UTF-8 is utf-8
	}
	return mediaType{typ: typ, subtype: sub, suffix: suffix, params: params}, true
}

func (m mediaType) bare() string {
	if m.suffix == "" {
		return m.typ + "/" + m.subtype
	}
	return m.typ + "/" + m.subtype + "+" + m.suffix
}

// contains reports whether specific is general or a refinement of it:
// the same bare name, or general without a suffix and specific with its
// subtype as suffix (application/json contains application/problem+json).
func (general mediaType) contains(specific mediaType) bool {
	if general.typ != specific.typ {
		return false
	}
	if general.suffix == "" && specific.suffix != "" && specific.suffix == general.subtype {
		return true
	}
	return general.subtype == specific.subtype && general.suffix == specific.suffix
}

// similarMediaType returns the first of names that is the same media type
// as name up to parameters, or contains it, or is contained by it.
func similarMediaType(name string, names []string) string {
	m, ok := parseMediaType(name)
	if !ok {
		return ""
	}
	for _, n := range names {
		if o, ok := parseMediaType(n); ok && (m.contains(o) || o.contains(m)) {
			return n
		}
	}
	return ""
}

// mediaTypeRenamed judges a media type replaced by a similar one. Readers
// of a response parse what its media type says: a more general one, or a
// parameter removed or changed, may now bring them content they cannot
// read; a more specific one or a new parameter narrows it. Writers of a
// request keep sending what they sent, which the server still accepts.
func (w *walker) mediaTypeRenamed(from, to string, s side, at *Node, where string, ign []*Node) {
	if s != response {
		return
	}
	o, _ := parseMediaType(from)
	n, _ := parseMediaType(to)
	var removed, changed []string
	for k, v := range o.params {
		nv, ok := n.params[k]
		switch {
		case !ok:
			removed = append(removed, k)
		case nv != v:
			changed = append(changed, k)
		}
	}
	slices.Sort(removed)
	slices.Sort(changed)
	paramsDiffer := len(removed)+len(changed) > 0 || len(n.params) > len(o.params)
	switch {
	case o.bare() == n.bare() && !paramsDiffer:
		// Written differently, the same media type: its type, subtype
		// and parameter names are case-insensitive, as is a charset.
	case o.bare() != n.bare() && paramsDiffer:
		// What a changed parameter constrains is not known (oasdiff warns too).
		w.warn(ruleMediaTypeRemoved, s, at, false, ign, "%s: media type %s changed to %s", where, from, to)
	case o.bare() != n.bare() && n.contains(o):
		w.emit(ruleMediaTypeRemoved, s, true, at, false, ign, "%s: media type %s changed to the more general %s", where, from, to)
	case len(removed)+len(changed) > 0:
		w.emit(ruleMediaTypeRemoved, s, true, at, false, ign, "%s: media type %s changed to %s (parameter %s)", where, from, to, strings.Join(append(removed, changed...), ", "))
	default: // more specific, or a parameter added: narrower
		w.emit(ruleMediaTypeRemoved, s, false, at, false, ign, "%s: media type %s changed to %s", where, from, to)
	}
}

// headers compares a response's headers: readers lose a header that is
// removed or no longer required. Only the readers of a response (s is
// response) lose anything; a webhook's response is read by the server.
func (w *walker) headers(oh, nh *Node, s side, where string, ign []*Node) {
	defer w.enter(oh, nh)()
	pairs(oh, func(name string, ov *Node) {
		ov, _ = w.old.deref(ov)
		nv, _ := w.new.deref(headerNamed(w.new, nh, name))
		if nv == nil {
			if s == response {
				w.removed(ruleHeaderRemoved, nil, s, ov, ign, "%s: header %s removed", where, name)
			}
			return
		}
		hign := append(ign[:len(ign):len(ign)], nv)
		if str(ov, "required") == "true" && str(nv, "required") != "true" {
			w.emit(ruleHeaderRemoved, s, s == response, nv, false, hign, "%s: header %s is no longer required", where, name)
		}
		w.schema(get(ov, "schema"), get(nv, "schema"), s, where+" header "+name, hign)
	})
}

// headerNamed finds a header by name, which HTTP compares without case.
func headerNamed(s *Spec, headers *Node, name string) *Node {
	if h := s.get(headers, name); h != nil {
		return h
	}
	var found *Node
	pairs(headers, func(k string, v *Node) {
		if found == nil && strings.EqualFold(k, name) {
			found = v
		}
	})
	return found
}
