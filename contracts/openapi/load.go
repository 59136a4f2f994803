// Package openapi diffs two OpenAPI documents (3.0, 3.1, and Swagger 2.0
// through its conversion) and reports the changes that break clients or
// servers, one finding per change.
//
// Documents are read into internal/doctree's compact tree, which keeps
// every value's and key's line for findings. Why not kin-openapi: the
// product brief names github.com/getkin/kin-openapi for loading. Measured
// on the Stripe pair (4 MB JSON each), kin-openapi's loader alone takes
// 2.6–3.1 s and 218–288 MB, a quarter of oasdiff's whole wall time and
// more than half its memory before any comparison.
//
// Swagger 2.0 is converted with kin-openapi's openapi2conv (swagger.go), on
// its own model: only Swagger documents pay for kin-openapi's decoding, and
// their findings name the file without a line, since the lines are those
// of the conversion. A conversion that keeps lines is future work (see
// COVERAGE.md).
package openapi

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"

	"github.com/schemacheck/schemacheck/contracts"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/doctree"
	"github.com/schemacheck/schemacheck/internal/readlimit"
)

// Spec is one loaded OpenAPI document.
type Spec struct {
	File string
	root *Node // the document's top mapping
	// trees are the document's and its referenced files' trees, for
	// indexed lookups in large mappings (paths, components): with scans,
	// diffing a document twice the size took four times as long.
	trees []*doctree.Tree

	opts LoadOptions
	// parts are the other files and URLs $refs name, by resolved location;
	// partOf says which one a node belongs to (absent: the document itself).
	parts   map[string]*part
	partOf  map[*Node]*part
	pending []pendingRef
	// converted: read from a Swagger 2.0 document through its OpenAPI 3
	// conversion, whose line numbers are not the file's.
	converted bool
	// version is the document's "openapi" value ("3.0.3", "3.1.0").
	version string
}

// Node is one value of a document (see internal/doctree).
type Node = doctree.Node

// LoadOptions controls how a document is read.
type LoadOptions struct {
	// FS is the tree the document was read from (the repository on disk or
	// at a git revision) and Path its slash-separated path in FS. $refs to
	// other files resolve in FS relative to the referring file and may not
	// leave it. With a nil FS, references to other files are not followed
	// (their schemas are not compared).
	FS   fs.FS
	Path string
	// ExternalRefs allows $refs to http(s) URLs (contracts[].external_refs).
	// Without it a document holding one is refused, so a diff never reaches
	// the network unless the configuration says so.
	ExternalRefs bool
	// RefMap reads a $ref to a URL below a prefix from a file in FS
	// instead (contracts[].ref_map), with or without ExternalRefs.
	RefMap []contracts.RefMapping
}

// Load reads an OpenAPI 3.0 or 3.1 document (YAML or JSON) from path.
func Load(path string, opts LoadOptions) (*Spec, error) {
	src, err := readlimit.ReadPath(path, maxPartSize)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return Parse(path, src, opts)
}

// Converted reports whether the document was Swagger 2.0, read through its
// OpenAPI 3 conversion: line numbers of its nodes are the conversion's.
func (s *Spec) Converted() bool { return s.converted }

// Parse reads a document already in memory, and the files and URLs its
// $refs name (see LoadOptions). Swagger 2.0 is converted to OpenAPI 3
// first (never misread as 3.x); such a Spec reports Converted.
func Parse(name string, src []byte, opts LoadOptions) (*Spec, error) {
	tree, err := parseTree(name, src)
	if err != nil {
		return nil, err
	}
	root := tree.Root
	if v := get(root, "swagger"); v != nil {
		if v.Value() != "2.0" {
			return nil, fmt.Errorf("%s:%d: swagger %q: only Swagger 2.0 is supported (or OpenAPI 3.0 and 3.1)", name, v.Line, v.Value())
		}
		converted, err := convertSwagger(name, root)
		if err != nil {
			return nil, err
		}
		s, err := Parse(name, converted, opts)
		if err != nil {
			return nil, fmt.Errorf("%s: the OpenAPI 3 conversion of this Swagger 2.0 document: %w", name, err)
		}
		s.converted = true
		return s, nil
	}
	v := get(root, "openapi")
	if v == nil || !(strings.HasPrefix(v.Value(), "3.0") || strings.HasPrefix(v.Value(), "3.1") || strings.HasPrefix(v.Value(), "3.2")) {
		return nil, fmt.Errorf("%s:1: missing or unsupported \"openapi\" version (want 3.0, 3.1 or 3.2)", name)
	}
	s := &Spec{File: name, root: root, trees: []*doctree.Tree{tree}, opts: opts, partOf: map[*Node]*part{}, version: v.Value()}
	s.index(root, nil)
	if err := s.loadReferenced(); err != nil {
		return nil, err
	}
	if err := s.checkRefs(); err != nil {
		return nil, err
	}
	return s, nil
}

