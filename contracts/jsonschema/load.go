package jsonschema

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemacheck/schemacheck/contracts"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/doctree"
	"github.com/schemacheck/schemacheck/internal/fetch"
	"github.com/schemacheck/schemacheck/internal/readlimit"
)

// Schema is one compiled version of a JSON Schema plus what findings need
// to point at lines: a JSON-pointer→line index of every file it was read from.
type Schema struct {
	// File is the path the schema was loaded from, as the caller gave it.
	File string
	root *jsonschema.Schema
	docs map[string]*docInfo // document URL → display name and line index
	// owned holds every compiled subschema of this version: two versions
	// read from two revisions of one path share document URLs, not schemas.
	owned map[*jsonschema.Schema]bool
	// subschemas counts the schema objects of its documents, loaded so far.
	subschemas int
}

type docInfo struct {
	file  string
	lines *lineIndex
	raw   any
}

// LoadOptions controls how a schema and the files it references are read.
type LoadOptions struct {
	// FS, when set, is the tree the schema belongs to (a repository on disk
	// or at a git revision) and Path the schema's slash-separated path in
	// it: local "$ref"s are read from FS, so they resolve in the same
	// revision and cannot leave the tree. Root is then ignored.
	FS   fs.FS
	Path string
	// Root is the directory that local "$ref"s may not escape, when FS is
	// nil. Empty means the directory holding the schema file.
	Root string
	// AllowRemote permits "$ref"s to http(s) URLs. They are refused by
	// default so that a diff never depends on the network.
	AllowRemote bool
	// RefMap reads references to URLs below a prefix from local files:
	// the rest of the URL is appended to the mapping's path (in FS when
	// it is set, else on disk below Root). A schema from a catalog such as
	// SchemaStore, whose $id is a URL its relative $refs resolve against,
	// can so be checked against its vendored neighbours.
	RefMap []contracts.RefMapping
}

// maxDocumentSize bounds every file or URL read for a reference.
const maxDocumentSize = 32 << 20

// Load compiles the schema in data, read from path. References to other
// local files are read from disk below opts.Root; remote references are
// refused unless opts.AllowRemote is set.
func Load(path string, data []byte, opts LoadOptions) (*Schema, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if opts.FS != nil {
		if !fs.ValidPath(opts.Path) {
			return nil, fmt.Errorf("%s: invalid path %q in its tree", path, opts.Path)
		}
		abs = "/" + opts.Path
	}
	doc, lines, err := parseDocument(path, data)
	if err != nil {
		return nil, err
	}
	root := opts.Root
	if root == "" {
		root = filepath.Dir(abs)
	}
	if root, err = filepath.Abs(root); err != nil {
		return nil, fmt.Errorf("%s: root directory: %w", path, err)
	}
	if !opts.AllowRemote {
		if refused := remoteRefs(doc, "file://"+filepath.ToSlash(abs), opts.RefMap); len(refused) > 0 {
			first, where := 0, make([]string, len(refused))
			for i, r := range refused {
				line := lines.first(r.at)
				if first == 0 || line > 0 && line < first {
					first = line
				}
				where[i] = fmt.Sprintf("%s (line %d)", r.url, line)
			}
			return nil, fmt.Errorf("%s:%d: $refs to %d URL(s) on the network, which are refused: %s; map their prefix to local files with contracts[].ref_map, vendor the schemas, or set external_refs: true",
				path, first, len(refused), strings.Join(where, ", "))
		}
	}
	s := &Schema{File: path, docs: map[string]*docInfo{}}
	if err := s.spendSubschemas(path, doc); err != nil {
		return nil, err
	}
	ld := &loader{schema: s, fsys: opts.FS, root: root, base: filepath.Dir(abs), display: filepath.Dir(path), remote: opts.AllowRemote, refMap: opts.RefMap}
	c := jsonschema.NewCompiler()
	c.UseRegexpEngine(RegexpEngine)
	c.UseLoader(ld)
	if err := c.AddResource(abs, doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s.root, err = c.Compile(abs)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot compile the schema (fix the schema or its references): %w", path, err)
	}
	docURL, _ := splitLocation(s.root.Location)
	s.docs[docURL] = &docInfo{file: path, lines: lines, raw: doc}
	s.owned = map[*jsonschema.Schema]bool{}
	for _, sub := range subschemas(s.root) {
		s.owned[sub] = true
	}
	return s, nil
}

