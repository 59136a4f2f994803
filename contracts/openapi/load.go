// Package openapi diffs two OpenAPI 3.x documents and reports the changes
// that break clients or servers, one finding per change.
//
// Documents are read as yaml.v3 node trees (JSON is valid YAML), which keeps
// every node's line for findings and avoids a second decode.
//
// Why not kin-openapi: the product brief names github.com/getkin/kin-openapi for
// loading. Measured on the Stripe pair (4 MB JSON each) on the project's
// machine, kin-openapi's loader alone takes 2.6–3.1 s and 218–288 MB,
// already 0.27–0.33× oasdiff's whole wall time (9.55 s) and 0.56–0.75× its
// memory (386 MB) before any comparison, above issue 5's targets of 0.2×
// and 0.5×. Reading yaml.v3 node trees keeps every line for findings and
// loads and diffs the pair in 0.50 s and 77 MB.
//
// Swagger 2.0 is converted with kin-openapi's openapi2conv (swagger.go), on
// its own model: only Swagger documents pay for kin-openapi's decoding, and
// their findings name the file without a line, since the lines are those
// of the conversion. A conversion on yaml.v3 nodes that keeps lines is
// future work (see COVERAGE.md).
package openapi

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/schemacheck/schemacheck/finding"
)

// Spec is one loaded OpenAPI document.
type Spec struct {
	File string
	root *yaml.Node // the document's top mapping
	// keys maps each mapping value to its key, so a finding about a value
	// points at the line and column where the key is written.
	keys map[*yaml.Node]*yaml.Node
	// members holds the values of large mappings (paths, components) by
	// key, so $refs and path lookups are not scans: with scans, diffing a
	// document twice the size took four times as long.
	members map[*yaml.Node]map[string]*yaml.Node

	opts LoadOptions
	// parts are the other files and URLs $refs name, by resolved location;
	// partOf says which one a node belongs to (absent: the document itself).
	parts   map[string]*part
	partOf  map[*yaml.Node]*part
	pending []pendingRef
	// converted: read from a Swagger 2.0 document through its OpenAPI 3
	// conversion, whose line numbers are not the file's.
	converted bool
}

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
}

// Load reads an OpenAPI 3.0 or 3.1 document (YAML or JSON) from path.
func Load(path string, opts LoadOptions) (*Spec, error) {
	src, err := os.ReadFile(path)
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
	root, err := parseYAML(name, src)
	if err != nil {
		return nil, err
	}
	if v := get(root, "swagger"); v != nil {
		if v.Value != "2.0" {
			return nil, fmt.Errorf("%s:%d: swagger %q: only Swagger 2.0 is supported (or OpenAPI 3.0 and 3.1)", name, v.Line, v.Value)
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
	if v == nil || !(strings.HasPrefix(v.Value, "3.0") || strings.HasPrefix(v.Value, "3.1") || strings.HasPrefix(v.Value, "3.2")) {
		return nil, fmt.Errorf("%s:1: missing or unsupported \"openapi\" version (want 3.0, 3.1 or 3.2)", name)
	}
	s := &Spec{File: name, root: root, keys: map[*yaml.Node]*yaml.Node{}, members: map[*yaml.Node]map[string]*yaml.Node{},
		opts: opts, partOf: map[*yaml.Node]*part{}}
	if err := s.index(name, root, nil); err != nil {
		return nil, err
	}
	if err := s.loadReferenced(); err != nil {
		return nil, err
	}
	if err := s.checkRefs(); err != nil {
		return nil, err
	}
	return s, nil
}

func parseYAML(name string, src []byte) (*yaml.Node, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: not valid YAML or JSON: %w", name, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:1: an OpenAPI document must be a mapping at the top", name)
	}
	return doc.Content[0], nil
}

