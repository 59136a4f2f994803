package openapi

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"strings"

	"github.com/schemacheck/schemacheck/contracts"
	"github.com/schemacheck/schemacheck/internal/doctree"
	"github.com/schemacheck/schemacheck/internal/fetch"
	"github.com/schemacheck/schemacheck/internal/readlimit"
)

// part is another file or URL a document's $refs name.
type part struct {
	key  string // resolved location: a slash path in LoadOptions.FS, or a URL
	name string // the name findings use
	root *Node
}

type pendingRef struct {
	from *part // the file the $ref is written in; nil for the document itself
	node *Node
}

// Limits on what references may pull in, so a document cannot make a diff
// read without end: the bytes of all its referenced files together, each
// file's, and their number (each costs a tree and an index however small
// it is). Real documents split into many small files: DigitalOcean's
// public spec references about 1,400 files of 14 MB in all.
var (
	maxParts      = 20000
	maxPartSize   = int64(32 << 20)
	maxPartsBytes = 256 << 20
)

// loadReferenced reads every file and URL the document's $refs name, and
// the ones those name in turn. A file reference resolves in LoadOptions.FS
// and may not leave it; a URL is fetched only with LoadOptions.ExternalRefs.
func (s *Spec) loadReferenced() error {
	s.parts = map[string]*part{}
	read := 0 // bytes of the referenced files read so far
	if s.partOf == nil {
		s.partOf = map[*Node]*part{}
	}
	for len(s.pending) > 0 {
		r := s.pending[0]
		s.pending = s.pending[1:]
		file, _, _ := strings.Cut(r.node.Value(), "#")
		at := s.location(r.node)
		key := s.locate(r.from, file)
		remote := isURL(key) || key == "" && (isURL(file) || r.from != nil && isURL(r.from.key)) // a URL ref_map maps is a file
		switch {
		case remote && !s.opts.ExternalRefs:
			return fmt.Errorf("%s:%d: $ref %q is on another host: references over the network are refused; set external_refs: true on the contract in schemacheck.yaml to allow them, or map the URL's prefix to local files with ref_map", at.File, at.Line, r.node.Value())
		case !remote && s.opts.FS == nil:
			continue // nothing to read files from: the reference is left unresolved
		}
		if key == "" {
			return fmt.Errorf("%s:%d: $ref %q leaves the repository: a contract may only reference files inside it", at.File, at.Line, r.node.Value())
		}
		if s.parts[key] != nil {
			continue
		}
		if len(s.parts) >= maxParts {
			return fmt.Errorf("%s:%d: $ref %q: more than %d referenced files; the document was not read", at.File, at.Line, r.node.Value(), maxParts)
		}
		src, err := s.read(key, remote)
		if err != nil {
			return fmt.Errorf("%s:%d: $ref %q: %w", at.File, at.Line, r.node.Value(), err)
		}
		if read += len(src); read > maxPartsBytes {
			return fmt.Errorf("%s:%d: $ref %q: the referenced files hold more than %d MB together; the document was not read", at.File, at.Line, r.node.Value(), maxPartsBytes>>20)
		}
		p := &part{key: key, name: s.partName(key, remote)}
		tree, err := parseTree(p.name, src)
		if err != nil {
			return err
		}
		p.root = tree.Root
		s.parts[key] = p
		s.trees = append(s.trees, tree)
		s.index(p.root, p)
	}
	return nil
}

