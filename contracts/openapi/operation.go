package openapi

import (
	"slices"
	"strings"
)

type param struct {
	in, name string
	node     *Node
}

// params collects path-level and operation-level parameters, the latter overriding.
func (s *Spec) params(item, op *Node) map[string]param {
	out := map[string]param{}
	for _, list := range []*Node{get(item, "parameters"), get(op, "parameters")} {
		if list == nil {
			continue
		}
		for _, p := range list.Items {
			p, _ = s.deref(p)
			in, name := str(p, "in"), str(p, "name")
			out[in+" "+name] = param{in: in, name: name, node: p}
		}
	}
	return out
}

func (w *walker) operation(name string, oItem, nItem, oOp, nOp *Node) {
	ign := []*Node{nOp}
	w.op = name + " request"
	oParams, nParams := w.old.params(oItem, oOp), w.new.params(nItem, nOp)
	for k, np := range nParams {
		op, had := oParams[k]
		if str(np.node, "required") == "true" && (!had || str(op.node, "required") != "true") {
			w.emit(ruleRequiredParamAdded, request, true, np.node, false, ign, "%s: %s parameter %q is now required", name, np.in, np.name)
		}
	}
	for k, op := range oParams {
		np, ok := nParams[k]
		if !ok {
			if w.sunsetPassed(op.node) {
				continue
			}
			msg := "%s: %s parameter %q removed"
			for _, other := range nParams {
				if other.name == op.name {
					msg = "%s: %s parameter %q moved to " + other.in
				}
			}
			w.emit(ruleParamRemoved, request, true, op.node, true, ign, msg, name, op.in, op.name)
			continue
		}
		w.schema(get(op.node, "schema"), get(np.node, "schema"), request, name+" "+op.in+" parameter "+op.name, ign)
	}
	oSec, oAt := w.old.security(oOp)
	nSec, nAt := w.new.security(nOp)
	w.security(name, oSec, nSec, oAt != nil, nAt, ign)

	oBody, _ := w.old.deref(get(oOp, "requestBody"))
	nBody, _ := w.new.deref(get(nOp, "requestBody"))
	if nBody != nil && str(nBody, "required") == "true" && str(oBody, "required") != "true" {
		w.emit(ruleRequestBodyRequired, request, true, nBody, false, ign, "%s: request body is now required", name)
	}
	if oBody != nil && nBody != nil {
		w.content(get(oBody, "content"), get(nBody, "content"), request, name+" request", ign)
	}

	w.op = name + " response"
	nResps := get(nOp, "responses")
	pairs(get(oOp, "responses"), func(code string, oResp *Node) {
		nResp := get(nResps, code)
		if nResp == nil {
			w.emit(ruleStatusRemoved, response, strings.HasPrefix(code, "2"), oResp, true, ign, "%s: response %s removed", name, code)
			return
		}
		oResp, _ = w.old.deref(oResp)
		nResp, _ = w.new.deref(nResp)
		w.content(get(oResp, "content"), get(nResp, "content"), response, name+" response "+code, ign)
		w.headers(get(oResp, "headers"), get(nResp, "headers"), name+" response "+code, ign)
	})
	w.op = ""
}

func (w *walker) content(oc, nc *Node, s side, where string, ign []*Node) {
	pairs(oc, func(media string, om *Node) {
		nm := get(nc, media)
		if nm == nil {
			w.emit(ruleMediaTypeRemoved, s, true, om, true, ign, "%s: media type %s removed", where, media)
			return
		}
		w.schema(get(om, "schema"), get(nm, "schema"), s, where+" "+media, ign)
	})
}

// headers compares a response's headers: readers lose a header that is
// removed or no longer required.
func (w *walker) headers(oh, nh *Node, where string, ign []*Node) {
	pairs(oh, func(name string, ov *Node) {
		ov, _ = w.old.deref(ov)
		nv, _ := w.new.deref(w.new.get(nh, name))
		if nv == nil {
			if !w.sunsetPassed(ov) {
				w.emit(ruleHeaderRemoved, response, true, ov, true, ign, "%s: header %s removed", where, name)
			}
			return
		}
		hign := append(ign[:len(ign):len(ign)], nv)
		if str(ov, "required") == "true" && str(nv, "required") != "true" {
			w.emit(ruleHeaderRemoved, response, true, nv, false, hign, "%s: header %s is no longer required", where, name)
		}
		w.schema(get(ov, "schema"), get(nv, "schema"), response, where+" header "+name, hign)
	})
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
	for _, alt := range at.Items {
		m := map[string][]string{}
		pairs(alt, func(scheme string, scopes *Node) {
			m[scheme] = []string{}
			for _, sc := range scopes.Items {
				m[scheme] = append(m[scheme], sc.Value)
			}
		})
		alts = append(alts, m)
	}
	return alts, at
}

// security compares security requirements. An old client satisfies one
// old alternative; the change breaks it when no new alternative asks for a
// subset of those schemes and scopes. An empty list (security: []) or an
// empty alternative ({}) means anonymous access. A document that declared
// no security at all did not say clients were anonymous, only that it did
// not document how they authenticate (as oasdiff, whose api-security-added
// is info): documenting it later is shown in changelog mode only.
func (w *walker) security(name string, oldAlts, newAlts []map[string][]string, oldDeclared bool, at *Node, ign []*Node) {
	if len(newAlts) == 0 {
		return // no security now: every old client still gets in
	}
	if len(oldAlts) == 0 {
		oldAlts = []map[string][]string{{}}
	}
	for _, oa := range oldAlts {
		if !oldDeclared {
			w.emit(ruleSecurityChanged, request, false, at, false, ign, "%s: security documented as %s (none was declared before)", name, describeAlts(newAlts))
			return
		}
		if !slices.ContainsFunc(newAlts, func(na map[string][]string) bool { return satisfies(oa, na) }) {
			w.emit(ruleSecurityChanged, request, true, at, false, ign, "%s: clients authorised with %s are no longer accepted (now %s)", name, describeAlt(oa), describeAlts(newAlts))
		}
	}
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
