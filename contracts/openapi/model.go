package openapi

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/schemacheck/schemacheck/internal/doctree"

	"github.com/schemacheck/schemacheck/finding"
)

// Model is a read-only view of a document for the layers that compare it
// with something else (the database): its object schemas with their
// properties, and which operations carry each schema in which direction.
// It is built once from the node tree; nothing in it points back into it.
type Model struct {
	File string
	// Schemas are the object schemas (those with properties): every
	// component, and every inline object an operation carries. Sorted by
	// pointer.
	Schemas []*Schema
}

// Schema is one object schema, with allOf branches merged into it.
type Schema struct {
	// Pointer identifies the schema within the document and across its
	// versions: "#/components/schemas/User", or the path of an inline
	// schema ("#/paths/~1users/post/requestBody/content/application~1json/schema").
	Pointer string
	// Name is the component name; "" for an inline schema.
	Name     string
	Location finding.Location
	// Properties in document order; those of allOf branches come first, and
	// a property the schema declares itself replaces a branch's.
	Properties []*Property
	Table      string // x-schemacheck-table
	// IgnoreAll is x-schemacheck-ignore: true; Ignore lists the rules (IDs
	// or names) of x-schemacheck-ignore: [RULE, …].
	IgnoreAll bool
	Ignore    []string
	// Uses lists the operations that carry this schema, sorted; empty when
	// no operation reaches it. Schemas share the Use values: do not modify them.
	Uses []*Use
}

// Property is one property of an object schema, as its readers and writers
// see it: $refs followed, a single-branch allOf or a oneOf/anyOf with
// {type: null} unwrapped.
type Property struct {
	Name     string
	Location finding.Location // where the property is declared (its key)
	// Type is the JSON type without "null" ("integer", "string", …); several
	// types are joined with commas; "" when the schema gives none.
	Type         string
	Format       string
	HasMaxLength bool
	MaxLength    int
	HasMaximum   bool
	Maximum      float64
	Pattern      string
	Enum         []string // string forms of the enum values, null left out
	// Nullable is OpenAPI 3.0 nullable: true, a 3.1 type list with "null",
	// or a oneOf/anyOf branch {type: null}.
	Nullable   bool
	Required   bool
	ReadOnly   bool
	WriteOnly  bool
	HasDefault bool
	Default    string
	// Ref is the component the property's schema is ("#/components/schemas/Address").
	Ref string
	// Items describes the elements of an array property; nil otherwise.
	Items  *Property
	Column string // x-schemacheck-column
	// IgnoreAll and Ignore are x-schemacheck-ignore, as on Schema.
	IgnoreAll bool
	Ignore    []string
}

// Use is one operation carrying a schema in one direction.
type Use struct {
	Operation string // "POST /users"
	Method    string // lower case, as written in the document
	Path      string
	// Response is true for a response body (the server writes it, clients
	// read it), false for a request body (clients write, the server reads).
	Response bool
	Status   string // the response status code; "" for requests
	// Body is true when the schema is the body itself (or the elements of a
	// body that is an array), not an object nested inside it.
	Body bool
	// Created is true when the operation documents a 201 Created response.
	Created bool
	// Ignore lists the rules the operation's x-schemacheck-ignore names.
	Ignore []string
}

// maxModelDepth bounds how deeply nested inline schemas are followed.
const maxModelDepth = 64

// Model builds the read-only view of the document.
func (s *Spec) Model() *Model {
	b := &modelBuilder{s: s, byPtr: map[string]*Schema{}, graph: map[string]*gnode{}, seen: map[*gnode]uint8{},
		objects: map[*Node]bool{}, merging: map[*Node]bool{}}
	pairs(get(get(s.root, "components"), "schemas"), func(name string, n *Node) {
		ptr := componentPrefix + escapeToken(name)
		if target, _ := s.deref(n); b.isObject(target) {
			b.schemaAt(ptr, target)
		}
	})
	b.operations()
	m := &Model{File: s.File}
	for _, sch := range b.byPtr {
		// Operations are walked in order, so this rarely has to sort.
		if !slices.IsSortedFunc(sch.Uses, compareUse) {
			slices.SortStableFunc(sch.Uses, compareUse)
		}
		sch.Uses = slices.CompactFunc(sch.Uses, func(a, b *Use) bool { return compareUse(a, b) == 0 })
		m.Schemas = append(m.Schemas, sch)
	}
	slices.SortFunc(m.Schemas, func(a, b *Schema) int { return strings.Compare(a.Pointer, b.Pointer) })
	return m
}