// locate resolves file, written in part from (nil: the document itself),
// to a key in s.parts: a URL, or a slash path in the FS. It returns "" for
// a path that leaves the FS.
func (s *Spec) locate(from *part, file string) string {
	base := s.opts.Path
	if from != nil {
		base = from.key
	}
	if isURL(file) || isURL(base) {
		b, err := url.Parse(base)
		if err != nil {
			return ""
		}
		u, err := b.Parse(file)
		if err != nil {
			return ""
		}
		u.Fragment = ""
		if local, ok := contracts.MapRef(u.String(), s.opts.RefMap); ok {
			return local
		}
		return u.String()
	}
	if path.IsAbs(file) {
		return ""
	}
	p := path.Join(path.Dir(base), file)
	if !fs.ValidPath(p) {
		return ""
	}
	return p
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

// partName is what findings call a referenced file: its path beside the
// document's own name (which may carry a git revision after @).
func (s *Spec) partName(key string, remote bool) string {
	if remote {
		return key
	}
	name, rev := s.File, ""
	if i := strings.LastIndex(name, "@"); i > strings.LastIndex(name, "/") {
		name, rev = name[:i], name[i:]
	}
	// The document's display name and its FS path end the same way; the
	// part keeps the display name's prefix.
	prefix := strings.TrimSuffix(name, s.opts.Path)
	if prefix == name {
		prefix = ""
	}
	return prefix + key + rev
}

func (s *Spec) read(key string, remote bool) ([]byte, error) {
	if !remote {
		src, err := readlimit.ReadFile(s.opts.FS, key, maxPartSize)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist", key)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		return src, nil
	}
	return fetch.Get(key, maxPartSize)
}

// literalKeys hold values, not OpenAPI objects: a "$ref" inside them is
// data, not a reference.
var literalKeys = map[string]bool{"example": true, "default": true, "enum": true, "const": true, "value": true}

// holdsData reports whether the value of keyword key holds data, not
// OpenAPI objects or schemas: literals, examples (JSON Schema's list or
// OpenAPI's map of Example Objects, which the comparison does not read)
// and extensions. checkRefs still checks a local $ref in an examples map.
func holdsData(key string) bool {
	return literalKeys[key] || key == "examples" || strings.HasPrefix(key, "x-")
}

// keys is what the keys of a mapping are, which decides what its values
// hold: the keywords of an OpenAPI object or a schema, or names (paths,
// status codes, media types, component and property names). A response
// named "default" or a property named "example" is an object like any
// other, whatever the keyword of that name holds; inside data every key
// is data.
type keys int

const (
	keywordKeys keys = iota
	nameKeys
	dataKeys
)

// nameMaps are the keywords whose mapping value is keyed by names, in
// OpenAPI 3 and Swagger 2.0 documents and their schemas.
var nameMaps = map[string]bool{"paths": true, "webhooks": true, "schemas": true, "responses": true,
	"parameters": true, "requestBodies": true, "headers": true, "securitySchemes": true, "links": true,
	"callbacks": true, "pathItems": true, "content": true, "encoding": true, "variables": true,
	"mapping": true, "scopes": true, "definitions": true, "securityDefinitions": true,
	"properties": true, "patternProperties": true, "$defs": true, "dependentSchemas": true}

// child is what the keys of the mapping under key are, in a mapping
// whose keys are k.
func (k keys) child(key string) keys {
	switch {
	case k == dataKeys:
		return dataKeys
	case k == nameKeys:
		return keywordKeys
	case holdsData(key):
		return dataKeys
	case nameMaps[key]:
		return nameKeys
	}
	return keywordKeys
}

// checkRefs refuses a $ref that points nowhere, in the document or in a
// file it references: silently comparing nothing in its place would hide
// every change behind it. Only JSON pointers are checked (#/components/…,
// file.yaml#/…); anchors (#name), schemas below an $id (whose references
// resolve against it), extensions and literal values are left alone, as
// are references into files that were not read (no FS).
func (s *Spec) checkRefs() error {
	roots := []*Node{s.root}
	for _, p := range s.parts {
		roots = append(roots, p.root)
	}
	var walk func(n *Node, in keys, depth int) error
	walk = func(n *Node, in keys, depth int) error {
		if depth > maxRefCheckDepth {
			return nil
		}
		switch n.Kind {
		case doctree.Sequence:
			for _, c := range n.Items() {
				if err := walk(c, in, depth+1); err != nil {
					return err
				}
			}
		case doctree.Mapping:
			if in == keywordKeys && get(n, "$id") != nil && depth > 0 {
				return nil
			}
			for _, v := range n.Items() {
				k := v.Key
				switch {
				case in == keywordKeys && k == "$ref" && v.Kind == doctree.Scalar:
					if err := s.checkRef(n, v); err != nil {
						return err
					}
				case in == keywordKeys && k == "examples" && v.Kind == doctree.Mapping:
					if err := walk(v, nameKeys, depth+1); err != nil {
						return err // a map of Example Objects, which may be $refs
					}
				case in.child(k) != dataKeys:
					if err := walk(v, in.child(k), depth+1); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	for _, r := range roots {
		if err := walk(r, keywordKeys, 0); err != nil {
			return err
		}
	}
	return nil
}

// maxRefCheckDepth bounds checkRefs' walk; documents nest far less.
const maxRefCheckDepth = 512

func (s *Spec) checkRef(at, ref *Node) error {
	file, frag, _ := strings.Cut(ref.Value(), "#")
	if frag != "" && !strings.HasPrefix(frag, "/") {
		return nil // an anchor
	}
	if file != "" && (s.opts.FS == nil && !isURL(file) || s.parts[s.locate(s.partOf[at], file)] == nil) {
		return nil // not read: nothing to check against
	}
	if t, _ := s.resolve(at, ref.Value()); t != nil {
		return nil
	}
	loc := s.location(ref)
	where := file
	if where == "" {
		where = "this document"
	}
	return fmt.Errorf("%s:%d:%d: $ref %q points to nothing in %s: fix the reference or add what it names", loc.File, loc.Line, loc.Column, ref.Value(), where)
}
