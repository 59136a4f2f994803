package openapi

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemacheck/schemacheck/contracts/jsonschema"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/doctree"
)

// OpenAPI request and response schemas are compared by the JSON Schema
// engine (contracts/jsonschema): each Schema Object is translated to JSON
// Schema 2020-12 and compiled by the real validator, lazily, one resource
// per schema that a body, parameter or header uses or a $ref names, so
// only the schemas whose versions differ are ever compiled.
//
// OpenAPI 3.1 schemas are JSON Schema 2020-12 already; 3.0 Schema Objects
// are translated first: nullable: true allows null, boolean
// exclusiveMinimum/Maximum become the numeric forms, a $ref's siblings are
// ignored (3.0 says so), and example is dropped. Each side of the wire has
// its own view: in a request a readOnly property is not sent, in a
// response a writeOnly one: required does not apply to it, the reader
// ignores whatever comes under its name, and the comparer leaves it out
// of what the writer sends (CompareOptions.Omitted).
//
// Both versions' schemas of one view share one compiler, and a schema of
// the new version written exactly as its counterpart in the old one (its
// $refs followed) is not translated again: the new version refers to the
// old one's resource. Unchanged parts are then the same compiled schemas,
// which the comparer recognises at once. The same holds below a schema:
// a part of one (a property, an item, a branch) written the same as the
// part at the same place of its counterpart in the other version becomes
// one resource of the old version's set, which both translations refer to
// (sharePart). Stripe's request bodies are written inline, a few
// thousand schemas each, and a new version changes a few of them.

type view int

const (
	requestView view = iota
	responseView
)

func (v view) String() string { return [...]string{"request", "response"}[v] }

// maxSchemaNesting bounds how deep one schema is translated; deeper
// parts are compared as unconstrained and the comparison says so. The
// validator's meta-schema check grows with the square of the depth.
const maxSchemaNesting = 400

// schemaSet is one document's schemas in one view, compiled on demand.
type schemaSet struct {
	spec     *Spec
	view     view
	base     string // URL prefix of the set's resources
	compiler *sjs.Compiler
	urls     map[*Node]string
	res      map[string]*resource
	names    map[*Node]string // component schemas by node
	// old, for the new version's set: the old version's set of the same
	// view, whose resources a schema written the same way shares; same
	// decides that, shared maps each shared resource URL to this
	// version's node.
	old    *schemaSet
	same   *rawSameness
	shared map[string]*Node
	// checked are the shapes of schema objects that passed the
	// meta-schema check, shared by both versions' sets of both views
	// (metacheck.go).
	checked shapes
	// leaves are the translations of leaf schema objects, shared by both
	// versions' sets of the view (leaves.go).
	leaves *leaves
	// incomplete: a schema nested deeper than maxSchemaNesting was cut.
	incomplete bool
	// order is the view's compile order, shared by both versions' sets.
	order *compileOrder
	// looked caches lookup: the comparison asks for the same compiled
	// schema's place and keywords again and again (every annotation of
	// every pair it compares).
	looked map[*sjs.Schema]looked
	// twin is the other version's set of the view, whose document holds a
	// resource's counterpart; enclosed are the resources made of a part
	// of a schema that both versions write the same (sharePart), with the
	// place each is written in this version.
	twin     *schemaSet
	enclosed map[string]enclosure
}

// enclosure is where a shared part is written in one version: below the
// node of the resource that encloses it, at a source pointer.
type enclosure struct {
	node *Node
	at   string
}

type looked struct {
	r  *resource
	o  origin
	ok bool
}

// resource is one translated schema and the node it was read from.
type resource struct {
	node    *Node
	subject string // "schema Pet", or the body, parameter or header it is
	name    string // the component name, if it is one
	set     *schemaSet
	url     string
	// doc is its translation until the compiler loads it; refs are the
	// resources the translation refers to, and order the resource's place
	// in the compile order (compileOrder).
	doc  any
	refs []*resource
	// counterpart is the node the resource is written as in the other
	// version, where one is known: the other side of the use it is, or
	// the component of the same name. Parts written the same as theirs
	// are shared (sharePart).
	counterpart *Node
	order       struct {
		index, low int
		open       bool
	}
}

type origin struct {
	node *Node
	ptr  string // source pointer below the resource's node
}

