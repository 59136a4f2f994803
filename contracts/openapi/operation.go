package openapi

import (
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
)

type param struct {
	in, name string
	node     *Node
}

// params collects path-level and operation-level parameters, the latter
// overriding, by where they are and their name: a header's name in lower
// case, since HTTP header names are case-insensitive (X-Request-Id and
// x-request-id are one header).
func (s *Spec) params(item, op *Node) map[string]param {
	out := map[string]param{}
	for _, list := range []*Node{get(item, "parameters"), get(op, "parameters")} {
		if list == nil {
			continue
		}
		for _, p := range list.Items() {
			p, _ = s.deref(p)
			in, name := str(p, "in"), str(p, "name")
			if in == "header" && ignoredHeader(name) {
				continue
			}
			out[paramKey(in, name)] = param{in: in, name: name, node: p}
		}
	}
	return out
}

// paramSchema is a parameter's schema: its own, or that of the one media
// type its content gives.
func paramSchema(p *Node) *Node {
	if s := get(p, "schema"); s != nil {
		return s
	}
	if c := get(p, "content"); c != nil && len(c.Items()) == 1 {
		return get(c.Items()[0], "schema")
	}
	return nil
}

// ignoredHeader reports the header parameters OpenAPI says to ignore
// (Accept, Content-Type, Authorization): the media types and the security
// requirement describe them.
func ignoredHeader(name string) bool {
	for _, h := range []string{"Accept", "Content-Type", "Authorization"} {
		if strings.EqualFold(name, h) {
			return true
		}
	}
	return false
}

// paramKey identifies a parameter by where it is and its name.
func paramKey(in, name string) string {
	if in == "header" {
		name = strings.ToLower(name)
	}
	return in + " " + name
}

// operation compares one operation present in both versions. For a
// webhook the sides are swapped: its request is written by the server and
// read by clients (so it may only narrow, like a response), and its
// responses are written by clients.
func (w *walker) operation(name string, oItem, nItem, oOp, nOp *Node, webhook bool) {
	defer w.enter(oOp, nOp)()
	in, out := request, response
	if webhook {
		in, out = response, request
	}
	ign := []*Node{nOp}
	notice := w.sunsetNotice(nOp)
	w.notice = notice
	w.op = name + " request"
	w.deprecation(oOp, nOp, in, notice, name, ign)
	oParams, nParams := w.old.params(oItem, oOp), w.new.params(nItem, nOp)
	for oldName, newName := range w.renamed {
		if p, ok := oParams["path "+oldName]; ok {
			delete(oParams, "path "+oldName)
			oParams["path "+newName] = p
		}
	}
	for k, np := range nParams {
		op, had := oParams[k]
		if np.in == "path" && !had && strings.Contains(w.path, "{"+np.name+"}") {
			continue // declaring a template parameter changes nothing on the wire
		}
		if str(np.node, "required") == "true" && (!had || str(op.node, "required") != "true") {
			w.emit(ruleRequiredParamAdded, in, true, np.node, false, ign, "%s: %s parameter %q is now required", name, np.in, np.name)
		}
	}
	for k, op := range oParams {
		np, ok := nParams[k]
		if !ok {
			msg := "%s: %s parameter %q removed"
			for _, other := range nParams {
				if strings.EqualFold(other.name, op.name) {
					msg = "%s: %s parameter %q moved to " + other.in
				}
			}
			leave := w.enter(get(oOp, "parameters"), get(nOp, "parameters"))
			w.removed(ruleParamRemoved, &ruleDeprecationPolicy, in, op.node, ign, msg, name, op.in, op.name)
			leave()
			continue
		}
		what := name + " " + op.in + " parameter " + op.name
		w.deprecation(op.node, np.node, in, notice, what, ign)
		if oc, nc := get(op.node, "content"), get(np.node, "content"); oc != nil && nc != nil {
			// A parameter written as a media type (a JSON object in a
			// query string): compared as a body of that media type.
			w.content(oc, nc, in, what, ign)
			continue
		}
		os, ns := w.old.derefNode(paramSchema(op.node)), w.new.derefNode(paramSchema(np.node))
		w.serializationChanged(op, np, os, in, what, np.node, ign)
		if in == request && scalarType(os) && typeOf(ns) == "array" && get(ns, "items") != nil {
			// Every parameter style writes a one-element array as the
			// single value, so clients sending one value still send a
			// valid array when its items accept that value.
			if v, err := strconv.Atoi(str(ns, "minItems")); err == nil && v > 1 {
				w.emit(ruleBoundsChanged, in, true, get(ns, "minItems"), false, ign, "%s: became an array of at least %d values: a single value is rejected", what, v)
			}
			ns = get(ns, "items")
		}
		w.text = get(np.node, "content") == nil
		w.schema(os, ns, in, what, ign)
		w.text = false
	}
	if !webhook {
		w.servers(oItem, nItem, oOp, nOp, ign)
		oSec, _ := w.old.security(oOp)
		nSec, nAt := w.new.security(nOp)
		w.security(name, oSec, nSec, nAt, ign)
	}

	oBody, _ := w.old.deref(get(oOp, "requestBody"))
	nBody, _ := w.new.deref(get(nOp, "requestBody"))
	if nBody != nil && str(nBody, "required") == "true" && str(oBody, "required") != "true" {
		w.emit(ruleRequestBodyRequired, in, true, nBody, false, ign, "%s: request body is now required", name)
	}
	if oBody != nil && nBody == nil && get(oBody, "content") != nil {
		// Clients sending a body of a media type no longer documented are
		// rejected (415), as when each media type is removed.
		w.emit(ruleMediaTypeRemoved, in, true, oBody, true, ign, "%s: request body removed", name)
	}
	if oBody != nil && nBody != nil {
		w.content(get(oBody, "content"), get(nBody, "content"), in, name+" request", ign)
	}

	w.op = name + " response"
	nResps := get(nOp, "responses")
	defer w.enter(get(oOp, "responses"), nResps)()
	pairs(get(oOp, "responses"), func(code string, oResp *Node) {
		nResp := responseFor(w.new, nResps, code)
		if nResp != nil {
			w.response(name, code, oResp, nResp, out, ign)
			return
		}
		// A range the new version documents code by code (2XX as 200 and
		// 201): the server sends only those now, each read as the range
		// was.
		narrowed := false
		if isRange(code) {
			pairs(nResps, func(k string, n *Node) {
				if len(k) == 3 && k[0] == code[0] && !isRange(k) {
					narrowed = true
					w.response(name, k, oResp, n, out, ign)
				}
			})
		}
		if !narrowed {
			w.emit(ruleStatusRemoved, out, strings.HasPrefix(code, "2"), oResp, true, ign, "%s: response %s removed", name, code)
		}
	})
	w.op = ""
}