// parseTree reads a JSON or YAML document whose top is a mapping.
func parseTree(name string, src []byte) (*doctree.Tree, error) {
	tree, err := doctree.Parse(src)
	if err != nil {
		var se *doctree.SyntaxError
		switch {
		case errors.As(err, &se) && se.Line > 0 && se.Column > 0:
			return nil, fmt.Errorf("%s:%d:%d: not valid YAML or JSON: %s", name, se.Line, se.Column, se.Msg)
		case errors.As(err, &se) && se.Line > 0:
			return nil, fmt.Errorf("%s:%d: not valid YAML or JSON: %s", name, se.Line, se.Msg)
		}
		return nil, fmt.Errorf("%s: not valid YAML or JSON: %w", name, err)
	}
	if tree.Root.Kind != doctree.Mapping {
		return nil, fmt.Errorf("%s:1: an OpenAPI document must be a mapping at the top", name)
	}
	return tree, nil
}

// index records which referenced file (p, nil for the document itself)
// each node is in, and queues every $ref to another file. (Duplicate keys
// were refused by the parser, and aliases expanded under its budget.)
func (s *Spec) index(root *Node, p *part) {
	// A $ref inside an extension or a literal value (an example, an enum)
	// is data, not a reference to read, as checkRefs also reads it:
	// Spotify's spec has x-spotify-policy: {policies: {$ref: ../policies.yaml}},
	// a file it does not ship.
	type entry struct {
		n  *Node
		in keys // what the keys of n are, if it is a mapping (a sequence's items are as it is)
	}
	stack := []entry{{root, keywordKeys}}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if p != nil {
			s.partOf[e.n] = p
		}
		for _, c := range e.n.Items() {
			in := e.in
			if e.n.Kind == doctree.Mapping {
				if e.in == keywordKeys && c.Key == "$ref" && c.Kind == doctree.Scalar && !strings.HasPrefix(c.Value(), "#") {
					s.pending = append(s.pending, pendingRef{from: p, node: c})
				}
				in = e.in.child(c.Key)
			}
			stack = append(stack, entry{c, in})
		}
	}
}

// get is get(m, key), through the index of large mappings.
func (s *Spec) get(m *Node, key string) *Node {
	for _, t := range s.trees {
		if v, ok := t.Lookup(m, key); ok {
			return v
		}
	}
	return get(m, key)
}

// location is where a finding about node n is shown: at its key when n is
// a mapping value, else at n itself.
func (s *Spec) location(n *Node) finding.Location {
	file := s.File
	if p := s.partOf[n]; p != nil {
		file = p.name
	}
	if s.converted && file == s.File {
		// Lines of the Swagger document's conversion, not of the file:
		// the message names the operation or schema instead.
		return finding.Location{File: file}
	}
	line, col := n.Pos()
	return finding.Location{File: file, Line: line, Column: col}
}

// get returns the value of key in mapping m, or nil.
func get(m *Node, key string) *Node { return doctree.Get(m, key) }

// pairs calls fn for each key/value of mapping m in document order.
func pairs(m *Node, fn func(k string, v *Node)) { doctree.Pairs(m, fn) }

// str returns the scalar value of key in m, or "".
func str(m *Node, key string) string { return doctree.Str(m, key) }