// newSchemaSets returns the old and the new version's sets of one view.
func newSchemaSets(old, new *Spec, v view, same *rawSameness, checked shapes) (*schemaSet, *schemaSet) {
	c := sjs.NewCompiler()
	c.UseRegexpEngine(jsonschema.RegexpEngine)
	c.DefaultDraft(sjs.Draft2020)
	c.AssertFormat()
	c.AssertContent()
	for _, f := range jsonschema.NumericFormats() {
		c.RegisterFormat(f)
	}
	sets := loaders{}
	c.UseLoader(sets)
	lv := newLeaves()
	order := newCompileOrder(c)
	mk := func(spec *Spec, side string) *schemaSet {
		set := &schemaSet{spec: spec, view: v, compiler: c, base: setBase(side, v), checked: checked, leaves: lv,
			urls: map[*Node]string{}, res: map[string]*resource{}, names: map[*Node]string{}, shared: map[string]*Node{},
			order: order, same: same, enclosed: map[string]enclosure{}}
		pairs(get(get(spec.root, "components"), "schemas"), func(name string, n *Node) {
			set.names[n] = name
		})
		sets[set.base] = set
		return set
	}
	o, n := mk(old, "old"), mk(new, "new")
	n.old = o
	o.twin, n.twin = n, o
	return o, n
}

// loaders sends each URL the compiler asks for to the set it belongs to.
type loaders map[string]*schemaSet

func (l loaders) Load(u string) (any, error) {
	if set := l.of(u); set != nil {
		return set.Load(u)
	}
	return nil, fmt.Errorf("%s: not a schema of either version", u)
}

// of returns the set whose resource u is, or nil.
func (l loaders) of(u string) *schemaSet {
	for base, set := range l {
		if strings.HasPrefix(u, base) {
			return set
		}
	}
	return nil
}

// url returns the resource URL of a schema node, registering it (with the
// subject it is reported under) on first use. canon is the $ref that
// names it, if any: the old version's schema of the same name, written the
// same way, is shared instead.
func (set *schemaSet) url(n *Node, subject, canon string) string {
	if u, ok := set.urls[n]; ok {
		return u
	}
	if set.old != nil && canon != "" {
		if o, _ := set.old.spec.resolve(set.old.spec.root, canon); o != nil && set.same.nodes(o, n) {
			u := set.old.url(o, subject, canon)
			set.urls[n] = u
			set.shared[u] = n
			return u
		}
	}
	u := set.base + "r" + strconv.Itoa(len(set.urls)) + ".json"
	if canon != "" {
		subject = "schema " + strings.TrimSuffix(strings.TrimPrefix(canon, componentPrefix), "#")
	}
	r := &resource{node: n, subject: subject, set: set, url: u}
	if canon != "" && set.twin != nil {
		other := set.twin.spec
		r.counterpart, _ = other.resolve(other.root, canon)
	}
	if name, ok := set.names[n]; ok {
		r.name, r.subject = name, "schema "+name
	} else if canon != "" && !strings.HasPrefix(canon, "#") {
		// A definition in another file (DigitalOcean's
		// models/droplet_actions.yml#/droplet_action) is named by where it
		// is, as a component is by its key: the same place in both
		// versions is the same definition, and a discriminator's mapping
		// names it by that place.
		r.name = strings.TrimSuffix(canon, "#")
	}
	set.urls[n] = u
	set.res[u] = r
	return u
}

// compile returns the compiled schema of node n, written as cp in the
// other version (nil if it has none), the resources it refers to
// compiled first (compileOrder).
func (set *schemaSet) compile(n, cp *Node, subject string) (*sjs.Schema, error) {
	u := set.url(n, subject, "")
	r := set.res[u]
	if r.counterpart == nil && r.refs == nil && r.doc == nil {
		r.counterpart = cp
	}
	set.order.refsFirst(r)
	return set.compiler.Compile(u)
}