// response compares the response the old version documents (for a code
// or a range) with the new version's for code.
func (w *walker) response(name, code string, oResp, nResp *Node, out side, ign []*Node) {
	oResp, _ = w.old.deref(oResp)
	nResp, _ = w.new.deref(nResp)
	defer w.enter(oResp, nResp)()
	if !bodiless(name, code) {
		w.content(get(oResp, "content"), get(nResp, "content"), out, name+" response "+code, ign)
	}
	w.headers(get(oResp, "headers"), get(nResp, "headers"), out, name+" response "+code, ign)
}

// isRange reports a status code range: 2XX (in either case).
func isRange(code string) bool { return len(code) == 3 && strings.EqualFold(code[1:], "XX") }

// responseFor is the response that documents status code (or range) code
// in responses: the one written with that code, with its range written
// in either case ("2xx" is 2XX), or, for a code, the range that covers it
// (200 under 2XX: clients that read a 200 read what 2XX says).
func responseFor(s *Spec, responses *Node, code string) *Node {
	if r := s.get(responses, code); r != nil {
		return r
	}
	var byCase, byRange *Node
	pairs(responses, func(k string, v *Node) {
		switch {
		case strings.EqualFold(k, code):
			byCase = v
		case len(code) == 3 && isRange(k) && k[0] == code[0]:
			byRange = v
		}
	})
	return cmp.Or(byCase, byRange)
}

// bodiless reports a response that has no content whatever its document
// says (RFC 9110 §6.4.1, §9.3.2): a 1xx, 204 or 304 status, or any
// response to HEAD. Box's PUT /collaborations/{id} documented a
// Collaboration under 204 and then removed it: no client ever received
// that body, so no change to it breaks one. Its headers still count.
func bodiless(operation, code string) bool {
	switch {
	case strings.HasPrefix(operation, "HEAD "):
		return true
	case code == "204", code == "304", strings.EqualFold(code, "1XX"):
		return true
	}
	return len(code) == 3 && code[0] == '1'
}