// index maps every mapping value below root to its key node, and refuses
// a mapping with a duplicate key: such a document is invalid, and the two
// readings of it would make a document differ from itself. Aliases are not
// followed, so a document cannot make the walk expand. It also indexes the
// values of every mapping of more than largeMapping keys by key, records
// which referenced file (p, nil for the document itself) each node is in,
// and queues every $ref to another file.
func (s *Spec) index(file string, root *yaml.Node, p *part) error {
	var walk func(n *yaml.Node) error
	walk = func(n *yaml.Node) error {
		if p != nil {
			s.partOf[n] = p
		}
		if n.Kind == yaml.MappingNode {
			seen := map[string]*yaml.Node{}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i]
				if first, dup := seen[k.Value]; dup {
					return fmt.Errorf("%s:%d:%d: duplicate key %q (first at line %d): remove one of them", file, k.Line, k.Column, k.Value, first.Line)
				}
				seen[k.Value] = k
				s.keys[n.Content[i+1]] = k
				if v := n.Content[i+1]; k.Value == "$ref" && v.Kind == yaml.ScalarNode && !strings.HasPrefix(v.Value, "#") {
					s.pending = append(s.pending, pendingRef{from: p, node: v})
				}
			}
			if len(n.Content)/2 > largeMapping {
				m := make(map[string]*yaml.Node, len(n.Content)/2)
				for i := 0; i+1 < len(n.Content); i += 2 {
					m[n.Content[i].Value] = n.Content[i+1]
				}
				s.members[n] = m
			}
		}
		for _, c := range n.Content {
			if err := walk(c); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(root)
}

// largeMapping is the size above which a mapping's values are indexed.
const largeMapping = 32

// get is get(m, key), through the index for large mappings.
func (s *Spec) get(m *yaml.Node, key string) *yaml.Node {
	if idx, ok := s.members[m]; ok {
		return idx[key]
	}
	return get(m, key)
}

// location is where a finding about node n is shown: at its key when n is
// a mapping value, else at n itself.
func (s *Spec) location(n *yaml.Node) finding.Location {
	file := s.File
	if p := s.partOf[n]; p != nil {
		file = p.name
	}
	if s.converted && file == s.File {
		// Lines of the Swagger document's conversion, not of the file:
		// the message names the operation or schema instead.
		return finding.Location{File: file}
	}
	if k, ok := s.keys[n]; ok {
		n = k
	}
	return finding.Location{File: file, Line: n.Line, Column: n.Column}
}

// get returns the value of key in mapping m, or nil.
func get(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// pairs calls fn for each key/value of mapping m in document order.
func pairs(m *yaml.Node, fn func(k string, v *yaml.Node)) {
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		fn(m.Content[i].Value, m.Content[i+1])
	}
}

// str returns the scalar value of key in m, or "".
func str(m *yaml.Node, key string) string {
	if v := get(m, key); v != nil && v.Kind == yaml.ScalarNode {
		return v.Value
	}
	return ""
}

// deref follows $refs (at most a few hops, so cycles of bare refs end)
// and returns the target node and the last ref followed ("" if none). A
// ref into another file is returned resolved ("api/common.yaml#/Pet"), so
// two files' same-named fragments never meet.
func (s *Spec) deref(n *yaml.Node) (*yaml.Node, string) {
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
func (s *Spec) resolve(at *yaml.Node, ref string) (*yaml.Node, string) {
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
	return s.pointerIn(root, frag), canon
}

// pointerIn resolves a JSON pointer fragment ("/a/b", or "" for the root).
func (s *Spec) pointerIn(root *yaml.Node, frag string) *yaml.Node {
	if frag == "" {
		return root
	}
	if !strings.HasPrefix(frag, "/") {
		return nil
	}
	n := root
	for _, part := range strings.Split(frag[1:], "/") {
		part = strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")
		n = s.get(n, part)
		if n == nil {
			return nil
		}
	}
	return n
}

// ignored reports whether n carries x-schemacheck-ignore listing rule (by ID or name).
func ignored(n *yaml.Node, r ruleDef) bool {
	l := get(n, "x-schemacheck-ignore")
	if l == nil {
		return false
	}
	for _, v := range l.Content {
		if v.Value == r.ID || v.Value == r.Name {
			return true
		}
	}
	return false
}

// derefNode is deref without the ref.
func (s *Spec) derefNode(n *yaml.Node) *yaml.Node {
	n, _ = s.deref(n)
	return n
}
