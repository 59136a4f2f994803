package openapi

import (
	"net/url"
	"slices"
	"strings"
)

// securitySchemes compares components/securitySchemes by name: how a
// client presents its credentials (the scheme's type, an API key's name
// and location, the HTTP scheme) and where it obtains them (OAuth and
// OpenID Connect URLs, which may only have moved and so are warnings).
// Each finding lists the operations whose security uses the scheme. A
// scheme removed or added is judged where operations use it (SC-API017).
func (w *walker) securitySchemes() {
	users := w.new.schemeUsers()
	newSchemes := get(get(w.new.root, "components"), "securitySchemes")
	pairs(get(get(w.old.root, "components"), "securitySchemes"), func(name string, o *Node) {
		o = w.old.derefNode(o)
		n := w.new.derefNode(w.new.get(newSchemes, name))
		if n == nil {
			return
		}
		ops := users[name]
		if len(ops) == 0 {
			ops = []string{""}
		}
		report := func(maybe bool, at *Node, format string, args ...any) {
			if at == nil {
				at = n
			}
			for _, op := range ops {
				w.op = op
				if maybe {
					w.warn(ruleSecuritySchemeChanged, request, at, false, []*Node{n}, format, args...)
				} else {
					w.emit(ruleSecuritySchemeChanged, request, true, at, false, []*Node{n}, format, args...)
				}
			}
			w.op = ""
		}
		what := "security scheme " + name
		if ot, nt := str(o, "type"), str(n, "type"); ot != nt {
			report(false, get(n, "type"), "%s: type changed from %s to %s", what, ot, nt)
			return
		}
		if oi, ni := str(o, "in"), str(n, "in"); oi != ni {
			report(false, get(n, "in"), "%s: API key moved from %s to %s", what, orNone(oi), orNone(ni))
		} else if on, nn := str(o, "name"), str(n, "name"); on != nn && !(ni == "header" && strings.EqualFold(on, nn)) {
			// Header names are compared without case, as HTTP does.
			report(false, get(n, "name"), "%s: API key name changed from %s to %s", what, orNone(on), orNone(nn))
		}
		if os, ns := str(o, "scheme"), str(n, "scheme"); !strings.EqualFold(os, ns) {
			// HTTP authentication scheme names are case-insensitive (RFC 9110 §11.1).
			report(false, get(n, "scheme"), "%s: HTTP scheme changed from %s to %s", what, orNone(os), orNone(ns))
		}
		if ou, nu := str(o, "openIdConnectUrl"), str(n, "openIdConnectUrl"); !sameURL(ou, nu) {
			report(true, get(n, "openIdConnectUrl"), "%s: OpenID Connect URL changed from %s to %s", what, orNone(ou), orNone(nu))
		}
		nFlows := get(n, "flows")
		pairs(get(o, "flows"), func(flow string, of *Node) {
			nf := get(nFlows, flow)
			if nf == nil {
				return
			}
			for _, key := range []string{"authorizationUrl", "tokenUrl", "refreshUrl"} {
				if ou, nu := str(of, key), str(nf, key); !sameURL(ou, nu) {
					report(true, get(nf, key), "%s: %s flow's %s changed from %s to %s", what, flow, key, orNone(ou), orNone(nu))
				}
			}
		})
	})
}

// schemeUsers maps each security scheme name to the operations ("GET
// /pets request") whose effective security names it.
func (s *Spec) schemeUsers() map[string][]string {
	users := map[string][]string{}
	pairs(get(s.root, "paths"), func(path string, item *Node) {
		item = s.derefNode(item)
		for _, o := range s.operationsOf(item) {
			alts, _ := s.security(o.node)
			for _, alt := range alts {
				for scheme := range alt {
					name := o.method + " " + path + " request"
					if !slices.Contains(users[scheme], name) {
						users[scheme] = append(users[scheme], name)
					}
				}
			}
		}
	})
	return users
}

// sameURL compares two URLs as a client resolves them: scheme and host
// without case, default ports and unreserved percent-encodings left out.
func sameURL(a, b string) bool {
	return a == b || normalURL(a) == normalURL(b)
}

func normalURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Scheme = strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	if port := u.Port(); port != "" && !(port == "443" && u.Scheme == "https" || port == "80" && u.Scheme == "http") {
		host += ":" + port
	}
	u.Host = host
	if p, err := url.PathUnescape(u.EscapedPath()); err == nil {
		u.RawPath = ""
		u.Path = p
	}
	return u.String()
}
