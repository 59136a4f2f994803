package openapi

import (
	"strings"

	"gopkg.in/yaml.v3"
)

type param struct {
	in, name string
	node     *yaml.Node
}

// params collects path-level and operation-level parameters, the latter overriding.
func (s *Spec) params(item, op *yaml.Node) map[string]param {
	out := map[string]param{}
	for _, list := range []*yaml.Node{get(item, "parameters"), get(op, "parameters")} {
		if list == nil {
			continue
		}
		for _, p := range list.Content {
			p, _ = s.deref(p)
			in, name := str(p, "in"), str(p, "name")
			out[in+" "+name] = param{in: in, name: name, node: p}
		}
	}
	return out
}

func (w *walker) operation(name string, oItem, nItem, oOp, nOp *yaml.Node) {
	ign := []*yaml.Node{nOp}
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
	pairs(get(oOp, "responses"), func(code string, oResp *yaml.Node) {
		nResp := get(nResps, code)
		if nResp == nil {
			w.emit(ruleStatusRemoved, response, strings.HasPrefix(code, "2"), oResp, true, ign, "%s: response %s removed", name, code)
			return
		}
		oResp, _ = w.old.deref(oResp)
		nResp, _ = w.new.deref(nResp)
		w.content(get(oResp, "content"), get(nResp, "content"), response, name+" response "+code, ign)
	})
	w.op = ""
}

func (w *walker) content(oc, nc *yaml.Node, s side, where string, ign []*yaml.Node) {
	pairs(oc, func(media string, om *yaml.Node) {
		nm := get(nc, media)
		if nm == nil {
			w.emit(ruleMediaTypeRemoved, s, true, om, true, ign, "%s: media type %s removed", where, media)
			return
		}
		w.schema(get(om, "schema"), get(nm, "schema"), s, where+" "+media, ign)
	})
}