// security returns an operation's effective security requirement: its
// own, else the document's. Each alternative maps scheme names to scopes.
func (s *Spec) security(op *Node) (alts []map[string][]string, at *Node) {
	at = get(op, "security")
	if at == nil {
		at = get(s.root, "security")
	}
	if at == nil {
		return nil, nil
	}
	for _, alt := range at.Items() {
		m := map[string][]string{}
		pairs(alt, func(scheme string, scopes *Node) {
			m[scheme] = []string{}
			for _, sc := range scopes.Items() {
				m[scheme] = append(m[scheme], sc.Value())
			}
		})
		alts = append(alts, m)
	}
	return alts, at
}

// security compares security requirements. An old client satisfies one
// old alternative; the change breaks it when no new alternative asks for a
// subset of those schemes and scopes. An empty list (security: []), an
// empty alternative ({}) or no security declared at all (as the OpenAPI
// specification and oasdiff read it) means anonymous access.
func (w *walker) security(name string, oldAlts, newAlts []map[string][]string, at *Node, ign []*Node) {
	if len(newAlts) == 0 {
		return // no security now: every old client still gets in
	}
	if len(oldAlts) == 0 {
		oldAlts = []map[string][]string{{}}
	}
	for _, oa := range oldAlts {
		if slices.ContainsFunc(newAlts, func(na map[string][]string) bool { return satisfies(oa, na) }) {
			continue
		}
		if na := slices.IndexFunc(newAlts, func(na map[string][]string) bool { return w.satisfiesOnTheWire(oa, na) }); na >= 0 {
			// Another scheme name asks for credentials sent the same way
			// (two HTTP bearer schemes): whether the server takes an old
			// client's credential for it is what the document cannot say.
			w.warn(ruleSecurityChanged, request, at, false, ign, "%s: clients authorised with %s must now present %s, which is sent the same way: they are accepted only if the server takes their credentials for it", name, describeAlt(oa), describeAlt(newAlts[na]))
			continue
		}
		w.emit(ruleSecurityChanged, request, true, at, false, ign, "%s: clients authorised with %s are no longer accepted (now %s)", name, describeAlt(oa), describeAlts(newAlts))
	}
}

// satisfiesOnTheWire reports whether credentials meeting have are sent as
// want asks, scheme by scheme: the same scheme, or another that carries a
// credential without scopes in the same place (wire).
func (w *walker) satisfiesOnTheWire(have, want map[string][]string) bool {
	for scheme, scopes := range want {
		if got, ok := have[scheme]; ok {
			if !satisfies(map[string][]string{scheme: got}, map[string][]string{scheme: scopes}) {
				return false
			}
			continue
		}
		form := wire(w.new, scheme)
		if form == "" || len(scopes) > 0 || !slices.ContainsFunc(slices.Collect(maps.Keys(have)), func(h string) bool { return wire(w.old, h) == form }) {
			return false
		}
	}
	return true
}

// wire is how a client presents a credential of the named security scheme
// ("http bearer", "apiKey header x-api-key"), or "" for schemes whose
// credentials carry scopes or are not described (OAuth, OpenID Connect).
func wire(s *Spec, name string) string {
	n := s.derefNode(s.get(get(get(s.root, "components"), "securitySchemes"), name))
	switch str(n, "type") {
	case "http":
		return "http " + strings.ToLower(str(n, "scheme"))
	case "apiKey":
		key := str(n, "name")
		if str(n, "in") == "header" {
			key = strings.ToLower(key)
		}
		return "apiKey " + str(n, "in") + " " + key
	}
	return ""
}

// satisfies reports whether credentials meeting have also meet want.
func satisfies(have, want map[string][]string) bool {
	for scheme, scopes := range want {
		got, ok := have[scheme]
		if !ok {
			return false
		}
		for _, sc := range scopes {
			if !slices.Contains(got, sc) {
				return false
			}
		}
	}
	return true
}

func describeAlt(a map[string][]string) string {
	if len(a) == 0 {
		return "no credentials"
	}
	parts := make([]string, 0, len(a))
	for scheme, scopes := range a {
		if len(scopes) == 0 {
			parts = append(parts, scheme)
		} else {
			parts = append(parts, scheme+" ["+strings.Join(scopes, ", ")+"]")
		}
	}
	slices.Sort(parts)
	return strings.Join(parts, " + ")
}

func describeAlts(alts []map[string][]string) string {
	parts := make([]string, len(alts))
	for i, a := range alts {
		parts[i] = describeAlt(a)
	}
	return strings.Join(parts, " or ")
}

// scalarType reports whether schema n has a type and it is neither array
// nor object.
func scalarType(n *Node) bool {
	t := typeOf(n)
	return t != "" && !strings.Contains(t, "array") && !strings.Contains(t, "object")
}