// Raw returns the keyword's value as written in the source document.
func (s *Schema) Raw(sch *jsonschema.Schema, keyword string) any {
	if !s.owned[sch] {
		return nil
	}
	doc, ptr := splitLocation(sch.Location)
	info := s.docs[doc]
	if info == nil {
		return nil
	}
	v := info.raw
	for _, tok := range append(strings.Split(ptr, "/")[1:], keyword) {
		tok = tokenUnescaper.Replace(tok)
		switch m := v.(type) {
		case map[string]any:
			v = m[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(m) {
				return nil
			}
			v = m[i]
		default:
			return nil
		}
	}
	return v
}

// loader reads referenced documents, confined to root and, for URLs, only
// when allowed.
type loader struct {
	schema  *Schema
	fsys    fs.FS // when set, local references are read from it (paths are "/"+its paths)
	root    string
	base    string // directory of the main schema, absolute
	display string // directory of the main schema, as the caller named it
	remote  bool
	refMap  []contracts.RefMapping
}

func (l *loader) Load(u string) (any, error) {
	parsed, err := url.Parse(u)
	if err != nil {
		return nil, err
	}
	var data []byte
	var name string
	switch parsed.Scheme {
	case "file":
		name, data, err = l.readLocal(parsed.Path)
	case "http", "https":
		if local, ok := contracts.MapRef(u, l.refMap); ok {
			if l.fsys != nil {
				name, data, err = l.readTree("/" + local)
			} else {
				name, data, err = l.readLocal(filepath.Join(l.root, filepath.FromSlash(local)))
			}
			break
		}
		if !l.remote {
			return nil, fmt.Errorf("remote reference %s refused: vendor the schema below %s, map its prefix with contracts[].ref_map, or enable remote references", u, l.root)
		}
		name = u
		data, err = fetch.Get(u, maxDocumentSize)
	default:
		return nil, fmt.Errorf("reference %s: unsupported URL scheme %q", u, parsed.Scheme)
	}
	if err != nil {
		return nil, err
	}
	doc, lines, err := parseDocument(name, data)
	if err != nil {
		return nil, err
	}
	if err := l.schema.spendSubschemas(name, doc); err != nil {
		return nil, err
	}
	l.schema.docs[u] = &docInfo{file: name, lines: lines, raw: doc}
	return doc, nil
}

// readLocal reads path if it lies below the root directory, after resolving
// symbolic links, so a reference cannot reach files outside the project.
func (l *loader) readLocal(path string) (string, []byte, error) {
	if l.fsys != nil {
		return l.readTree(path)
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", nil, err
	}
	root, err := filepath.EvalSymlinks(l.root)
	if err != nil {
		return "", nil, err
	}
	if rel, err := filepath.Rel(root, real); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", nil, fmt.Errorf("reference to %s escapes the root directory %s", path, l.root)
	}
	data, err := readlimit.ReadPath(real, maxDocumentSize)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", path, err)
	}
	name := path
	if rel, err := filepath.Rel(l.base, path); err == nil {
		name = filepath.Join(l.display, rel)
	}
	return name, data, nil
}

// readTree reads a reference from the schema's tree.
func (l *loader) readTree(path string) (string, []byte, error) {
	rel := strings.TrimPrefix(path, "/")
	if !fs.ValidPath(rel) {
		return "", nil, fmt.Errorf("reference to %s: not a path inside the schema's tree", path)
	}
	data, err := readlimit.ReadFile(l.fsys, rel, maxDocumentSize)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil, err
	}
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", rel, err)
	}
	name := rel
	if r, err := filepath.Rel(l.base, path); err == nil {
		name = filepath.ToSlash(filepath.Join(l.display, r))
	}
	return name, data, nil
}

// Where locates a compiled schema's keyword (a path of keywords, such as
// "properties/name", is looked up below the schema).
func (s *Schema) Where(sch *jsonschema.Schema, keyword string) (finding.Location, bool) {
	if sch == nil || !s.owned[sch] {
		return finding.Location{}, false
	}
	file, line := s.where(sch, keyword)
	return finding.Location{File: file, Line: line}, true
}

// Subject names a schema, or the place below it that keyword path below
// leads to, by its place in the file: "#/definitions/a".
func (s *Schema) Subject(sch *jsonschema.Schema, below string) (string, bool) {
	if !s.owned[sch] {
		return "", false
	}
	_, ptr := splitLocation(sch.Location)
	for _, kw := range strings.Split(below, "/") {
		if kw != "" {
			ptr += "/" + escapeToken(kw)
		}
	}
	return pointerOrRoot(ptr), true
}