// deref follows $refs (at most a few hops, so cycles of bare refs end)
// and returns the target node and the last ref followed ("" if none). A
// ref into another file is returned resolved ("api/common.yaml#/Pet"), so
// two files' same-named fragments never meet.
func (s *Spec) deref(n *Node) (*Node, string) {
	ref := ""
	for range 16 {
		r := str(n, "$ref")
		if r == "" {
			return n, ref
		}
		t, canon := s.resolve(n, r)
		if t == nil {
			return n, ref
		}
		n, ref = t, canon
	}
	return n, ref
}

// resolve finds the target of ref written in node at.
func (s *Spec) resolve(at *Node, ref string) (*Node, string) {
	budget := maxPointerRefs
	return s.resolveIn(at, ref, &budget)
}

// maxPointerRefs bounds the references one resolution follows inside
// pointers (pointerIn), so references whose pointers run through each
// other end.
const maxPointerRefs = 64

func (s *Spec) resolveIn(at *Node, ref string, budget *int) (*Node, string) {
	file, frag, _ := strings.Cut(ref, "#")
	from := s.partOf[at]
	root, canon := s.root, ref
	if from != nil {
		root = from.root
	}
	if file != "" {
		p := s.parts[s.locate(from, file)]
		if p == nil {
			return nil, ""
		}
		root, canon = p.root, p.key+"#"+frag
	} else if from != nil {
		canon = from.key + "#" + frag
	}
	// A $ref is a URI reference: its fragment is percent-encoded (RFC 6901
	// §6), so "#/paths/~1users~1%7Bid%7D" names the path "/users/{id}", as
	// PagerDuty's description writes it. A pointer that only resolves
	// undecoded (a key that holds a literal "%") is still followed.
	if dec, err := url.PathUnescape(frag); err == nil && dec != frag {
		if t := s.pointerAt(root, dec, budget); t != nil {
			return t, strings.TrimSuffix(canon, frag) + dec
		}
	}
	return s.pointerAt(root, frag, budget), canon
}

// pointerIn resolves a JSON pointer fragment ("/a/b", or "" for the root).
func (s *Spec) pointerIn(root *Node, frag string) *Node {
	budget := maxPointerRefs
	return s.pointerAt(root, frag, &budget)
}

func (s *Spec) pointerAt(root *Node, frag string, budget *int) *Node {
	if frag == "" {
		return root
	}
	if !strings.HasPrefix(frag, "/") {
		return nil
	}
	n := root
	for _, part := range strings.Split(frag[1:], "/") {
		part = doctree.UnescapeToken(part)
		next := s.step(n, part)
		if next == nil && n.Kind == doctree.Mapping && str(n, "$ref") != "" {
			// A pointer through a reference: PagerDuty's bundled description
			// writes "#/paths/…/items/allOf/1/…" where items is a $ref, and
			// kin-openapi (so oasdiff) follows it. Read strictly it points
			// nowhere, which would refuse the whole document.
			t := n
			for str(t, "$ref") != "" && *budget > 0 {
				*budget--
				u, _ := s.resolveIn(t, str(t, "$ref"), budget)
				if u == nil {
					break
				}
				t = u
			}
			if t != n {
				next = s.step(t, part)
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

// step is one JSON pointer token below n: a key, or an index into a list
// ("…/oneOf/0").
func (s *Spec) step(n *Node, tok string) *Node {
	if n.Kind == doctree.Sequence {
		return doctree.Item(n, tok)
	}
	return s.get(n, tok)
}

// ignored reports whether n carries x-schemacheck-ignore listing rule (by ID or name).
func ignored(n *Node, r ruleDef) bool {
	l := get(n, "x-schemacheck-ignore")
	if l == nil {
		return false
	}
	for _, v := range l.Items() {
		if v.Value() == r.ID || v.Value() == r.Name {
			return true
		}
	}
	return false
}

// derefNode is deref without the ref.
func (s *Spec) derefNode(n *Node) *Node {
	n, _ = s.deref(n)
	return n
}