// Load translates the resource at u (the compiler's loader).
func (set *schemaSet) Load(u string) (any, error) {
	r := set.res[u]
	if r == nil {
		return nil, fmt.Errorf("%s: not a schema of this document", u)
	}
	doc := r.translation()
	r.doc = nil // the compiler keeps what it loads
	if err := set.checked.check(u, doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// translation returns r's translation, made once until the compiler
// loads it.
func (r *resource) translation() any {
	if r.doc == nil {
		t := translator{set: r.set, v30: strings.HasPrefix(r.set.spec.version, "3.0"), res: r}
		r.doc = t.schema(r.node, r.counterpart, 0)
		r.refs = t.refs
	}
	return r.doc
}

// resourceAt returns the resource at u: one of the set's, or an old one
// it shares.
func (set *schemaSet) resourceAt(u string) *resource {
	if r := set.res[u]; r != nil || set.old == nil {
		return r
	}
	return set.old.res[u]
}

// compileOrder compiles the resources a resource refers to before it.
// The compiler finds a schema it has queued by a linear search of its
// queue, and one Compile call queues every schema it reaches that is not
// compiled yet: the first body of the Stripe pair queued 4,209 schemas,
// and those searches took 8% of the diff's CPU. Resources that refer to
// each other, directly or not, are compiled together by one call, once
// every resource they refer to outside their cycle is (Tarjan's
// algorithm: a component is complete when its first resource is left),
// so a call queues one such component: the largest in Stripe's document
// holds 68 components. The compiled schemas are the same in any order.
type compileOrder struct {
	compile func(u string) // compiles u with what it reaches
	// reached counts the resources reached so far (they are numbered
	// from 1, resource.order.index); open are those of components not
	// yet complete.
	reached int
	open    []*resource
}

func newCompileOrder(c *sjs.Compiler) *compileOrder {
	// An error is the including schema's too: its own Compile meets it
	// again and reports it.
	return &compileOrder{compile: func(u string) { _, _ = c.Compile(u) }}
}

// refsFirst compiles every resource root reaches, each component of
// resources that refer to each other after those it refers to; the
// caller compiles root's own. A resource's low is the least index it
// reaches while its component is open.
func (o *compileOrder) refsFirst(root *resource) {
	if root == nil || root.order.index != 0 {
		return
	}
	type frame struct {
		r    *resource
		refs []*resource
	}
	var path []frame
	reach := func(r *resource) {
		o.reached++
		r.order.index, r.order.low, r.order.open = o.reached, o.reached, true
		o.open = append(o.open, r)
		r.translation()
		path = append(path, frame{r, r.refs})
	}
	reach(root)
	for len(path) > 0 {
		top := &path[len(path)-1]
		if len(top.refs) > 0 {
			next := top.refs[0]
			top.refs = top.refs[1:]
			switch {
			case next == nil:
			case next.order.index == 0:
				reach(next)
			case next.order.open:
				top.r.order.low = min(top.r.order.low, next.order.index)
			}
			continue
		}
		r := top.r
		path = path[:len(path)-1]
		if len(path) > 0 {
			parent := path[len(path)-1].r
			parent.order.low = min(parent.order.low, r.order.low)
		}
		if r.order.low != r.order.index {
			continue
		}
		for {
			w := o.open[len(o.open)-1]
			o.open = o.open[:len(o.open)-1]
			w.order.open = false
			if w == r {
				break
			}
		}
		if r != root {
			o.compile(r.url)
		}
	}
}

type translator struct {
	set *schemaSet
	v30 bool
	// refs are the resources the translation's $refs name.
	refs []*resource
	// res is the resource translated; path the source pointer's tokens
	// from its node to the schema being translated (sharePart).
	res  *resource
	path []string
}

// schemaKeywords are the keywords whose value is a schema, a list of
// schemas, or a map of them, in every draft an OpenAPI document may use.
var (
	oneSchema = map[string]bool{"additionalProperties": true, "not": true, "if": true, "then": true, "else": true,
		"contains": true, "propertyNames": true, "unevaluatedItems": true, "unevaluatedProperties": true,
		"contentSchema": true, "additionalItems": true, "items": true}
	schemaList = map[string]bool{"allOf": true, "anyOf": true, "oneOf": true, "prefixItems": true}
	schemaMap  = map[string]bool{"properties": true, "patternProperties": true, "dependentSchemas": true, "$defs": true, "definitions": true}
	// dropped are keywords that assert nothing a comparison can use, or
	// that would clash once schemas are moved into resources of their own.
	dropped = map[string]bool{"discriminator": true, "xml": true, "externalDocs": true, "example": true,
		"$id": true, "$schema": true, "$anchor": true, "$dynamicAnchor": true, "$dynamicRef": true, "$recursiveRef": true,
		"$recursiveAnchor": true, "$comment": true, "description": true, "title": true, "nullable": true}
)

func (t *translator) schema(n, cp *Node, depth int) any {
	if n == nil {
		return true
	}
	if depth > maxSchemaNesting {
		t.set.incomplete = true
		return true
	}
	if u, ok := t.sharePart(n, cp); ok {
		return map[string]any{"$ref": u}
	}
	switch n.Kind {
	case doctree.Scalar:
		if n.Tag == doctree.TagBool {
			return doctree.ScalarValue(n) // a boolean schema (3.1)
		}
		return true // not a schema: nothing to compare
	case doctree.Sequence:
		return true
	}
	lv := t.set.leaves
	if lv.text(n) {
		if v, ok := lv.byText[string(lv.buf)]; ok {
			return v
		}
		key := string(lv.buf)
		v := t.translate(n, nil, depth)
		lv.byText[key] = v
		return v
	}
	return t.translate(n, cp, depth)
}

// translate is schema for a schema object (a mapping); cp is its
// counterpart in the other version, or nil.
func (t *translator) translate(n, cp *Node, depth int) any {
	out := map[string]any{}
	if ref := str(n, "$ref"); ref != "" {
		// A reference that resolves nowhere is compared as unconstrained
		// (the loader refuses one that leaves the document's tree).
		if target, canon := t.set.spec.resolve(n, ref); target != nil {
			u := t.set.url(target, canon, canon)
			out["$ref"] = u
			t.refs = append(t.refs, t.set.resourceAt(u))
		}
		if t.v30 {
			return out // OpenAPI 3.0: the siblings of $ref are ignored
		}
	}
	for _, v := range n.Items() {
		k := v.Key
		switch {
		case k == "$ref" || dropped[k] || strings.HasPrefix(k, "x-"):
		case oneSchema[k]:
			if k == "items" && v.Kind == doctree.Sequence { // draft 4 tuple form
				out[k] = t.list(k, v, t.other(cp, k), depth)
				continue
			}
			t.path = append(t.path, k)
			out[k] = t.schema(v, t.other(cp, k), depth+1)
			t.path = t.path[:len(t.path)-1]
		case schemaList[k]:
			if v.Kind != doctree.Sequence || len(v.Items()) == 0 {
				continue // not a list of schemas (oneOf: [] says nothing a reader would act on)
			}
			out[k] = t.list(k, v, t.other(cp, k), depth)
		case k == "type":
			if ty, ok := jsonTypes(v); ok {
				out[k] = ty
			}
		case schemaMap[k]:
			m := map[string]any{}
			cpm := t.other(cp, k)
			pairs(v, func(name string, sub *Node) {
				if (k == "properties" || k == "patternProperties") && t.hidden(sub) {
					// Not sent on this side: the reader ignores it, the
					// comparer leaves it out of what writers send.
					m[name] = map[string]any{t.hiddenKeyword(): true}
					return
				}
				t.path = append(t.path, k, doctree.EscapeToken(name))
				m[name] = t.schema(sub, t.other(cpm, name), depth+1)
				t.path = t.path[:len(t.path)-2]
			})
			out[k] = m
		case k == "required":
			out[k] = t.required(n, v)
		case (k == "exclusiveMinimum" || k == "exclusiveMaximum") && v.Tag == doctree.TagBool:
			continue // 3.0's flag on minimum/maximum (below), also left in many 3.1 documents
		case k == "examples":
		default:
			out[k] = doctree.ToAny(v)
		}
	}
	// OpenAPI 3.0's boolean exclusive bounds and nullable. A 3.1 document
	// that still writes them (OpenAI's does, 111 times) means what 3.0
	// meant, as kin-openapi and oasdiff read it: the keywords are not JSON
	// Schema 2020-12 (nullable is ignored there, a boolean bound invalid),
	// so the only other readings are "no null" for a nullable the author
	// kept on purpose and a schema the validator refuses.
	for _, b := range [][2]string{{"minimum", "exclusiveMinimum"}, {"maximum", "exclusiveMaximum"}} {
		if ex := get(n, b[1]); ex != nil && ex.Tag == doctree.TagBool && doctree.ScalarValue(ex) == true {
			if lim, ok := out[b[0]]; ok {
				out[b[1]] = lim
				delete(out, b[0])
			}
		}
	}
	t.mergeAllOfProperties(n, out)
	if nv := get(n, "nullable"); nv != nil && doctree.ScalarValue(nv) == true || nullableMember(n) {
		return t.nullable(out)
	}
	return out
}

// mergeAllOfProperties reads an allOf as OpenAPI tools do, as one merged
// object: an additionalProperties written in one member applies to the
// properties no member (nor the schema itself) declares. Box's
// Metadata--Full writes allOf: [{$ref: Metadata}, {properties: {$canEdit:
// {type: boolean}}}, {additionalProperties: {type: string}}]; read
// literally, the last member makes $canEdit a string as well as a boolean,
// so no response could hold it, while every generated client reads it as
// a boolean and the server sends one. The inline member with
// additionalProperties gets the names the others declare, as properties
// that assert nothing.
func (t *translator) mergeAllOfProperties(n *Node, out map[string]any) {
	all := get(n, "allOf")
	members, _ := out["allOf"].([]any)
	if all == nil || all.Kind != doctree.Sequence || len(members) != len(all.Items()) {
		return
	}
	for i, m := range all.Items() {
		ap := get(m, "additionalProperties")
		if m.Kind != doctree.Mapping || str(m, "$ref") != "" || ap == nil || ap.Tag == doctree.TagBool && doctree.ScalarValue(ap) == true {
			continue
		}
		names := map[string]bool{}
		t.declared(n, names, 0, m)
		tm, ok := members[i].(map[string]any)
		if !ok || len(names) == 0 {
			continue
		}
		props, _ := tm["properties"].(map[string]any)
		if props == nil {
			props = map[string]any{}
		}
		for name := range names {
			if _, ok := props[name]; !ok {
				props[name] = true
			}
		}
		tm["properties"] = props
	}
}

// declared adds the property names n declares, itself or through its
// $ref and allOf members (skipping the member except), to names.
func (t *translator) declared(n *Node, names map[string]bool, depth int, except *Node) {
	if n == nil || n.Kind != doctree.Mapping || depth > 16 {
		return
	}
	if ref := str(n, "$ref"); ref != "" {
		if target, _ := t.set.spec.resolve(n, ref); target != nil {
			t.declared(target, names, depth+1, nil)
		}
	}
	pairs(get(n, "properties"), func(name string, _ *Node) { names[name] = true })
	if all := get(n, "allOf"); all != nil && all.Kind == doctree.Sequence {
		for _, m := range all.Items() {
			if m != except {
				t.declared(m, names, depth+1, nil)
			}
		}
	}
}

// nullableMember reports an allOf with a member that says only nullable:
// true, the idiom generators write for a nullable $ref (allOf: [{$ref: X},
// {nullable: true}]; OpenAI's documents have 22). Read literally, the
// member allows null only where X does, which no author means: the whole
// allOf is X or null, as with nullable beside the allOf.
func nullableMember(n *Node) bool {
	all := get(n, "allOf")
	if all == nil || all.Kind != doctree.Sequence {
		return false
	}
	for _, m := range all.Items() {
		if m.Kind != doctree.Mapping {
			continue
		}
		nullable := false
		only := true
		for _, v := range m.Items() {
			switch {
			case v.Key == "nullable":
				nullable = doctree.ScalarValue(v) == true
			case dropped[v.Key] || strings.HasPrefix(v.Key, "x-") || v.Key == "default" || v.Key == "examples":
			default:
				only = false
			}
		}
		if nullable && only {
			return true
		}
	}
	return false
}

// jsonTypes keeps the names of a type keyword that are JSON types: a
// document that writes "int" or "file" still has its other keywords
// compared, where the validator would refuse the whole schema.
func jsonTypes(v *Node) (any, bool) {
	valid := map[string]bool{"null": true, "boolean": true, "object": true, "array": true, "number": true, "string": true, "integer": true}
	switch v.Kind {
	case doctree.Scalar:
		return v.Value(), valid[v.Value()]
	case doctree.Sequence:
		var out []any
		for _, e := range v.Items() {
			if e.Kind == doctree.Scalar && valid[e.Value()] && !slices.Contains(out, any(e.Value())) {
				out = append(out, e.Value())
			}
		}
		return out, len(out) > 0
	}
	return nil, false
}

// list translates the list of schemas v under keyword k; cp is the
// list in the other version, or nil.
func (t *translator) list(k string, v, cp *Node, depth int) []any {
	out := make([]any, 0, len(v.Items()))
	var cps []*Node
	if cp != nil && cp.Kind == doctree.Sequence {
		cps = cp.Items()
	}
	for i, sub := range v.Items() {
		var c *Node
		if i < len(cps) && !(k == "allOf" && get(sub, "additionalProperties") != nil) {
			// An allOf member with additionalProperties is translated
			// with the names its siblings declare (mergeAllOfProperties):
			// it is not the part alone.
			c = cps[i]
		}
		t.path = append(t.path, k, strconv.Itoa(i))
		out = append(out, t.schema(sub, c, depth+1))
		t.path = t.path[:len(t.path)-2]
	}
	return out
}

// --- Parts both versions write the same ---

// other returns keyword k of the counterpart cp, or nil.
func (t *translator) other(cp *Node, k string) *Node {
	if cp == nil || cp.Kind != doctree.Mapping {
		return nil
	}
	return t.set.twin.spec.get(cp, k)
}

// sharePart makes schema n, written the same as its counterpart cp in
// the other version ($refs followed), one resource of the old version's
// set that both versions' translations refer to, and returns its URL.
// Only parts of minSharedSchemas schemas or more are shared: a smaller
// one costs the compiler less than a resource of its own and the two
// references to it. A node that is already a resource, or already
// written elsewhere, keeps its translation.
func (t *translator) sharePart(n, cp *Node) (string, bool) {
	if cp == nil || t.res == nil || t.res.counterpart == nil || len(t.path) == 0 || schemasIn(n, minSharedSchemas) < minSharedSchemas {
		return "", false
	}
	oldSet, newSet := t.set, t.set.twin
	oldNode, newNode := n, cp
	oldEncl, newEncl := t.res.node, t.res.counterpart
	if t.set.old != nil {
		oldSet, newSet = t.set.old, t.set
		oldNode, newNode = cp, n
		oldEncl, newEncl = newEncl, oldEncl
	}
	u, ok := oldSet.urls[oldNode]
	switch {
	case ok && oldSet.enclosed[u].node == nil:
		return "", false // a resource of its own
	case !ok:
		if !t.set.same.nodes(oldNode, newNode) {
			return "", false
		}
		at := "/" + strings.Join(t.path, "/")
		u = oldSet.url(oldNode, t.res.subject+schemaPath(at), "")
		oldSet.enclosed[u] = enclosure{node: oldEncl, at: at}
	}
	if _, ok := newSet.shared[u]; !ok {
		newSet.shared[u] = newNode
		newSet.enclosed[u] = enclosure{node: newEncl, at: oldSet.enclosed[u].at}
	}
	t.refs = append(t.refs, oldSet.res[u])
	return u, true
}

// minSharedSchemas is the fewest schema objects a shared part holds. On
// the generated 48.5 MB pair, whose changed parts are all objects of two
// schemas (tags: an array of strings; metadata: a map of strings),
// sharing every part with a subschema cost 7% more time and memory.
const minSharedSchemas = 6

// schemasIn counts the schema objects written in n, its $refs not
// followed, up to limit.
func schemasIn(n *Node, limit int) int {
	if n.Kind != doctree.Mapping {
		return 0
	}
	count := 1
	for _, v := range n.Items() {
		if count >= limit {
			break
		}
		switch k := v.Key; {
		case oneSchema[k]:
			count += schemasIn(v, limit-count)
		case schemaList[k] || schemaMap[k] || k == "items" && v.Kind == doctree.Sequence:
			for _, sub := range v.Items() {
				if count >= limit {
					break
				}
				count += schemasIn(sub, limit-count)
			}
		}
	}
	return count
}

// hidden reports whether a property is not sent on this side: readOnly in
// a request, writeOnly in a response (on the property or its $ref target).
func (t *translator) hidden(n *Node) bool {
	kw := t.hiddenKeyword()
	if str(n, kw) == "true" {
		return true
	}
	target, _ := t.set.spec.deref(n)
	return target != n && str(target, kw) == "true"
}

func (t *translator) hiddenKeyword() string {
	if t.set.view == requestView {
		return "readOnly"
	}
	return "writeOnly"
}

// required drops the properties this side does not send from a required list.
func (t *translator) required(schema, list *Node) any {
	props := get(schema, "properties")
	out := []any{}
	for _, r := range list.Items() {
		if p := get(props, r.Value()); p != nil && t.hidden(p) {
			continue
		}
		out = append(out, doctree.ScalarValue(r))
	}
	return out
}

// nullable translates OpenAPI 3.0's nullable: true: null is allowed beside
// what the schema allows. A type list and an enum take null in; keywords
// that would still reject it (allOf, anyOf, oneOf, not) move under an
// anyOf whose other branch is null.
func (t *translator) nullable(out map[string]any) any {
	for _, k := range []string{"allOf", "anyOf", "oneOf", "not", "$ref"} {
		if _, ok := out[k]; !ok {
			continue
		}
		return map[string]any{"anyOf": []any{out, map[string]any{"type": "null"}}}
	}
	switch tv := out["type"].(type) {
	case string:
		out["type"] = []any{tv, "null"}
	case []any:
		out["type"] = append(tv, "null")
	}
	if e, ok := out["enum"].([]any); ok {
		out["enum"] = append(e, nil)
	}
	return out
}

// --- Source: where the engine's results are, in this document ---

func (set *schemaSet) lookup(s *sjs.Schema) (*resource, origin, bool) {
	if s == nil || !set.mayHold(s) {
		return nil, origin{}, false
	}
	if l, ok := set.looked[s]; ok {
		return l.r, l.o, l.ok
	}
	r, o, ok := set.find(s)
	if set.looked == nil {
		set.looked = map[*sjs.Schema]looked{}
	}
	set.looked[s] = looked{r, o, ok}
	return r, o, ok
}

// mayHold reports whether s may be one of the set's schemas: one of its
// resources or an old one it shares. The comparison asks both sets about
// every schema; answering the other set's without the cache halves it.
func (set *schemaSet) mayHold(s *sjs.Schema) bool {
	return strings.HasPrefix(s.Location, set.base) || len(set.shared) > 0 && strings.HasPrefix(s.Location, set.old.base)
}

// find is lookup without the cache: the resource a compiled schema was
// translated from, and the node it was written as.
func (set *schemaSet) find(s *sjs.Schema) (*resource, origin, bool) {
	u, frag, _ := strings.Cut(s.Location, "#")
	if p, err := url.PathUnescape(frag); err == nil {
		frag = p
	}
	if e, ok := set.enclosed[u]; ok {
		return set.findPart(u, frag, e)
	}
	if n, ok := set.shared[u]; ok {
		// The old version's resource, written as this version's node n.
		r, o, ok := set.old.lookup(s)
		if !ok {
			return nil, origin{}, false
		}
		mine := &resource{node: n, subject: r.subject, name: r.name}
		if set.names[n] != "" {
			mine.name, mine.subject = set.names[n], "schema "+set.names[n]
		}
		return mine, origin{node: set.below(n, o.ptr), ptr: o.ptr}, true
	}
	if !strings.HasPrefix(s.Location, set.base) {
		return nil, origin{}, false
	}
	r := set.res[u]
	if r == nil {
		return nil, origin{}, false
	}
	return r, set.locate(r, frag), true
}

// findPart is find for a part both versions write the same, a resource
// of the old version's set: the place is given in the resource that
// encloses it in this version, as if it had been translated in place.
func (set *schemaSet) findPart(u, frag string, e enclosure) (*resource, origin, bool) {
	owner := set
	if set.old != nil {
		owner = set.old
	}
	r := owner.res[u]
	if r == nil {
		return nil, origin{}, false
	}
	o := owner.locate(r, frag)
	if owner != set {
		o.node = set.below(set.shared[u], o.ptr)
	}
	encl := set.res[set.urls[e.node]]
	if encl == nil || encl.node != e.node {
		// The enclosing schema is not one of this set's resources (the
		// other version's counterpart was never translated here).
		base := r.node
		if owner != set {
			base = set.shared[u]
		}
		return &resource{node: base, subject: r.subject}, o, true
	}
	return encl, origin{node: o.node, ptr: e.at + o.ptr}, true
}

// below is the node at source pointer ptr below n, this version's node of
// a resource the old version's set holds, or n where ptr leads nowhere.
func (set *schemaSet) below(n *Node, ptr string) *Node {
	if ptr == "" {
		return n
	}
	if at := set.spec.pointerIn(n, ptr); at != nil {
		return at
	}
	return n
}

// Where locates keyword kw of s (a path such as "properties/name" is
// looked up below it) at its key in the document.
func (set *schemaSet) Where(s *sjs.Schema, kw string) (finding.Location, bool) {
	_, o, ok := set.lookup(s)
	if !ok {
		return finding.Location{}, false
	}
	n := o.node
	for _, tok := range strings.Split(kw, "/") {
		if tok == "" {
			continue
		}
		if v := get(n, tok); v != nil {
			n = v
		} else {
			break
		}
	}
	return set.spec.location(n), true
}

// Subject names the schema s is part of: its component ("schema Pet") or
// the body, parameter or header it is, with the path below it, and below
// that the place keyword path below leads to.
func (set *schemaSet) Subject(s *sjs.Schema, below string) (string, bool) {
	r, o, ok := set.lookup(s)
	if !ok {
		return "", false
	}
	ptr := o.ptr
	for _, kw := range strings.Split(below, "/") {
		if kw != "" {
			ptr += "/" + doctree.EscapeToken(kw)
		}
	}
	return r.subject + schemaPath(ptr), true
}

// Raw returns keyword kw of s as written.
func (set *schemaSet) Raw(s *sjs.Schema, kw string) any {
	_, o, ok := set.lookup(s)
	if !ok {
		return nil
	}
	if v := get(o.node, kw); v != nil {
		return doctree.ToAny(v)
	}
	return nil
}

// Display replaces the set's resource URLs in a validator message.
func (set *schemaSet) Display(msg string) string {
	if !strings.Contains(msg, set.base) {
		return msg
	}
	for u, r := range set.res {
		msg = strings.ReplaceAll(msg, u, r.subject)
	}
	return msg
}

// name is the component a compiled schema is the root of, if any.
func (set *schemaSet) name(s *sjs.Schema) string {
	r, o, ok := set.lookup(s)
	if !ok || o.ptr != "" {
		return ""
	}
	return r.name
}

// schemaPath shows a pointer below a schema the way people name the
// place: properties as .name, array items as [], additional properties
// as {}, other keywords as /keyword.
func schemaPath(ptr string) string {
	if ptr == "" {
		return ""
	}
	var sb strings.Builder
	toks := strings.Split(ptr[1:], "/")
	for i := 0; i < len(toks); i++ {
		tok := doctree.UnescapeToken(toks[i])
		switch {
		case (tok == "properties" || tok == "patternProperties") && i+1 < len(toks):
			i++
			sb.WriteString("." + doctree.UnescapeToken(toks[i]))
		case tok == "items":
			sb.WriteString("[]")
		case tok == "additionalProperties":
			sb.WriteString("{}")
		default:
			sb.WriteString("/" + tok)
		}
	}
	return sb.String()
}

// locate is where the schema at pointer frag of r's translation was
// written: the source node and its pointer below r's node. It follows frag
// through the source as the translation built it (the anyOf a nullable
// wraps a schema in, tuple items, properties a view hides), and where
// frag leads to no written schema (the null branch of that anyOf, a
// keyword the translation drops) it stops at the innermost schema that
// has one. Translating r again to record every schema's place cost as
// much as the first translation, for the few schemas a comparison asks
// about.
func (set *schemaSet) locate(r *resource, frag string) origin {
	at := origin{node: r.node}
	if !strings.HasPrefix(frag, "/") {
		return at
	}
	t := translator{set: set, v30: strings.HasPrefix(set.spec.version, "3.0")}
	toks := strings.Split(frag[1:], "/")
	n, src := r.node, ""
	for i, depth := 0, 0; ; depth++ {
		if n == nil || depth > maxSchemaNesting || n.Kind != doctree.Mapping {
			return at
		}
		at = origin{n, src}
		ref := str(n, "$ref")
		if ref != "" && t.v30 {
			return at // 3.0: the siblings of $ref are not translated
		}
		if wrapsNullable(set.spec, n, ref) {
			// Translated as anyOf: [n, {type: null}].
			if i+2 > len(toks) || toks[i] != "anyOf" || toks[i+1] != "0" {
				return at
			}
			i += 2
		}
		if i == len(toks) {
			return at
		}
		k := toks[i]
		v := get(n, k)
		if v == nil || k == "$ref" || dropped[k] || strings.HasPrefix(k, "x-") {
			return at
		}
		switch {
		case oneSchema[k] && !(k == "items" && v.Kind == doctree.Sequence):
			n, src, i = v, src+"/"+k, i+1
			continue
		case oneSchema[k] || schemaList[k]:
			if v.Kind != doctree.Sequence || i+1 == len(toks) {
				return at
			}
			j, err := strconv.Atoi(toks[i+1])
			if err != nil || j < 0 || j >= len(v.Items()) || strconv.Itoa(j) != toks[i+1] {
				return at
			}
			n, src, i = v.Items()[j], src+"/"+k+"/"+toks[i+1], i+2
			continue
		case schemaMap[k]:
			if i+1 == len(toks) {
				return at
			}
			name := doctree.UnescapeToken(toks[i+1])
			sub := set.spec.get(v, name)
			if sub == nil || doctree.EscapeToken(name) != toks[i+1] {
				return at
			}
			src += "/" + k + "/" + toks[i+1]
			if (k == "properties" || k == "patternProperties") && t.hidden(sub) {
				return origin{sub, src} // translated as a stub: nothing below it
			}
			n, i = sub, i+2
			continue
		}
		return at
	}
}

// wrapsNullable reports whether the translation of schema n moves it
// under an anyOf beside null (translator.nullable): it allows null and
// has a keyword that would still reject it. ref is n's $ref.
func wrapsNullable(spec *Spec, n *Node, ref string) bool {
	if nv := get(n, "nullable"); !(nv != nil && doctree.ScalarValue(nv) == true || nullableMember(n)) {
		return false
	}
	for _, k := range []string{"allOf", "anyOf", "oneOf"} {
		if l := get(n, k); l != nil && l.Kind == doctree.Sequence && len(l.Items()) > 0 {
			return true
		}
	}
	if get(n, "not") != nil {
		return true
	}
	if ref != "" {
		target, _ := spec.resolve(n, ref)
		return target != nil
	}
	return false
}