// where returns the file and line of a compiled schema's keyword.
func (s *Schema) where(sch *jsonschema.Schema, keyword string) (file string, line int) {
	if sch == nil {
		return s.File, 0
	}
	doc, ptr := splitLocation(sch.Location)
	info := s.docs[doc]
	if info == nil {
		return s.File, 0
	}
	for _, kw := range strings.Split(keyword, "/") {
		if kw != "" {
			ptr += "/" + escapeToken(kw)
		}
	}
	return info.file, info.lines.lookup(ptr)
}

// refusedRef is a document on the network that $refs name, and the JSON
// pointers of those $refs.
type refusedRef struct {
	url string
	at  []string
}

// remoteRefs lists, sorted, the documents on the network that doc's $refs
// name and neither an $id of doc nor a ref_map mapping m provides.
func remoteRefs(doc any, base string, m []contracts.RefMapping) []refusedRef {
	defined := map[string]bool{}
	type ref struct{ url, at string }
	var refs []ref
	// names: v is a map of names to schemas (properties, $defs), whose
	// keys are not keywords: a property named "default" is a schema.
	var walk func(v any, base, ptr string, depth int, names bool)
	walk = func(v any, base, ptr string, depth int, names bool) {
		if depth > maxNesting {
			return
		}
		switch v := v.(type) {
		case map[string]any:
			if names {
				for k, e := range v {
					walk(e, base, ptr+"/"+escapeToken(k), depth+1, false)
				}
				return
			}
			if id, ok := v["$id"].(string); ok {
				if u := resolveURL(base, id); u != "" {
					base = u
					defined[strings.TrimSuffix(u, "#")] = true
				}
			}
			if r, ok := v["$ref"].(string); ok {
				if u := resolveURL(base, r); strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
					refs = append(refs, ref{u, ptr + "/$ref"})
				}
			}
			for k, e := range v {
				if k != "enum" && k != "const" && k != "default" && k != "examples" {
					walk(e, base, ptr+"/"+escapeToken(k), depth+1, slices.Contains(schemaMaps, k))
				}
			}
		case []any:
			for i, e := range v {
				walk(e, base, ptr+"/"+strconv.Itoa(i), depth+1, false)
			}
		}
	}
	walk(doc, base, "", 0, false)
	byDoc := map[string]*refusedRef{}
	var out []refusedRef
	for _, r := range refs {
		doc, _, _ := strings.Cut(r.url, "#")
		if _, mapped := contracts.MapRef(r.url, m); mapped || defined[doc] {
			continue
		}
		if byDoc[doc] == nil {
			byDoc[doc] = &refusedRef{url: doc}
		}
		byDoc[doc].at = append(byDoc[doc].at, r.at)
	}
	for _, r := range byDoc {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b refusedRef) int { return strings.Compare(a.url, b.url) })
	return out
}

func resolveURL(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	r, err := b.Parse(ref)
	if err != nil {
		return ""
	}
	return r.String()
}

// parseDocument reads a schema document, and the line of each of its JSON
// pointers: JSON, or YAML, as the OpenAPI loader reads it (anchors and
// merge keys expanded within its node budget). The same schema written in
// either is the same schema. An empty file gets the JSON parser's error.
func parseDocument(name string, data []byte) (any, *lineIndex, error) {
	if doctree.LooksJSON(data) || len(bytes.TrimSpace(data)) == 0 {
		lines, err := newLineIndex(data)
		if err != nil {
			return nil, nil, fmt.Errorf("%s:%w: not valid JSON", name, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: not valid JSON: %w", name, err)
		}
		return doc, lines, nil
	}
	tree, err := doctree.ParseYAML(data)
	if err != nil {
		var se *doctree.SyntaxError
		if errors.As(err, &se) && se.Line > 0 {
			return nil, nil, fmt.Errorf("%s:%d: not valid YAML (a JSON Schema is read as JSON or YAML): %s", name, se.Line, se.Msg)
		}
		return nil, nil, fmt.Errorf("%s: not valid YAML (a JSON Schema is read as JSON or YAML): %w", name, err)
	}
	lines, err := treeLineIndex(data, tree.Root)
	if err != nil {
		return nil, nil, fmt.Errorf("%s:%w", name, err)
	}
	return doctree.ToAny(tree.Root), lines, nil
}
