package openapi

import (
	"net/url"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/internal/doctree"
)

// server is one server URL an operation is served at.
type server struct {
	url  string // with its variables' defaults substituted, normalised
	path string // the URL's path, without a trailing slash
	node *Node
}

// serversOf returns the servers operation op of path item item is served
// at: its own, else the path item's, else the document's, else "/" (as
// the specification says).
func (s *Spec) serversOf(item, op *Node) ([]server, *Node) {
	list := get(op, "servers")
	if list == nil {
		list = get(item, "servers")
	}
	if list == nil {
		list = get(s.root, "servers")
	}
	if list == nil || list.Kind != doctree.Sequence || len(list.Items()) == 0 {
		return []server{{url: "/", path: ""}}, list
	}
	var out []server
	for _, n := range list.Items() {
		raw := str(n, "url")
		pairs(get(n, "variables"), func(name string, v *Node) {
			raw = strings.ReplaceAll(raw, "{"+name+"}", str(v, "default"))
		})
		u := normalURL(raw)
		p := ""
		if parsed, err := url.Parse(u); err == nil {
			p = strings.TrimSuffix(parsed.Path, "/")
		}
		out = append(out, server{url: strings.TrimSuffix(u, "/"), path: p, node: n})
	}
	return out, list
}

// servers compares where an operation present in both versions is
// served. Each old server URL must still be listed; if none of the new
// ones has its path, every call under it now misses.
func (w *walker) servers(oItem, nItem, oOp, nOp *Node, ign []*Node) {
	olds, _ := w.old.serversOf(oItem, oOp)
	news, at := w.new.serversOf(nItem, nOp)
	if at == nil {
		at = nOp
	}
	for _, o := range olds {
		if slices.ContainsFunc(news, func(n server) bool { return n.url == o.url }) {
			continue
		}
		if slices.ContainsFunc(news, func(n server) bool { return n.path == o.path }) {
			w.warn(ruleServerChanged, request, at, false, ign, "server %s removed (its base path %s is still served elsewhere)", o.url, orRoot(o.path))
			continue
		}
		w.emit(ruleServerChanged, request, true, at, false, ign, "server %s removed: nothing serves its base path %s any more", o.url, orRoot(o.path))
	}
}

func orRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}