// Schema returns the schema at pointer, or nil.
func (m *Model) Schema(pointer string) *Schema {
	i, ok := slices.BinarySearchFunc(m.Schemas, pointer, func(s *Schema, p string) int { return strings.Compare(s.Pointer, p) })
	if !ok {
		return nil
	}
	return m.Schemas[i]
}

// Property returns the property called name, or nil.
func (s *Schema) Property(name string) *Property {
	for _, p := range s.Properties {
		if p.Name == name {
			return p
		}
	}
	return nil
}

func compareUse(a, b *Use) int {
	return cmp.Or(strings.Compare(a.Operation, b.Operation), boolCompare(a.Response, b.Response),
		strings.Compare(a.Status, b.Status), boolCompare(a.Body, b.Body))
}

func boolCompare(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

type modelBuilder struct {
	s       *Spec
	byPtr   map[string]*Schema
	graph   map[string]*gnode // by pointer
	seen    map[*gnode]uint8  // walk's visited set, reused
	queue   []walkItem        // walk's queue, reused
	objects map[*Node]bool
	merging map[*Node]bool // allOf merges in progress
}

// isObject reports whether n is an object schema with properties (its own
// or its allOf branches'). It looks only at the structure, so a schema that
// contains itself ends, and remembers the answer: operations reach the
// same components again and again.
func (b *modelBuilder) isObject(n *Node) bool {
	if n == nil {
		return false
	}
	is, ok := b.objects[n]
	if ok {
		return is
	}
	b.objects[n] = false // while deciding: a branch that is n itself adds nothing
	if p := get(n, "properties"); p != nil && len(p.Items()) > 0 {
		is = true
	}
	if l := get(n, "allOf"); l != nil && !is {
		for _, br := range l.Items() {
			if br, _ = b.s.deref(br); b.isObject(br) {
				is = true
				break
			}
		}
	}
	b.objects[n] = is
	return is
}

// operations walks every operation's bodies, in the order Uses are
// sorted in (operation, request before responses, status), so that each
// schema's Uses come out sorted.
func (b *modelBuilder) operations() {
	type operation struct {
		use Use
		op  *Node
		ptr string
	}
	var ops []operation
	pairs(get(b.s.root, "paths"), func(path string, item *Node) {
		itemPtr := "#/paths/" + escapeToken(path)
		item, ref := b.s.deref(item)
		if ref != "" {
			itemPtr = ref
		}
		for _, o := range b.s.operationsOf(item) {
			m := strings.ToLower(o.method)
			if !slices.Contains(methods, m) {
				continue // an OpenAPI 3.2 additional operation: not in tables
			}
			ptr := itemPtr + "/" + m
			if o.ref != "" {
				ptr = o.ref
			}
			ops = append(ops, operation{Use{Operation: o.method + " " + path, Method: m, Path: path,
				Ignore: ignoreList(get(o.node, "x-schemacheck-ignore")), Created: get(get(o.node, "responses"), "201") != nil},
				o.node, ptr})
		}
	})
	slices.SortStableFunc(ops, func(a, b operation) int { return strings.Compare(a.use.Operation, b.use.Operation) })
	for _, o := range ops {
		body, ptr := b.follow(get(o.op, "requestBody"), o.ptr+"/requestBody")
		b.content(body, ptr, o.use)
		var codes []string
		pairs(get(o.op, "responses"), func(code string, _ *Node) {
			if strings.HasPrefix(code, "2") { // error bodies are not read from tables
				codes = append(codes, code)
			}
		})
		slices.Sort(codes)
		for _, code := range slices.Compact(codes) {
			resp, ptr := b.follow(get(get(o.op, "responses"), code), o.ptr+"/responses/"+escapeToken(code))
			u := o.use
			u.Response, u.Status = true, code
			b.content(resp, ptr, u)
		}
	}
}

// follow dereferences n and returns it with its pointer: the $ref's target
// when n was a reference, else ptr.
func (b *modelBuilder) follow(n *Node, ptr string) (*Node, string) {
	t, ref := b.s.deref(n)
	if ref != "" {
		return t, ref
	}
	return t, ptr
}

func (b *modelBuilder) content(n *Node, ptr string, u Use) {
	nested, body := u, u
	nested.Body, body.Body = false, true
	uses := [2]*Use{&nested, &body}
	clear(b.seen) // media types often share a schema: walk it once per use
	pairs(get(n, "content"), func(media string, mt *Node) {
		if s := get(mt, "schema"); s != nil {
			b.walk(b.node(s, ptr+"/content/"+escapeToken(media)+"/schema", false, 0), uses)
		}
	})
}

// gnode is one schema in the graph of schemas reachable from operations,
// built once however many operations reach it.
type gnode struct {
	ptr    string
	n      *Node
	record bool // an object schema of its own (not an inline allOf branch)
	edges  []gedge
	built  bool
}

// gedge leads to a schema nested in another; body says the nested schema
// still is the body when its parent is (array items, oneOf/anyOf branches).
type gedge struct {
	to   *gnode
	body bool
}

// node returns the graph node of the schema at n: wrappers around a $ref
// are seen through and $refs followed, so every site of a component is the
// component's node. part says n is an inline allOf branch, whose properties
// its parent records.
func (b *modelBuilder) node(n *Node, ptr string, part bool, depth int) *gnode {
	if n == nil || depth > maxModelDepth {
		return nil
	}
	for range 16 {
		inner, _ := b.unwrap(n)
		if inner == n {
			break
		}
		n = inner
	}
	n, ref := b.s.deref(n)
	if ref != "" {
		ptr, part = ref, false
	}
	if g := b.graph[ptr]; g != nil {
		return g
	}
	g := &gnode{ptr: ptr, n: n, record: !part && b.isObject(n)}
	b.graph[ptr] = g
	return g
}

// edgesOf lists the schemas nested in g, once.
func (b *modelBuilder) edgesOf(g *gnode, depth int) []gedge {
	if g.built {
		return g.edges
	}
	g.built = true
	add := func(n *Node, ptr string, body, part bool) {
		if to := b.node(n, ptr, part, depth+1); to != nil {
			g.edges = append(g.edges, gedge{to, body})
		}
	}
	pairs(get(g.n, "properties"), func(name string, v *Node) {
		add(v, g.ptr+"/properties/"+escapeToken(name), false, false)
	})
	// The elements of an array body are the body's objects (bulk create, list).
	add(get(g.n, "items"), g.ptr+"/items", true, false)
	for _, kw := range []string{"allOf", "oneOf", "anyOf"} {
		if l := get(g.n, kw); l != nil && l.Kind == doctree.Sequence {
			for i, br := range l.Items() {
				// An allOf branch alone is not the body: its parent is.
				add(br, g.ptr+"/"+kw+"/"+strconv.Itoa(i), kw != "allOf", kw == "allOf")
			}
		}
	}
	if ap := get(g.n, "additionalProperties"); ap != nil && ap.Kind == doctree.Mapping {
		add(ap, g.ptr+"/additionalProperties", false, false)
	}
	return g.edges
}

// walk records a use on every object schema reachable from root, breadth
// first: uses[1] where the schema is the body, uses[0] where it is nested.
// b.seen holds, per node, which of the two reached it, so cycles end and
// each node is recorded at most twice per use.
func (b *modelBuilder) walk(root *gnode, uses [2]*Use) {
	seen := b.seen
	queue := append(b.queue[:0], walkItem{root, true, 0})
	for i := 0; i < len(queue); i++ {
		it := queue[i]
		if it.g == nil {
			continue
		}
		bit := uint8(1)
		if it.body {
			bit = 2
		}
		if seen[it.g]&bit != 0 {
			continue
		}
		seen[it.g] |= bit
		if it.g.record {
			sch := b.schemaAt(it.g.ptr, it.g.n)
			if it.body {
				sch.Uses = append(sch.Uses, uses[1])
			} else {
				sch.Uses = append(sch.Uses, uses[0])
			}
		}
		for _, e := range b.edgesOf(it.g, it.depth) {
			queue = append(queue, walkItem{e.to, it.body && e.body, it.depth + 1})
		}
	}
	b.queue = queue
}

type walkItem struct {
	g     *gnode
	body  bool
	depth int
}

func (b *modelBuilder) schemaAt(ptr string, n *Node) *Schema {
	if sch := b.byPtr[ptr]; sch != nil {
		return sch
	}
	sch := &Schema{Pointer: ptr, Location: b.s.location(n), Table: str(n, "x-schemacheck-table")}
	if name, ok := strings.CutPrefix(ptr, componentPrefix); ok && !strings.Contains(name, "/") {
		sch.Name = unescapeToken(name)
	}
	sch.IgnoreAll, sch.Ignore = ignoreOf(n)
	sch.Properties = b.properties(n, 0)
	b.byPtr[ptr] = sch
	return sch
}

// properties merges the properties of n and of its allOf branches.
func (b *modelBuilder) properties(n *Node, depth int) []*Property {
	if n == nil || depth > maxModelDepth || b.merging[n] {
		return nil // a schema that is its own allOf branch adds nothing more
	}
	b.merging[n] = true
	defer delete(b.merging, n)
	var out []*Property
	required := map[string]bool{}
	add := func(p *Property) {
		if i := slices.IndexFunc(out, func(q *Property) bool { return q.Name == p.Name }); i >= 0 {
			p.Required = p.Required || out[i].Required
			out[i] = p
			return
		}
		out = append(out, p)
	}
	if l := get(n, "allOf"); l != nil {
		for _, br := range l.Items() {
			br, _ = b.s.deref(br)
			for _, p := range b.properties(br, depth+1) {
				add(p)
			}
		}
	}
	if l := get(n, "required"); l != nil {
		for _, v := range l.Items() {
			required[v.Value()] = true
		}
	}
	pairs(get(n, "properties"), func(name string, v *Node) {
		p := b.property(name, v, 0)
		p.Required = required[name]
		add(p)
	})
	for _, p := range out {
		if required[p.Name] {
			p.Required = true
		}
	}
	return out
}

// property describes the schema site declares for a property (or, with an
// empty name, an array's items).
func (b *modelBuilder) property(name string, site *Node, depth int) *Property {
	p := &Property{Name: name, Location: b.s.location(site)}
	target, wrappedNull := b.unwrap(site)
	target, ref := b.s.deref(target)
	if strings.HasPrefix(ref, componentPrefix) {
		p.Ref = ref
	}
	p.Nullable = wrappedNull || nullable(site) || nullable(target)
	p.Type = typeOf(target)
	if p.Type == "" && b.isObject(target) {
		p.Type = "object"
	}
	p.Format = str(target, "format")
	if v, err := strconv.Atoi(str(target, "maxLength")); err == nil {
		p.HasMaxLength, p.MaxLength = true, v
	}
	if v, err := strconv.ParseFloat(str(target, "maximum"), 64); err == nil {
		p.HasMaximum, p.Maximum = true, v
	}
	p.Pattern = str(target, "pattern")
	if l := get(target, "enum"); l != nil {
		for _, v := range l.Items() {
			if v.Kind == doctree.Scalar && v.ShortTag() != "!!null" {
				p.Enum = append(p.Enum, v.Value())
			}
		}
	}
	sites := []*Node{site}
	if target != site {
		sites = append(sites, target)
	}
	for _, n := range sites {
		p.ReadOnly = p.ReadOnly || str(n, "readOnly") == "true"
		p.WriteOnly = p.WriteOnly || str(n, "writeOnly") == "true"
		if d := get(n, "default"); d != nil && !p.HasDefault {
			p.HasDefault, p.Default = true, d.Value()
		}
		if p.Column == "" {
			p.Column = str(n, "x-schemacheck-column")
		}
		all, list := ignoreOf(n)
		p.IgnoreAll = p.IgnoreAll || all
		p.Ignore = append(p.Ignore, list...)
	}
	if p.Type == "array" && depth < maxModelDepth {
		if items := get(target, "items"); items != nil {
			p.Items = b.property("", items, depth+1)
		}
	}
	return p
}

// unwrap sees through the wrappers people put around a $ref to add
// nullability or a description: allOf with one branch, and a oneOf/anyOf
// whose only other branch is {type: null}.
func (b *modelBuilder) unwrap(n *Node) (*Node, bool) {
	if l := get(n, "allOf"); l != nil && len(l.Items()) == 1 && get(n, "properties") == nil {
		return l.Items()[0], false
	}
	for _, kw := range []string{"oneOf", "anyOf"} {
		l := get(n, kw)
		if l == nil || len(l.Items()) != 2 {
			continue
		}
		for i, br := range l.Items() {
			if isNullType(br) {
				return l.Items()[1-i], true
			}
		}
	}
	return n, false
}

func isNullType(n *Node) bool {
	t := get(n, "type")
	return t != nil && t.Kind == doctree.Scalar && t.Value() == "null"
}

// ignoreOf reads x-schemacheck-ignore: true, one rule, or a list of rules.
func ignoreOf(n *Node) (bool, []string) {
	v := get(n, "x-schemacheck-ignore")
	if v == nil {
		return false, nil
	}
	if v.Kind == doctree.Scalar {
		if v.Value() == "true" {
			return true, nil
		}
		if v.Value() == "false" || v.Value() == "" {
			return false, nil
		}
		return false, []string{v.Value()}
	}
	return false, ignoreList(v)
}

func ignoreList(v *Node) []string {
	if v == nil {
		return nil
	}
	if v.Kind == doctree.Scalar && v.Value() != "" && v.Value() != "true" && v.Value() != "false" {
		return []string{v.Value()}
	}
	var out []string
	for _, c := range v.Items() {
		if c.Kind == doctree.Scalar {
			out = append(out, c.Value())
		}
	}
	return out
}

// escapeToken and unescapeToken are JSON pointer (RFC 6901) token escaping.
func escapeToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func unescapeToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}
