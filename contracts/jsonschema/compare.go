package jsonschema

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"math/bits"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemacheck/schemacheck/finding"
)

const (
	// maxVisits bounds the node pairs compared in one direction, so a
	// hostile or enormous schema still finishes.
	maxVisits = 50000
	// maxDepth bounds the instance depth compared.
	maxDepth = 256
	// unknownKey names an undeclared property when comparing content models.
	unknownKey = "unknown_property"
)

type stepKind int

const (
	stepProperty stepKind = iota
	stepUnknown           // an undeclared property, standing for all of them
	stepPattern           // a property matched by patternProperties
	stepIndex
)

// step is one level of the instance path: the writer's node of the
// container and the property or index below it.
type step struct {
	// n and r are shared by every step into the same container (and the
	// trails copied from them): a step is copied into every path a
	// candidate keeps, so it holds pointers, not the nodes.
	n     *node
	r     *node // the reader's node of the container, for locating findings
	kind  stepKind
	key   string
	index int
	// pattern is the patternProperties regexp a stepPattern's key was
	// generated from: the step stands for every name it matches.
	pattern string
}

// at is where a keyword is written: a compiled schema and the keyword.
type at struct {
	s  *jsonschema.Schema
	kw string
}

// candidate is a possible break found structurally, before its witness is confirmed.
type candidate struct {
	rule finding.Rule
	what string
	// paths lead from a context's roots to the pair of nodes the candidate
	// is about: the first that found it, then others (another oneOf branch
	// of the writer, another API operation), tried when no witness fits
	// the first. At most maxAlts+1 are kept; every context is in paths or ctxs.
	paths  []route
	ctxs   []int
	leaves []any // values for the end of a path that the writer's node accepts and the reader's rejects
	// writerAt and readerAt are where the keyword is written on each side.
	writerAt    at
	readerAt    at
	undecidable bool // the keyword cannot be decided structurally; only a witness proves a break
	speculative bool // dropped rather than downgraded when no witness is confirmed
	// inUnion: found while comparing the writer with the reader's union
	// branch it resembles most; when the reader's whole schema accepts
	// every candidate witness, another branch took them, and it is dropped.
	inUnion bool
	// branchNote, when no witness is confirmed: a union branch only one
	// side has, whose values the other accepts anyway (Declared only).
	branchNote string
	note       Kind // not a break: a declared property or an annotation changed (0: a break)
	rawW, rawR any  // an annotation's values (AnnotationChanged)
	// retargeted are the discriminator values the writer maps to another
	// branch than the reader does, where the reader's branch accepts every
	// value tried of the writer's (Result.Retargeted).
	retargeted []string
	// property is the property a required or declared candidate is about;
	// propW and propR are its schemas where each side declares it
	// (Result.OldProperty).
	property     string
	propW, propR *jsonschema.Schema
	// misread are values the writer's node accepts that the reader's also
	// accepts but decodes to other content (the content keywords), tried
	// when no value the reader rejects is confirmed; misreadHow says how
	// each side reads each of them.
	misread    []any
	misreadHow []string
}

// route is one way to a pair of nodes: a context (one Compare call) and the
// steps from its roots, trail then tail. The routes revisit adds share
// their trail (the steps to the pair met again) and their tail (the first
// path's steps from there): copying each whole was a seventh of the
// memory a large OpenAPI diff allocated. join makes the steps one slice,
// for the few candidates that become results.
type route struct {
	ctx   int
	trail []step
	tail  []step
}

func (r route) size() int { return len(r.trail) + len(r.tail) }

func (r *route) join() {
	if len(r.tail) == 0 {
		r.tail = nil
		return
	}
	t := make([]step, 0, r.size())
	r.trail, r.tail = append(append(t, r.trail...), r.tail...), nil
}

// comparer walks a writer's and a reader's schema side by side and
// collects candidates where the writer may produce data the reader rejects.
type comparer struct {
	strict         bool
	declared       bool                            // report declared-property and annotation notes (CompareOptions.Declared)
	writer, reader string                          // "old" / "new", for messages
	ctx            int                             // the context being compared
	env            *env                            // work budget and enum value sets
	names          func(*jsonschema.Schema) string // definition names, for matching union branches
	gen            *generator
	same           *sameness
	formats        *formatTable
	seen           map[string]visit
	// walked stamps the pairs one reachNested walk has been through with
	// its number, walks: a set per walk, without a map made for each.
	walked     map[string]int
	walks      int
	noted      map[[2]*jsonschema.Schema]int // annotation notes made (their candidates), by schema pair
	annotated  []string                      // keywords noted when they change (CompareOptions.Annotations)
	unions     int                           // depth of reader unions being matched branch by branch
	active     []*visit                      // the comparisons in progress, innermost last
	visits     int
	incomplete bool
	claimed    claimedBranches
	cands      []candidate
	infos      []candidate // not breaks: default changes
	// inclusions memoizes patternInclusion by writer and reader patterns:
	// one pattern pair recurs wherever a shared definition is reached.
	inclusions map[string]inclusion
}

func (c *comparer) newNode(s *jsonschema.Schema) (node, bool) {
	n := c.env.node(s)
	if n.overflow {
		c.incomplete = true
	}
	return n, !n.overflow
}

func (c *comparer) report(r finding.Rule, trail []step, wAt, rAt at, leaves []any, format string, args ...any) {
	c.cands = append(c.cands, candidate{rule: r, what: fmt.Sprintf(format, args...),
		paths: []route{{c.ctx, slices.Clone(trail), nil}}, ctxs: []int{c.ctx}, leaves: leaves, writerAt: wAt, readerAt: rAt, inUnion: c.unions > 0})
}

// note records a difference that rejects no data but that readers of an
// API care about (CompareOptions.Declared).
func (c *comparer) notice(k Kind, trail []step, wAt, rAt at, format string, args ...any) {
	c.report(finding.Rule{}, trail, wAt, rAt, nil, format, args...)
	c.cands[len(c.cands)-1].note = k
}

func (c *comparer) undecided(r finding.Rule, trail []step, wAt, rAt at, leaves []any, format string, args ...any) {
	c.report(r, trail, wAt, rAt, leaves, format, args...)
	c.cands[len(c.cands)-1].undecidable = true
}

// witnesses keeps the values the writer's node accepts and the reader's rejects.
func witnesses(w, r node, raw []any) []any { return witnessesWhere(w, r, raw, nil) }

// witnessesWhere also requires pred (when not nil), so that a witness shows
// the keyword a finding is about rather than another difference.
func witnessesWhere(w, r node, raw []any, pred func(any) bool) []any {
	var out []any
	for _, v := range raw {
		if len(out) == maxCandidates {
			break
		}
		if !containsValue(out, v) && (pred == nil || pred(v)) && w.accepts(v) && !r.accepts(v) {
			out = append(out, v)
		}
	}
	return out
}

func atKw(n node, kw string, has func(*jsonschema.Schema) bool) at {
	return at{n.first(has), kw}
}

// atNode is where a node's schema is written: its first schema that is
// more than a wrapper around others (a body's {$ref: Pet} names Pet's
// schema, and so does a property's {oneOf: [{type: null}, {$ref: Pet}]}
// once the branch is taken: a change to Pet is one change, whichever
// wrappers lead to it), else atWritten.
func atNode(n node) at {
	for _, s := range n.all {
		if !onlyWraps(s) {
			return at{s, ""}
		}
	}
	return atWritten(n)
}

// atPeer is where node n is written when the other side writes the
// keyword at peer, a schema of node other: the schema of n at the same
// place (the same position in the two nodes' expansion of $ref and allOf
// and the same pointer inside its resource, unless it only wraps others:
// its content is what is compared), else the allOf that merges
// n's members when atNode would name its first member: a property removed
// from allOf: [{$ref: Base}, {properties: ...}] was never Base's, and a
// finding located there names a component that did not change.
func atPeer(n, other node, peer at) at {
	if i := slices.Index(other.all, peer.s); i >= 0 && i < len(n.all) && n.all[i] != nil && peer.s != nil {
		if s := n.all[i]; !onlyWraps(s) && (s == peer.s || fragment(s.Location) == fragment(peer.s.Location)) {
			return at{s, ""}
		}
	}
	first := atNode(n)
	for _, s := range n.all {
		if s == first.s {
			break
		}
		if len(s.AllOf) > 0 && slices.ContainsFunc(s.AllOf, func(m *jsonschema.Schema) bool { return m == first.s || m.Ref == first.s }) {
			return at{s, ""} // the allOf all its members are merged in, not its first member
		}
	}
	return first
}

// declaration is the schema of property p in the member of n that
// declares it, or nil.
func declaration(n node, p string) *jsonschema.Schema {
	for _, s := range n.all {
		if ps, ok := s.Properties[p]; ok {
			return ps
		}
	}
	return nil
}

// fragment is the pointer part of a schema location ("#/allOf/1").
func fragment(loc string) string {
	if i := strings.LastIndexByte(loc, '#'); i >= 0 {
		return loc[i:]
	}
	return ""
}

// atWritten is where a node's schema is written when what matters is its
// wrappers: the first schema that is more than a $ref (for a change to a
// union's branches, the union).
func atWritten(n node) at {
	for _, s := range n.all {
		if s.Ref == nil || !onlyRef(s) {
			return at{s, ""}
		}
	}
	return at{n.first(func(*jsonschema.Schema) bool { return false }), ""}
}

// onlyRef reports whether s asserts nothing beside its $ref.
func onlyRef(s *jsonschema.Schema) bool {
	c := *s
	c.Ref = nil
	return emptySchema(&c)
}

// onlyWraps reports whether s asserts nothing beside its $ref and its
// allOf, anyOf and oneOf: what it asserts is written in other schemas.
func onlyWraps(s *jsonschema.Schema) bool {
	if s.Ref == nil && len(s.AllOf)+len(s.AnyOf)+len(s.OneOf) == 0 {
		return false
	}
	c := *s
	c.Ref, c.AllOf, c.AnyOf, c.OneOf = nil, nil, nil, nil
	return emptySchema(&c)
}

// visit records which candidates the first comparison of a node pair produced.
type visit struct {
	depth    int // len(trail) at that comparison
	from, to int // range in cands
	// nested are the pairs met again (memoized) inside this comparison,
	// at any depth, that were first compared before it: their candidates
	// were found outside its range, but belong to it as well.
	nested []string
	// notes are the annotation notes made or met again inside this
	// comparison, at any depth: a note is made once per pair of schemas,
	// wherever it was first met, and an operation that meets this
	// comparison again meets the note too (Kratos's continueWith
	// discriminator, reached from 12 operations, listed 3).
	notes []int
}

// maxAlts bounds the alternative paths kept per candidate: each holds a
// copy of its trail, and a component reached from thousands of API
// operations would otherwise keep thousands.
const maxAlts = 8

// revisit adds trail as another path to the candidates found the first
// time this node pair was compared, and the current context to them.
func (c *comparer) revisit(v visit, trail []step) {
	var head []step // trail, copied once for all the routes added here
	copied := false
	for i := v.from; i < v.to; i++ {
		cd := &c.cands[i]
		cd.paths[0].join()
		first := cd.paths[0].trail
		if len(first) < v.depth {
			continue
		}
		n := len(trail) + len(first) - v.depth
		joined := func() route {
			if !copied {
				head, copied = slices.Clip(slices.Clone(trail)), true
			}
			return route{c.ctx, head, first[v.depth:]}
		}
		switch {
		case len(cd.paths) <= maxAlts:
			cd.paths = append(cd.paths, joined())
		default:
			// Keep the shortest paths: their witnesses are the smallest
			// documents, the cheapest to validate and to read.
			longest := 1
			for j := 2; j < len(cd.paths); j++ {
				if cd.paths[j].size() > cd.paths[longest].size() {
					longest = j
				}
			}
			if n < cd.paths[longest].size() {
				cd.paths[longest] = joined()
			}
		}
		if cd.ctxs[len(cd.ctxs)-1] != c.ctx {
			cd.ctxs = append(cd.ctxs, c.ctx)
		}
	}
	for _, i := range v.notes {
		c.meetNote(i)
	}
}

// reachNested adds the current context to the candidates of the pairs a
// memoized comparison met again inside it, so every operation reaching a
// shared component through another is listed (no alternative paths: the
// way from here to them is not kept).
func (c *comparer) reachNested(v visit) {
	for _, k := range v.nested {
		if c.walked[k] == c.walks {
			continue
		}
		c.walked[k] = c.walks
		nv := c.seen[k]
		for i := nv.from; i < nv.to; i++ {
			c.addCtx(i)
		}
		for _, i := range nv.notes {
			c.meetNote(i)
		}
		c.reachNested(nv)
	}
}

// check compares one instance location: w is what the writer may produce
// there, r what the reader accepts.
func (c *comparer) check(w, r node, trail []step) {
	c.visits++
	if c.visits > maxVisits || len(trail) > maxDepth || w.overflow || r.overflow || c.env.budget < 0 {
		c.incomplete = true
		return
	}
	if len(c.annotated) > 0 {
		c.annotations(w, r, trail) // before sameness: annotations are not compiled
	}
	if w.never || w.types() == 0 || r.unconstrained() || c.same.node(w, r) {
		return
	}
	k := w.key() + "→" + r.key()
	if v, ok := c.seen[k]; ok {
		if n := len(c.active); n > 0 {
			c.active[n-1].nested = append(c.active[n-1].nested, k)
		}
		c.revisit(v, trail)
		c.walks++
		if c.walked == nil {
			c.walked = map[string]int{}
		}
		c.walked[k] = c.walks
		c.reachNested(v)
		return
	}
	from := len(c.cands)
	c.active = append(c.active, &visit{depth: len(trail), from: from, to: from})
	c.seen[k] = *c.active[len(c.active)-1]
	defer func() {
		v := c.active[len(c.active)-1]
		c.active = c.active[:len(c.active)-1]
		v.to = len(c.cands)
		c.seen[k] = *v
		// What v met again and lies outside the comparison containing
		// it belongs to that one too: a later meeting of it again must
		// reach those candidates (Plaid's AccountSubtype, reached from
		// /accounts/get through AccountsGetResponse and AccountBase, was
		// not listed for /accounts/balance/get, which meets
		// AccountsGetResponse again).
		if n := len(c.active); n > 0 {
			parent := c.active[n-1]
			for _, nk := range v.nested {
				if c.seen[nk].from < parent.from && !slices.Contains(parent.nested, nk) {
					parent.nested = append(parent.nested, nk)
				}
			}
		}
	}()
	if r.never {
		c.rejectsAll(w, r, trail)
		return
	}
	if len(w.groups) > 0 {
		c.writerBranches(w, r, trail)
		return
	}
	if len(r.groups) > 0 {
		c.branches(w, r, trail)
		return
	}
	common := c.types(w, r, trail)
	if common == 0 {
		return
	}
	w = w.restrict(common)
	if c.enums(w, r, trail) {
		return
	}
	c.numbers(w, r, trail)
	c.strings(w, r, trail)
	c.arrays(w, r, trail)
	c.objects(w, r, trail)
	c.negations(w, r, trail)
	c.conditionals(w, r, trail)
	c.defaults(w, r, trail)
}

// annotations notes, once per pair of schemas, keywords that reject no
// data but tell readers how to read it (CompareOptions.Annotations, e.g.
// OpenAPI's discriminator), when their values differ.
func (c *comparer) annotations(w, r node, trail []step) {
	for i, kw := range c.annotated {
		wv, ws := c.annotationOf(w, i)
		rv, rs := c.annotationOf(r, i)
		if wv == nil && rv == nil || reflect.DeepEqual(wv, rv) {
			continue
		}
		k := [2]*jsonschema.Schema{ws, rs}
		if i, ok := c.noted[k]; ok {
			c.meetNote(i)
			continue
		}
		wAt, rAt := at{ws, kw}, at{rs, kw}
		if ws == nil {
			wAt = atNode(w)
		}
		if rs == nil {
			rAt = atNode(r)
		}
		c.notice(AnnotationChanged, trail, wAt, rAt, "%s", kw)
		c.noted[k] = len(c.cands) - 1
		c.meetNote(len(c.cands) - 1)
		cd := &c.cands[len(c.cands)-1]
		cd.rawW, cd.rawR = wv, rv
		if kw == "discriminator" {
			cd.retargeted = c.retargetsAccepted(w, r, ws, rs, wv, rv)
		}
	}
}

// retargetsAccepted returns the discriminator values that the writer's
// mapping (wv, on union ws) sends to another branch than the reader's
// (rv, on rs) does, where the reader's branch accepts every value tried
// of the writer's with that tag. DigitalOcean's droplet actions mapped
// enable_backups to droplet_action, then to droplet_action_enable_backups
// (allOf: [droplet_action, an optional backup_policy]): readers routing
// by the discriminator still accept what writers send.
func (c *comparer) retargetsAccepted(w, r node, ws, rs *jsonschema.Schema, wv, rv any) []string {
	wd, _ := wv.(map[string]any)
	rd, _ := rv.(map[string]any)
	prop, _ := wd["propertyName"].(string)
	if rp, _ := rd["propertyName"].(string); prop == "" || rp != prop {
		return nil
	}
	wm, _ := wd["mapping"].(map[string]any)
	rm, _ := rd["mapping"].(map[string]any)
	var out []string
	for _, tag := range slices.Sorted(maps.Keys(wm)) {
		wt, rt := wm[tag], rm[tag]
		if rt == nil || reflect.DeepEqual(wt, rt) {
			continue
		}
		wb, rb := c.mappedBranch(w, ws, wt), c.mappedBranch(r, rs, rt)
		if wb == nil || rb == nil {
			continue
		}
		tried := 0
		accepted := true
		for _, v := range c.gen.values(c.env.node(wb), 0) {
			obj, ok := v.(map[string]any)
			if !ok {
				continue
			}
			obj = maps.Clone(obj)
			obj[prop] = tag
			if wb.Validate(obj) != nil {
				continue // not a value the writer sends with this tag
			}
			tried++
			if rb.Validate(obj) != nil {
				accepted = false
				break
			}
		}
		if tried > 0 && accepted {
			out = append(out, tag)
		}
	}
	return out
}

// mappedBranch is the branch of n's union owned by owner that a
// discriminator mapping target names (by its last path segment, the
// definition's name); nil when none does.
func (c *comparer) mappedBranch(n node, owner *jsonschema.Schema, target any) *jsonschema.Schema {
	t, _ := target.(string)
	if t == "" {
		return nil
	}
	t = defSegment(t)
	var found *jsonschema.Schema
	for _, g := range n.groups {
		if g.owner != owner {
			continue
		}
		for _, br := range limit(g.branches) {
			if defSegment(c.nodeName(c.env.node(br))) == t {
				if found != nil {
					return nil // two branches of that name: which one is meant?
				}
				found = br
			}
		}
	}
	return found
}

// defSegment is the last segment of a definition's name or reference
// (Settings for #/components/schemas/Settings, and for
// models/step.yml#/Settings, the name a multi-file document's definitions
// have here): what a discriminator's mapping and its implicit names match.
func defSegment(name string) string {
	return name[strings.LastIndex(name, "/")+1:]
}

// meetNote adds the current context to annotation note i and i to the
// comparisons under way, so their later meetings reach it.
func (c *comparer) meetNote(i int) {
	c.addCtx(i)
	for _, v := range c.active {
		if !slices.Contains(v.notes, i) {
			v.notes = append(v.notes, i)
		}
	}
}

// addCtx adds the current context to candidate i.
func (c *comparer) addCtx(i int) {
	if cd := &c.cands[i]; cd.ctxs[len(cd.ctxs)-1] != c.ctx {
		cd.ctxs = append(cd.ctxs, c.ctx)
	}
}

// rejectsAll reports a reader that accepts nothing where the writer may put a value.
func (c *comparer) rejectsAll(w, r node, trail []step) {
	leaves := c.gen.values(w, 0)
	wAt, rAt := atNode(w), atNode(r)
	if len(trail) == 0 {
		c.report(ruleTypeNarrowed, trail, wAt, rAt, leaves, "the %s schema rejects every value", c.reader)
		return
	}
	last := trail[len(trail)-1]
	if len(r.all) == 0 { // a false schema: point at the container keyword that closed it
		rAt = atContainer(last)
	}
	switch last.kind {
	case stepProperty:
		c.report(rulePropertyRemoved, trail, wAt, rAt, leaves, "property %q is not allowed by the %s schema", last.key, c.reader)
	case stepUnknown:
		c.report(ruleAdditionalNarrowed, trail, wAt, rAt, leaves, "undeclared properties are not allowed by the %s schema (closed content model)", c.reader)
	case stepPattern:
		c.report(ruleAdditionalNarrowed, trail, wAt, rAt, leaves, "properties like %q are not allowed by the %s schema", last.key, c.reader)
	case stepIndex:
		c.report(ruleArrayNarrowed, trail, wAt, rAt, leaves, "arrays with an element at index %d are not allowed by the %s schema", last.index, c.reader)
	}
}

// atContainer finds the reader's keyword that decides what a step may hold.
func atContainer(st step) at {
	kws := []string{"additionalProperties", "unevaluatedProperties"}
	if st.kind == stepIndex {
		kws = []string{"items", "additionalItems", "unevaluatedItems", "prefixItems"}
	}
	for _, s := range st.r.all {
		for _, kw := range kws {
			var set bool
			switch kw {
			case "additionalProperties":
				set = s.AdditionalProperties != nil
			case "unevaluatedProperties":
				set = s.UnevaluatedProperties != nil
			case "items":
				set = s.Items != nil || s.Items2020 != nil
			case "additionalItems":
				set = s.AdditionalItems != nil
			case "unevaluatedItems":
				set = s.UnevaluatedItems != nil
			case "prefixItems":
				set = len(s.PrefixItems) > 0
			}
			if set {
				return at{s, kw}
			}
		}
	}
	return atNode(*st.r)
}

var typeBits = []typeSet{tNull, tBool, tInt, tFrac, tString, tArray, tObject}

// types reports the kinds the writer allows and the reader does not (one
// finding; null alone is the nullable rule), and returns the kinds both allow.
func (c *comparer) types(w, r node, trail []step) typeSet {
	wt, rt := w.types(), r.types()
	missing := wt &^ rt
	if missing == 0 {
		return wt
	}
	var leaves []any
	for _, b := range typeBits {
		if missing&b != 0 {
			wb := w.restrict(b)
			leaves = append(leaves, witnesses(wb, r, c.gen.values(wb, 0))...)
		}
	}
	rule := ruleTypeNarrowed
	if missing == tNull {
		rule = ruleNullableRemoved
	}
	has := func(s *jsonschema.Schema) bool { return s.Types != nil }
	c.report(rule, trail, atKw(w, "type", has), atKw(r, "type", has), leaves,
		"%s values are not accepted by the %s schema (%s)", missing, c.reader, c.changed("type", typeNames(c.wholeTypes(w)), typeNames(c.wholeTypes(r))))
	return wt & rt
}

// wholeTypes are the kinds a node allows where it is written: for a
// branch of a oneOf/anyOf compared on its own, those of the whole union.
// The null branch of anyOf: [X, {type: null}] allows only null, but the
// schema allows X's kinds too, and a message that says the type changed
// to null says what no version does.
func (c *comparer) wholeTypes(n node) typeSet {
	t := n.types()
	for _, s := range n.all {
		branches := append(limit(s.OneOf), limit(s.AnyOf)...)
		in := func(b *jsonschema.Schema) bool { return slices.Contains(n.all, b) }
		if !slices.ContainsFunc(branches, in) {
			continue
		}
		var u typeSet
		for _, b := range branches {
			u |= c.env.node(b).types()
		}
		t |= c.env.node(s).types() & u & n.mask
	}
	return t
}

// writerBranches compares each branch of the writer's first oneOf/anyOf
// with the reader. When one branch is the reader's own schema (the same
// definition or the same subschemas) and the reader has no union of its
// own, the writer wrapped the schema in a union (Stripe's anyOf [object,
// deleted_object]) or unwrapped it: the other branches are new shapes,
// each reported once with a value of it the reader rejects, instead of
// being compared property by property with a schema they never were.
func (c *comparer) writerBranches(w, r node, trail []step) {
	g := w.groups[0]
	branches := limit(g.branches)
	if len(r.groups) == 0 && len(branches) > 1 {
		self := -1
		for i, b := range branches {
			if c.identical(c.env.node(b), r) {
				self = i
				break
			}
		}
		if self >= 0 {
			for i, b := range branches {
				wb := w.expand(0, b)
				if i == self || wb.types()&r.types() == 0 {
					// A branch of other kinds (null beside an object) is
					// compared as such: its kinds are what the reader lacks.
					c.check(wb, r, trail)
					continue
				}
				c.newShape(wb, r, g, b, trail)
			}
			return
		}
	}
	if len(r.groups) > 0 {
		// A reader branch whose name a writer branch also has is that
		// branch's counterpart: another writer branch is no rename of it.
		saved := c.claimed
		c.claimed = claimedBranches{owner: r.groups[0].owner, names: map[string]bool{}}
		for _, b := range branches {
			if n := c.nodeName(w.expand(0, b)); n != "" {
				c.claimed.names[n] = true
			}
		}
		defer func() { c.claimed = saved }()
	}
	for _, b := range branches {
		c.check(w.expand(0, b), r, trail)
	}
}

// claimedBranches are the names of the writer's union branches while they
// are matched against the reader union owned by owner.
type claimedBranches struct {
	owner *jsonschema.Schema
	names map[string]bool
}

// nodeName is the definition name of a node's first named schema that is
// no union's owner.
func (c *comparer) nodeName(n node) string {
	for _, s := range ownSchemas(n) {
		if name := c.names(s); name != "" {
			return name
		}
	}
	return ""
}

// ownSchemas are a node's schemas but the owners of the unions it was
// expanded from: a branch of ContinueWith's oneOf carries ContinueWith
// (its type, its discriminator) in its conjunction, but that name and
// those keywords are every branch's, so they tell no branch from another.
func ownSchemas(n node) []*jsonschema.Schema {
	own := make([]*jsonschema.Schema, 0, len(n.all))
	for _, s := range n.all {
		if s.OneOf == nil && s.AnyOf == nil {
			own = append(own, s)
		}
	}
	return own
}

// identical reports whether two nodes are the same schema: one of their
// own schemas is the same (by definition name or keyword by keyword).
func (c *comparer) identical(a, b node) bool {
	ao, bo := ownSchemas(a), ownSchemas(b)
	for _, as := range ao {
		for _, bs := range bo {
			if dn := c.names(as); dn != "" && dn == c.names(bs) {
				return true
			}
		}
	}
	return len(ao) > 0 && len(bo) > 0 && c.same.schema(ao[0], bo[0])
}

// newShape reports a branch of the writer's union that the reader never
// had: one finding with a value of the branch the reader rejects; none
// when the reader accepts every value generated from it.
func (c *comparer) newShape(wb, r node, g group, b *jsonschema.Schema, trail []step) {
	kw := "anyOf"
	if g.oneOf {
		kw = "oneOf"
	}
	name := c.names(b)
	if name == "" {
		name = c.nodeName(wb) // the branch's name, not its union's
	}
	desc := "a " + kw + " branch"
	if name != "" {
		desc = fmt.Sprintf("the %s branch %s", kw, name)
	}
	c.report(ruleBranchRemoved, trail, at{b, ""}, atWritten(r), witnesses(wb, r, c.gen.values(wb, 0)),
		"values of %s of the %s schema are not accepted by the %s schema", desc, c.writer, c.reader)
	cd := &c.cands[len(c.cands)-1]
	cd.speculative = true
	cd.branchNote = fmt.Sprintf("%s of the %s schema has no counterpart in the %s schema, which accepts its values as they are", desc, c.writer, c.reader)
}

// branches matches the writer against the reader's first oneOf/anyOf: each
// kind of value the writer allows goes to the reader branch that accepts that
// kind and resembles the writer most. A writer that is a named schema no
// reader branch shares, and that no reader branch accepts, is a new shape
// (a variant added to a response union): reported once, not compared with
// the branch it resembles most.
func (c *comparer) branches(w, r node, trail []step) {
	g := r.groups[0]
	wt := w.types()
	done := typeSet(0)
	if c.unmatchedVariant(w, r, trail) {
		return
	}
	var unmatched typeSet // kinds no reader branch accepts
	for _, b := range typeBits {
		if wt&b == 0 || done&b != 0 {
			continue
		}
		best, bestScore := -1, -1
		for i, br := range limit(g.branches) {
			rb := r.expand(0, br)
			if rb.never || rb.types()&b == 0 {
				continue
			}
			if s := c.similarity(w.restrict(b), rb); s > bestScore {
				best, bestScore = i, s
			}
		}
		if best < 0 {
			unmatched |= b
			done |= b
			continue
		}
		rb := r.expand(0, g.branches[best])
		covered := wt & rb.types()
		if covered&b == 0 {
			covered = b
		}
		// Kinds this branch also accepts are compared together, once.
		covered &^= done
		done |= covered
		c.unions++
		c.check(w.restrict(covered), rb, trail)
		c.unions--
	}
	if unmatched != 0 { // one change, however many kinds it leaves out: one finding
		wb := w.restrict(unmatched)
		kw := "anyOf"
		if g.oneOf {
			kw = "oneOf"
		}
		hasT := func(s *jsonschema.Schema) bool { return s.Types != nil && typesOf(s.Types)&unmatched != 0 }
		c.report(ruleBranchRemoved, trail, atKw(w, "type", hasT), at{g.owner, kw}, witnesses(wb, r, c.gen.values(wb, 0)),
			"no %s branch of the %s schema accepts %s values", kw, c.reader, unmatched)
	}
	if g.oneOf {
		c.oneOfOverlap(w, r, g, trail)
	}
}

// oneOfOverlap finds writer values that match more than one branch of the
// reader's oneOf, which oneOf rejects however well each branch fits. The
// writer's node here has its own groups expanded, so a value may be one the
// writer's whole schema rejects too: the candidate is dropped, not
// downgraded, when no witness is confirmed.
func (c *comparer) oneOfOverlap(w, r node, g group, trail []step) {
	var leaves []any
	for _, v := range c.gen.values(w, 0) {
		matched := 0
		for _, br := range limit(g.branches) {
			if br.Validate(v) == nil {
				matched++
			}
		}
		if matched > 1 && !r.accepts(v) && !c.discriminated(v, r, g) && !c.foreignTag(w, v) {
			leaves = append(leaves, v)
		}
	}
	if len(leaves) == 0 {
		return
	}
	c.report(ruleBranchRemoved, trail, atWritten(w), at{g.owner, "oneOf"}, leaves,
		"values the %s schema accepts match more than one oneOf branch of the %s schema, and oneOf requires exactly one", c.writer, c.reader)
	c.cands[len(c.cands)-1].speculative = true
}

// discriminated reports whether an OpenAPI discriminator on the reader's
// union picks, for value v, one branch that accepts it: a reader that
// honours the discriminator (generated clients dispatch on it) never
// tries the other branches, so v matching them too rejects nothing there.
// Kratos's uiNodeAttributes gave every branch node_type: enum [text, div,
// …]; a text node matched the text and div branches, a fault of the old
// document that the discriminator hid, not a value its readers refused.
// The branch is the mapping's target for v's tag or, without a mapping
// entry, the definition named as the tag.
func (c *comparer) discriminated(v any, r node, g group) bool {
	target, ok := c.discriminatorTarget(g.owner, v)
	if !ok {
		return false
	}
	for _, br := range limit(g.branches) {
		if defSegment(c.nodeName(c.env.node(br))) != target || br.Validate(v) != nil {
			continue
		}
		// The reader's other schemas, but the unions' owners and the
		// references to them: those hold the oneOf the discriminator
		// stands in for.
		for _, s := range ownSchemas(r) {
			if !(s.Ref != nil && onlyRef(s)) && s.Validate(v) != nil {
				return false
			}
		}
		return true
	}
	return false
}

// discriminatorTarget is the definition name the OpenAPI discriminator of
// union owner picks for value v: the mapping's target for v's tag or,
// without a mapping entry, the tag itself. ok is false when owner has no
// discriminator or v no string tag.
func (c *comparer) discriminatorTarget(owner *jsonschema.Schema, v any) (string, bool) {
	var disc map[string]any
	for i, kw := range c.annotated {
		if kw == "discriminator" {
			disc, _ = c.formats.annotation(owner, i).(map[string]any)
		}
	}
	prop, _ := disc["propertyName"].(string)
	obj, _ := v.(map[string]any)
	tag, ok := obj[prop].(string)
	if prop == "" || !ok {
		return "", false
	}
	if mapping, _ := disc["mapping"].(map[string]any); mapping != nil {
		if m, ok := mapping[tag].(string); ok {
			return defSegment(m), true
		}
	}
	return tag, true
}

// foreignTag reports whether w is a branch of a discriminated union whose
// discriminator sends value v to another branch or to none: a writer that
// honours the discriminator never writes v as this branch (Kratos's login
// body: a method "" the mapping does not list is no OIDC body, however
// well its other properties fit).
func (c *comparer) foreignTag(w node, v any) bool {
	name := defSegment(c.nodeName(w))
	if name == "" {
		return false
	}
	for _, s := range w.all {
		if s.OneOf == nil && s.AnyOf == nil {
			continue
		}
		target, ok := c.discriminatorTarget(s, v)
		if !ok {
			continue
		}
		// Only when the discriminator's names are the branches' names
		// (every mapping target and this branch among them) is a tag
		// outside them known to pick no branch.
		names := map[string]bool{}
		for _, br := range limit(append(slices.Clone(s.OneOf), s.AnyOf...)) {
			names[defSegment(c.nodeName(c.env.node(br)))] = true
		}
		if !names[name] || !c.mappingNamesBranches(s, names) {
			continue
		}
		if target != name {
			return true
		}
	}
	return false
}

// mappingNamesBranches reports whether every target of owner's
// discriminator mapping is one of names.
func (c *comparer) mappingNamesBranches(owner *jsonschema.Schema, names map[string]bool) bool {
	for i, kw := range c.annotated {
		if kw != "discriminator" {
			continue
		}
		disc, _ := c.formats.annotation(owner, i).(map[string]any)
		mapping, _ := disc["mapping"].(map[string]any)
		for _, m := range mapping {
			ref, _ := m.(string)
			if !names[defSegment(ref)] {
				return false
			}
		}
	}
	return true
}

// unmatchedVariant reports (once) a writer that is a named definition no
// reader branch is, when the reader rejects a value of it.
func (c *comparer) unmatchedVariant(w, r node, trail []step) bool {
	name := c.nodeName(w)
	if name == "" {
		return false
	}
	g := r.groups[0]
	if w.types()&tObject == 0 {
		return false // variants are objects
	}
	// A tag every branch of the reader declares with a value of its own
	// (a discriminator's) tells the branches apart, so the writer
	// declaring it too is no sign that it is one of them renamed.
	props := w.propertyNames()
	if tags := c.tagProperties(r, g); len(tags) > 0 {
		props = slices.DeleteFunc(props, func(p string) bool { return tags[p] })
	}
	for _, br := range limit(g.branches) {
		rb := r.expand(0, br)
		if c.identical(w, rb) {
			return false
		}
		if rb.types()&tObject != 0 && c.nodeName(rb) == "" {
			return false // an anonymous object branch: compared as the closest match
		}
		if n := c.nodeName(rb); n != name && c.claimed.owner == g.owner && c.claimed.names[n] {
			continue // the counterpart of another writer branch, not this one renamed
		}
		// A branch declaring most of the writer's properties is the same
		// shape renamed: compared property by property.
		shared := 0
		for _, p := range props {
			if rb.declares(p) {
				shared++
			}
		}
		if len(props) > 0 && 2*shared >= len(props) {
			return false
		}
	}
	leaves := witnesses(w, r, c.gen.values(w, 0))
	if len(leaves) == 0 && !c.declared {
		return false
	}
	kw := "anyOf"
	if g.oneOf {
		kw = "oneOf"
	}
	c.report(ruleBranchRemoved, trail, atWritten(w), at{g.owner, kw}, leaves,
		"values of %s (%s schema) match no %s branch of the %s schema", name, c.writer, kw, c.reader)
	// Without a witness the reader still accepts its values through another
	// branch; readers that tell branches apart (a discriminator, generated
	// types) still meet a shape they do not know.
	c.cands[len(c.cands)-1].branchNote = fmt.Sprintf("%s (%s schema) is no %s branch of the %s schema, which accepts its values through another branch", name, c.writer, kw, c.reader)
	return true
}

// tagProperties are the properties every object branch of the reader's
// union declares with one value of its own (a discriminator's tag:
// Kratos's action, enum [show_settings_ui] in one branch, enum
// [redirect_browser_to] in another), when it has two or more such
// branches; nil otherwise. Properties the branches merely share (Stripe's
// id, amount and created on platform_fee and its predecessor) are no tag:
// they still show a renamed branch.
func (c *comparer) tagProperties(r node, g group) map[string]bool {
	var tags map[string]bool
	objects := 0
	for _, br := range limit(g.branches) {
		rb := r.expand(0, br)
		if rb.types()&tObject == 0 {
			continue
		}
		objects++
		if tags == nil {
			tags = map[string]bool{}
			for _, p := range rb.propertyNames() {
				tags[p] = true
			}
		}
		for p := range tags {
			if !c.oneValue(rb, p) {
				delete(tags, p)
			}
		}
	}
	if objects < 2 {
		return nil
	}
	return tags
}

// oneValue reports whether node n declares property p with exactly one
// allowed value (const, or an enum of one).
func (c *comparer) oneValue(n node, p string) bool {
	for _, s := range n.all {
		if ps, ok := s.Properties[p]; ok {
			if vals, ok := c.env.node(ps).finite(); ok && len(vals) == 1 {
				return true
			}
		}
	}
	return false
}

// similarity scores how well a reader branch matches the writer: shared
// subschemas (after references) count most, then definition names,
// declared properties and enum values.
func (c *comparer) similarity(w, b node) int {
	score := 0
	for _, ws := range w.all {
		for _, bs := range b.all {
			if c.same.schema(ws, bs) {
				score += 50
			}
			if dn := c.names(ws); dn != "" && dn == c.names(bs) {
				score += 20
			}
		}
	}
	for _, p := range w.propertyNames() {
		if b.declares(p) {
			score += 3
		}
	}
	for _, p := range b.required() {
		if !w.declares(p) {
			score -= 2
		}
	}
	if vals, ok := w.finite(); ok {
		for _, v := range vals {
			if b.accepts(v) {
				score += 5
			}
		}
	}
	// The kinds of constraint both write: a string pattern is the
	// counterpart of the reader's pattern branch, not of its enum
	// (tsconfig's lib items: anyOf [enum, pattern], the pattern narrowed).
	score += bits.OnesCount(uint(constraints(w) & constraints(b)))
	return score
}

// constraints is the set of the kinds of constraint a node's schemas
// write, one bit each.
func constraints(n node) uint {
	var set uint
	for _, s := range n.all {
		for i, has := range []bool{s.Types != nil, s.Enum != nil || s.Const != nil, s.Pattern != nil, s.Format != nil,
			s.MinLength != nil || s.MaxLength != nil, s.Minimum != nil || s.Maximum != nil || s.ExclusiveMinimum != nil || s.ExclusiveMaximum != nil,
			s.MultipleOf != nil, s.Items != nil || s.Items2020 != nil || s.PrefixItems != nil, s.MinItems != nil || s.MaxItems != nil} {
			if has {
				set |= 1 << i
			}
		}
	}
	return set
}

// defName returns the name a schema is stored under in definitions or
// $defs of a JSON Schema file, if any.
func defName(s *jsonschema.Schema) string {
	_, ptr := splitLocation(s.Location)
	parts := strings.Split(ptr, "/")
	if len(parts) == 3 && (parts[1] == "definitions" || parts[1] == "$defs") {
		return parts[2]
	}
	return ""
}

// enums handles finite value sets. It returns true when the writer's values
// are finite: then every value has been checked against the reader, exactly.
func (c *comparer) enums(w, r node, trail []step) bool {
	has := func(s *jsonschema.Schema) bool { return s.Enum != nil || s.Const != nil }
	kw := func(n node) string {
		if s := n.first(has); s != nil && s.Const != nil {
			return "const"
		}
		return "enum"
	}
	vals, ok := w.finite()
	if !ok && w.types()&^(tBool|tNull) == 0 && r.listed() {
		// A writer of booleans and nulls has at most three values, listed
		// or not: {type: boolean} against {type: boolean, enum: [true,
		// false]} (cargo.json wrote both) is no change, and against
		// {enum: [true]} its witness is false.
		ok = true
		for _, v := range []any{false, true, nil} {
			if w.accepts(v) {
				vals = append(vals, v)
			}
		}
	}
	if ok {
		// One finding for the values one change adds or removes, however
		// many: an enum that gains 120 values is one change to review.
		var missing []any
		for _, v := range vals {
			if !r.accepts(v) && !r.overlapOnly(v) {
				missing = append(missing, v)
			}
		}
		switch len(missing) {
		case 0:
		case 1:
			c.report(ruleEnumNarrowed, trail, atKw(w, kw(w), has), atKw(r, kw(r), has), missing,
				"value %s is not accepted by the %s schema", compact(missing[0]), c.reader)
		default:
			c.report(ruleEnumNarrowed, trail, atKw(w, kw(w), has), atKw(r, kw(r), has), missing[:min(len(missing), maxCandidates)],
				"values %s are not accepted by the %s schema", valueList(missing), c.reader)
		}
		return true
	}
	if _, ok := r.finite(); ok {
		c.report(ruleEnumNarrowed, trail, atNode(w), atKw(r, kw(r), has), witnesses(w, r, c.gen.values(w, 0)),
			"the %s schema only accepts listed values (%s) where the %s schema accepts more", c.reader, kw(r), c.writer)
		return true
	}
	return false
}

// valueList names values in a message: the first five, then how many more.
func valueList(vals []any) string {
	const shown = 5
	parts := make([]string, 0, shown+1)
	for _, v := range vals[:min(len(vals), shown)] {
		parts = append(parts, compact(v))
	}
	if len(vals) > shown {
		return strings.Join(parts, ", ") + fmt.Sprintf(" and %d more", len(vals)-shown)
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func (c *comparer) numbers(w, r node, trail []step) {
	wn := w.restrict(tNumber)
	t := wn.types()
	if t == 0 {
		return
	}
	intOnly := t == tInt
	wl, rl, wu, ru := wn.lower(), r.lower(), wn.upper(), r.upper()
	if intOnly {
		wl, rl, wu, ru = intLower(wl), intLower(rl), intUpper(wu), intUpper(ru)
	}
	extra := []*big.Rat{}
	for _, b := range []bound{rl, ru} {
		if b.v != nil {
			extra = append(extra, b.v)
		}
	}
	leaves := func(pred func(*big.Rat) bool) []any {
		return witnessesWhere(wn, r, numberCandidates(wn, t, extra...), func(v any) bool {
			num, _ := v.(json.Number)
			x, ok := new(big.Rat).SetString(string(num))
			return ok && pred(x)
		})
	}
	hasLo := func(s *jsonschema.Schema) bool { return s.Minimum != nil || s.ExclusiveMinimum != nil }
	hasHi := func(s *jsonschema.Schema) bool { return s.Maximum != nil || s.ExclusiveMaximum != nil }
	if narrowerLower(wl, rl) {
		below := func(x *big.Rat) bool { c := x.Cmp(rl.v); return c < 0 || c == 0 && rl.excl }
		c.report(ruleNumericNarrowed, trail, atKw(wn, loKw(wn), hasLo), atKw(r, loKw(r), hasLo), leaves(below),
			"%s", c.changed("lower bound", descLower(wl), descLower(rl)))
	}
	if narrowerUpper(wu, ru) {
		above := func(x *big.Rat) bool { c := x.Cmp(ru.v); return c > 0 || c == 0 && ru.excl }
		c.report(ruleNumericNarrowed, trail, atKw(wn, hiKw(wn), hasHi), atKw(r, hiKw(r), hasHi), leaves(above),
			"%s", c.changed("upper bound", descUpper(wu), descUpper(ru)))
	}
	hasM := func(s *jsonschema.Schema) bool { return s.MultipleOf != nil }
	for _, m := range r.multiples() {
		if divides(m, wn.multiples(), intOnly) {
			continue
		}
		extra = append(extra, new(big.Rat).Quo(m, big.NewRat(2, 1)))
		notMultiple := func(x *big.Rat) bool { return !new(big.Rat).Quo(x, m).IsInt() }
		c.report(ruleMultipleOf, trail, atKw(wn, "multipleOf", hasM), atKw(r, "multipleOf", hasM), leaves(notMultiple),
			"the %s schema requires multiples of %s", c.reader, ratString(m))
	}
	for _, f := range r.formats(c.formats) {
		if b, ok := numericFormats[f]; ok {
			extra = append(extra, b[0], b[1])
		}
	}
	c.formatChanged(wn, r, trail, tNumber, func() []any { return witnessesWhere(wn, r, numberCandidates(wn, t, extra...), nil) })
}

// within reports whether the writer's numbers all lie in rng: by its
// bounds, or by a numeric format of its own with a range inside rng.
func (c *comparer) within(w node, rng [2]*big.Rat) bool {
	lo, hi := w.lower(), w.upper()
	for _, f := range w.formats(c.formats) {
		if r, ok := numericFormats[f]; ok {
			lo, hi = tighterLower(lo, bound{r[0], false}), tighterUpper(hi, bound{r[1], false})
		}
	}
	return lo.v != nil && hi.v != nil && lo.v.Cmp(rng[0]) >= 0 && hi.v.Cmp(rng[1]) <= 0
}

// numericFormats are the number formats OpenAPI defines with a range;
// contracts/openapi registers them with the validator (NumericFormats).
var numericFormats = map[string][2]*big.Rat{
	"int32": {big.NewRat(-1<<31, 1), big.NewRat(1<<31-1, 1)},
	"int64": {new(big.Rat).SetInt(new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 63))), new(big.Rat).SetInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 63), big.NewInt(1)))},
}

func loKw(n node) string {
	if s := n.first(func(s *jsonschema.Schema) bool { return s.ExclusiveMinimum != nil }); s != nil && s.ExclusiveMinimum != nil {
		return "exclusiveMinimum"
	}
	return "minimum"
}

func hiKw(n node) string {
	if s := n.first(func(s *jsonschema.Schema) bool { return s.ExclusiveMaximum != nil }); s != nil && s.ExclusiveMaximum != nil {
		return "exclusiveMaximum"
	}
	return "maximum"
}

// divides reports whether every number the writer allows (multiples of ws,
// or integers) is a multiple of m.
func divides(m *big.Rat, ws []*big.Rat, intOnly bool) bool {
	isMultiple := func(x *big.Rat) bool { return new(big.Rat).Quo(x, m).IsInt() }
	if intOnly && isMultiple(big.NewRat(1, 1)) {
		return true
	}
	for _, w := range ws {
		if isMultiple(w) {
			return true
		}
	}
	return false
}

// intLower/intUpper turn a bound on integers into an inclusive integer bound.
func intLower(b bound) bound {
	if b.v == nil {
		return b
	}
	q := new(big.Int).Div(b.v.Num(), b.v.Denom()) // floor for positive denominators
	f := new(big.Rat).SetInt(q)
	if b.excl || f.Cmp(b.v) < 0 {
		f.Add(f, big.NewRat(1, 1))
	}
	return bound{f, false}
}

func intUpper(b bound) bound {
	if b.v == nil {
		return b
	}
	q := new(big.Int).Div(b.v.Num(), b.v.Denom())
	f := new(big.Rat).SetInt(q)
	if b.excl && f.Cmp(b.v) == 0 {
		f.Sub(f, big.NewRat(1, 1))
	}
	return bound{f, false}
}

func narrowerLower(w, r bound) bool {
	if r.v == nil {
		return false
	}
	if w.v == nil {
		return true
	}
	c := r.v.Cmp(w.v)
	return c > 0 || c == 0 && r.excl && !w.excl
}

func narrowerUpper(w, r bound) bool {
	if r.v == nil {
		return false
	}
	if w.v == nil {
		return true
	}
	c := r.v.Cmp(w.v)
	return c < 0 || c == 0 && r.excl && !w.excl
}

func descLower(b bound) string {
	switch {
	case b.v == nil:
		return "none"
	case b.excl:
		return "> " + ratString(b.v)
	}
	return "≥ " + ratString(b.v)
}

func descUpper(b bound) string {
	switch {
	case b.v == nil:
		return "none"
	case b.excl:
		return "< " + ratString(b.v)
	}
	return "≤ " + ratString(b.v)
}

func (c *comparer) strings(w, r node, trail []step) {
	ws := w.restrict(tString)
	if ws.types() == 0 {
		return
	}
	wMin, rMin, wMax, rMax := ws.minLength(), r.minLength(), ws.maxLength(), r.maxLength()
	lengths := []int{rMin - 1}
	if rMax != nil {
		lengths = append(lengths, *rMax+1)
	}
	leaves := func(pred func(any) bool) []any {
		return witnessesWhere(ws, r, stringCandidates(ws, c.formats, lengths...), pred)
	}
	strLen := func(v any) int { s, _ := v.(string); return utf8.RuneCountInString(s) }
	wp := ws.patterns()
	// The writer's patterns may already bound the length the reader now
	// states: "^[^\\s$]+$" matches no empty string, so adding minLength: 1
	// beside it (SchemaStore's partial-pixi.json) changes nothing. As a
	// pattern, the reader's bound is decided like one (lengths count code
	// points, and so does (?s). on runes); RE2 repeats at most 1,000.
	implied := func(bound string) (bool, []any) {
		if len(wp) == 0 {
			return false, nil
		}
		v, shortest := c.patternInclusion(wp, bound)
		if v == patternWitness {
			return false, witnesses(ws, r, []any{shortest})
		}
		return v == patternIncluded, nil
	}
	if rMin > wMin {
		has := func(s *jsonschema.Schema) bool { return s.MinLength != nil }
		if ok, found := implied(fmt.Sprintf("(?s)^.{%d,}", rMin)); !ok {
			found = append(found, leaves(func(v any) bool { return strLen(v) < rMin && !containsValue(found, v) })...)
			c.report(ruleStringLength, trail, atKw(ws, "minLength", has), atKw(r, "minLength", has), found,
				"%s", c.changed("minLength", fmt.Sprint(wMin), fmt.Sprint(rMin)))
		}
	}
	if rMax != nil && (wMax == nil || *rMax < *wMax) {
		has := func(s *jsonschema.Schema) bool { return s.MaxLength != nil }
		if ok, found := implied(fmt.Sprintf("(?s)^.{0,%d}$", *rMax)); !ok {
			found = append(found, leaves(func(v any) bool { return strLen(v) > *rMax && !containsValue(found, v) })...)
			c.report(ruleStringLength, trail, atKw(ws, "maxLength", has), atKw(r, "maxLength", has), found,
				"%s", c.changed("maxLength", intDesc(wMax), fmt.Sprint(*rMax)))
		}
	}
	hasP := func(s *jsonschema.Schema) bool { return s.Pattern != nil }
	for _, p := range r.patterns() {
		if slices.Contains(wp, p) {
			continue
		}
		// A pattern RE2 reads is decided on the automata (regexincl.go):
		// a widening is no change, a narrowing has its shortest string.
		verdict, shortest := c.patternInclusion(wp, p)
		if verdict == patternIncluded {
			continue
		}
		var found []any
		if verdict == patternWitness {
			found = witnesses(ws, r, []any{shortest})
		}
		what := c.changed("pattern", quoteAll(wp), strconv.Quote(p))
		re := r.first(func(s *jsonschema.Schema) bool { return s.Pattern != nil && s.Pattern.String() == p }).Pattern
		found = append(found, leaves(func(v any) bool { s, _ := v.(string); return !re.MatchString(s) && !containsValue(found, v) })...)
		c.undecided(rulePattern, trail, atKw(ws, "pattern", hasP), atKw(r, "pattern", hasP), found, "%s", what)
	}
	c.formatChanged(ws, r, trail, tString, func() []any { return leaves(nil) })
	c.content(ws, r, trail)
}

// formatChanged reports formats the reader has and the writer does not,
// for values of kind t: a format the validator asserts rejects values
// outside it (the witness shows one), one it does not is a warning.
func (c *comparer) formatChanged(w, r node, trail []step, t typeSet, leaves func() []any) {
	hasF := func(s *jsonschema.Schema) bool { _, ok := c.formats.of(s); return ok }
	wf := w.formats(c.formats)
	for _, s := range r.all {
		f, ok := c.formats.of(s)
		if !ok || slices.Contains(wf, f) || typesOf(s.Types)&t == 0 || formatKinds(f)&t == 0 {
			continue
		}
		if rng, ok := numericFormats[f]; ok && c.within(w, rng) {
			continue // every number the writer allows is in the reader's range
		}
		what := c.changed("format", quoteAll(wf), strconv.Quote(f))
		switch {
		case s.Format != nil:
		case draftFormats[f]:
			what += " (the validator treats it as an annotation here; validators that assert formats may reject old data)"
		default:
			what += " (no JSON Schema draft defines this format: validators ignore it, but code that maps it to a type, as client generators do, may reject old data)"
		}
		c.undecided(ruleFormat, trail, atKw(w, "format", hasF), at{s, "format"}, leaves(), "%s", what)
		wf = append(wf, f) // once per format
	}
}

// draftFormats are the formats JSON Schema 2020-12 defines (drafts 4 to
// 2019-09 define a subset): a validator that asserts formats knows them.
// Another name (OpenAPI documents write url, phone-number, decimal) is
// asserted by no validator, only by code that gives it a meaning.
var draftFormats = map[string]bool{"date-time": true, "date": true, "time": true, "duration": true, "email": true,
	"idn-email": true, "hostname": true, "idn-hostname": true, "ipv4": true, "ipv6": true, "uri": true,
	"uri-reference": true, "iri": true, "iri-reference": true, "uuid": true, "uri-template": true,
	"json-pointer": true, "relative-json-pointer": true, "regex": true}

// formatKinds is the kind of value a format constrains: numeric formats
// (OpenAPI's int32, int64) bound numbers, all others strings.
func formatKinds(f string) typeSet {
	if _, ok := numericFormats[f]; ok {
		return tNumber
	}
	return tString
}

// annotationOf is rawOf for annotated keyword i (c.annotated[i]).
func (c *comparer) annotationOf(n node, i int) (any, *jsonschema.Schema) {
	for _, s := range n.all {
		if v := c.formats.annotation(s, i); v != nil {
			return v, s
		}
	}
	return nil, nil
}

// rawOf returns the first value of keyword kw as written in a schema of n.
func (c *comparer) rawOf(n node, kw string) (any, *jsonschema.Schema) {
	for _, s := range n.all {
		for _, src := range c.formats.sources {
			if v := src.Raw(s, kw); v != nil {
				return v, s
			}
		}
	}
	return nil, nil
}

func rawDesc(v any) string {
	if v == nil {
		return "none"
	}
	d := compact(v)
	if len(d) > 80 {
		d = d[:77] + "…"
	}
	return d
}

// typeNames names the kinds of a type set for a message; an empty set is
// a schema whose keywords contradict (allOf: [{type: string}, {type:
// boolean}]), which no value satisfies.
func typeNames(t typeSet) string {
	if t == 0 {
		return "none, no value satisfies it"
	}
	return t.String()
}

// changed describes a keyword whose value differs between the writer's
// (w) and the reader's (r) schema, always in release order, old to new.
func (c *comparer) changed(what, w, r string) string {
	old, new := w, r
	if c.writer == "new" {
		old, new = r, w
	}
	return fmt.Sprintf("%s changed from %s (old) to %s (new)", what, old, new)
}

// only describes a keyword the reader's schema has and the writer's does
// not have in the same form.
func (c *comparer) only(kw string) string {
	return fmt.Sprintf("the %s schema has %s the %s schema does not have in this form", c.reader, kw, c.writer)
}

func quoteAll(ss []string) string {
	if len(ss) == 0 {
		return "none"
	}
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func intDesc(p *int) string {
	if p == nil {
		return "none"
	}
	return fmt.Sprint(*p)
}

func (c *comparer) arrays(w, r node, trail []step) {
	wa := w.restrict(tArray)
	if wa.types() == 0 {
		return
	}
	wMin, rMin, wMax, rMax := wa.minItems(), r.minItems(), wa.maxItems(), r.maxItems()
	lengthLeaves := func(ls ...int) []any {
		var raw []any
		for _, l := range ls {
			if a, ok := c.gen.array(wa, 0, l, -1, nil); ok && l >= 0 {
				raw = append(raw, a)
			}
		}
		return witnessesWhere(wa, r, raw, func(v any) bool { a, _ := v.([]any); return slices.Contains(ls, len(a)) })
	}
	if rMin > wMin {
		has := func(s *jsonschema.Schema) bool { return s.MinItems != nil }
		c.report(ruleArrayNarrowed, trail, atKw(wa, "minItems", has), atKw(r, "minItems", has), lengthLeaves(wMin, rMin-1),
			"%s", c.changed("minItems", fmt.Sprint(wMin), fmt.Sprint(rMin)))
	}
	if rMax != nil && (wMax == nil || *rMax < *wMax) {
		has := func(s *jsonschema.Schema) bool { return s.MaxItems != nil }
		c.report(ruleArrayNarrowed, trail, atKw(wa, "maxItems", has), atKw(r, "maxItems", has), lengthLeaves(*rMax+1),
			"%s", c.changed("maxItems", intDesc(wMax), fmt.Sprint(*rMax)))
	}
	if r.unique() && !wa.unique() {
		var raw []any
		for _, v := range c.gen.values(wa.item(0), 0) {
			raw = append(raw, []any{v, v})
		}
		has := func(s *jsonschema.Schema) bool { return s.UniqueItems }
		c.report(ruleArrayNarrowed, trail, atNode(wa), atKw(r, "uniqueItems", has), witnesses(wa, r, raw),
			"the %s schema requires unique items", c.reader)
	}
	for _, rs := range r.all {
		if rs.Contains == nil || slices.ContainsFunc(wa.all, func(ws *jsonschema.Schema) bool {
			return c.same.schema(ws.Contains, rs.Contains) && eqInt(ws.MinContains, rs.MinContains) && eqInt(ws.MaxContains, rs.MaxContains)
		}) {
			continue
		}
		c.undecided(ruleArrayNarrowed, trail, atNode(wa), at{rs, "contains"}, append(lengthLeaves(0, 1, 2, wMin, wMin+1), c.containsLeaves(wa, r, rs)...),
			"%s", c.only("a contains"))
	}
	k := max(wa.tupleLength(), r.tupleLength())
	pair := &[2]node{wa, r}
	for i := 0; i <= k; i++ {
		if wMax != nil && i >= *wMax {
			break
		}
		c.check(wa.item(i), r.item(i), append(trail, step{n: &pair[0], r: &pair[1], kind: stepIndex, index: i}))
	}
}

// containsLeaves are arrays with a number of elements matching a contains
// around the counts either side asks for (minContains, maxContains): one
// too few for the reader, one too many, none.
func (c *comparer) containsLeaves(wa, r node, rs *jsonschema.Schema) []any {
	item := wa.item(0)
	var match, other []any
	for _, sch := range append([]*jsonschema.Schema{rs.Contains}, containsOf(wa)...) {
		match = append(match, c.gen.values(item.with(sch), 0)...)
	}
	for _, v := range c.gen.values(item, 0) {
		if rs.Contains.Validate(v) != nil {
			other = append(other, v)
		}
	}
	counts := []int{0, 1, 2, deref(rs.MinContains) - 1}
	if rs.MaxContains != nil {
		counts = append(counts, *rs.MaxContains+1)
	}
	var out []any
	for _, m := range match[:min(len(match), 2)] {
		for _, n := range counts {
			if n < 0 || n > 1000 {
				continue
			}
			arr := make([]any, 0, n+1)
			for range n {
				arr = append(arr, m)
			}
			out = append(out, arr)
			if len(other) > 0 {
				out = append(out, append(slices.Clone(arr), other[0]))
			}
		}
	}
	return out
}

func containsOf(n node) []*jsonschema.Schema {
	var out []*jsonschema.Schema
	for _, s := range n.all {
		if s.Contains != nil {
			out = append(out, s.Contains)
		}
	}
	return out
}

func (c *comparer) objects(w, r node, trail []step) {
	wo := w.restrict(tObject)
	if wo.types() == 0 {
		return
	}
	c.required(wo, r, trail)
	c.objectSize(wo, r, trail)
	pair := &[2]node{wo, r}
	for _, p := range union(wo.propertyNames(), r.propertyNames()) {
		next := append(trail, step{n: &pair[0], r: &pair[1], kind: stepProperty, key: p})
		if c.declared {
			c.declaredNotes(wo, r, p, next)
		}
		if c.gen.omits(wo, p) {
			continue // the writer never sends it
		}
		if !wo.declares(p) && wo.openFor(p) {
			if c.strict && !r.prop(p).unconstrained() {
				rp := r.prop(p)
				has := func(s *jsonschema.Schema) bool { _, ok := s.Properties[p]; return ok }
				c.report(ruleOpenContent, next, atNode(wo), at{r.first(has), "properties"}, witnesses(wo.prop(p), rp, anyValues(c.gen, rp)),
					"property %q is constrained by the %s schema, but the %s schema's open content model allows any value under that name", p, c.reader, c.writer)
			}
			continue
		}
		c.check(wo.prop(p), r.prop(p), next)
	}
	if key, ok := freeKey(wo, r); ok && !r.openFor(key) {
		c.check(wo.prop(key), r.prop(key), append(trail, step{n: &pair[0], r: &pair[1], kind: stepUnknown, key: key}))
	}
	for _, pt := range union(wo.patternKeys(), r.patternKeys()) {
		key, ok := patternKey(pt, wo, r)
		// A pattern stands for a family of names, like additionalProperties:
		// constraining it is compared in lenient mode too.
		if !ok {
			continue
		}
		c.check(wo.prop(key), r.prop(key), append(trail, step{n: &pair[0], r: &pair[1], kind: stepPattern, key: key, pattern: pt}))
	}
	c.propertyNamesKw(wo, r, trail)
}

// declaredNotes notes a property only one side declares where validation
// does not differ (the other side's model is open to it), and a property
// that became readOnly or writeOnly: API readers care about both.
func (c *comparer) declaredNotes(wo, r node, p string, next []step) {
	defer func(n int) {
		for i := n; i < len(c.cands); i++ {
			c.cands[i].property = p
		}
	}(len(c.cands))
	declared, rd := wo.declares(p), r.declares(p) || c.unionDeclares(r, p)
	wd := declared && !c.gen.omits(wo, p) // a property the writer never sends is not declared for it
	has := func(s *jsonschema.Schema) bool { _, ok := s.Properties[p]; return ok }
	kw := "properties/" + p
	switch {
	case wd && !rd && r.openFor(p):
		k := PropertyRemoved
		if c.writer == "new" {
			k = PropertyAdded
		}
		wAt := at{wo.first(has), kw}
		c.notice(k, next, wAt, atPeer(r, wo, wAt), "property %q is declared by the %s schema and not by the %s schema", p, c.writer, c.reader)
	case rd && !wd && wo.openFor(p) && !slices.Contains(r.required(), p):
		k := PropertyAdded
		if c.writer == "new" {
			k = PropertyRemoved
		}
		rAt := at{r.first(has), kw}
		c.notice(k, next, atPeer(wo, r, rAt), rAt, "property %q is declared by the %s schema and not by the %s schema", p, c.reader, c.writer)
	case declared && rd:
		wp, rp := wo.prop(p), r.prop(p)
		oldP, newP := wp, rp
		if c.writer == "new" {
			oldP, newP = rp, wp
		}
		for _, acc := range []struct {
			name string
			is   func(*jsonschema.Schema) bool
		}{{"readOnly", func(s *jsonschema.Schema) bool { return s.ReadOnly }}, {"writeOnly", func(s *jsonschema.Schema) bool { return s.WriteOnly }}} {
			if slices.ContainsFunc(newP.all, acc.is) && !slices.ContainsFunc(oldP.all, acc.is) {
				c.notice(AccessChanged, next, at{wo.first(has), kw}, at{r.first(has), kw}, "property %q became %s", p, acc.name)
			}
		}
	}
}

// unionDeclares reports whether another branch of a union the node was
// expanded from declares the property: comparing with one branch, a
// property of another is not gone.
func (c *comparer) unionDeclares(r node, p string) bool {
	for _, s := range r.all {
		for _, b := range append(limit(s.OneOf), limit(s.AnyOf)...) {
			if c.env.node(b).declares(p) {
				return true
			}
		}
	}
	return false
}

func (c *comparer) required(wo, r node, trail []step) {
	wr := wo.required()
	for _, p := range r.required() {
		if slices.Contains(wr, p) {
			continue
		}
		what := "property %q is required by the %s schema but not by the %s schema"
		if !wo.declares(p) && !matchesPattern(wo, p) {
			what = "property %q is required by the %s schema but not declared by the %s schema"
		}
		// The member that lists p, not the first that lists anything:
		// allOf: [{$ref: Base}, {required: [p]}] asks for p in its second.
		rAt := atKw(r, "required", func(s *jsonschema.Schema) bool { return slices.Contains(s.Required, p) })
		c.report(ruleRequiredAdded, trail, atPeer(wo, r, rAt), rAt, witnesses(wo, r, c.gen.objects(wo, 0, nil, p)),
			what, p, c.reader, c.writer)
		cd := &c.cands[len(c.cands)-1]
		cd.property = p
		cd.propW, cd.propR = declaration(wo, p), declaration(r, p)
	}
	wd := wo.dependentRequired()
	rd := r.dependentRequired()
	hasD := func(s *jsonschema.Schema) bool { return len(s.DependentRequired)+len(s.Dependencies) > 0 }
	for _, p := range sortedKeys(rd) {
		for _, q := range rd[p] {
			if slices.Contains(wd[p], q) || slices.Contains(wr, q) {
				continue
			}
			var raw []any
			for _, v := range c.gen.values(wo.prop(p), 0) {
				raw = append(raw, c.gen.objects(wo, 0, map[string]any{p: v}, q)...)
			}
			c.report(ruleDependentRequired, trail, atNode(wo), atKw(r, depKw(r), hasD), witnesses(wo, r, raw),
				"the %s schema requires %q whenever %q is present", c.reader, q, p)
		}
	}
}

func depKw(n node) string {
	if s := n.first(func(s *jsonschema.Schema) bool { return len(s.DependentRequired) > 0 }); s != nil && len(s.DependentRequired) > 0 {
		return "dependentRequired"
	}
	return "dependencies"
}

func (c *comparer) objectSize(wo, r node, trail []step) {
	wMin, rMin, wMax, rMax := wo.minProperties(), r.minProperties(), wo.maxProperties(), r.maxProperties()
	sized := func(pred func(n int) bool) []any {
		raw := c.gen.objects(wo, 0, nil, "")
		if rMax != nil {
			big := map[string]any{}
			for _, k := range append(wo.propertyNames(), fillerKeysN(wo, min(*rMax+1, 1000))...) {
				if len(big) > *rMax {
					break
				}
				if vs := c.gen.values(wo.prop(k), 0); len(vs) > 0 {
					big[k] = vs[0]
				}
			}
			raw = append(raw, big)
		}
		return witnessesWhere(wo, r, raw, func(v any) bool { m, _ := v.(map[string]any); return pred(len(m)) })
	}
	if rMin > wMin {
		has := func(s *jsonschema.Schema) bool { return s.MinProperties != nil }
		c.report(ruleObjectSize, trail, atKw(wo, "minProperties", has), atKw(r, "minProperties", has), sized(func(n int) bool { return n < rMin }),
			"%s", c.changed("minProperties", fmt.Sprint(wMin), fmt.Sprint(rMin)))
	}
	if rMax != nil && (wMax == nil || *rMax < *wMax) {
		has := func(s *jsonschema.Schema) bool { return s.MaxProperties != nil }
		c.report(ruleObjectSize, trail, atKw(wo, "maxProperties", has), atKw(r, "maxProperties", has), sized(func(n int) bool { return n > *rMax }),
			"%s", c.changed("maxProperties", intDesc(wMax), fmt.Sprint(*rMax)))
	}
}

func (c *comparer) propertyNamesKw(wo, r node, trail []step) {
	for _, rs := range r.all {
		// A reader's propertyNames that asserts nothing (only a
		// description), or that includes the writer's, rejects no name
		// the writer allows (partial-pixi.json's tasks, minLength: 1
		// added beside a description: the reverse was a warning).
		if rs.PropertyNames == nil || c.includes(nil, rs.PropertyNames) || slices.ContainsFunc(wo.all, func(ws *jsonschema.Schema) bool {
			return ws.PropertyNames != nil && c.includes(ws.PropertyNames, rs.PropertyNames)
		}) {
			continue
		}
		var raw []any
		for _, key := range append([]string{unknownKey, "A", "a-b", "1", "", "a b"}, fillerKeys(wo)...) {
			for _, v := range c.gen.values(wo.prop(key), 0) {
				raw = append(raw, c.gen.objects(wo, 0, map[string]any{key: v}, "")...)
				break
			}
		}
		c.undecided(rulePropertyNames, trail, atNode(wo), at{rs, "propertyNames"}, witnesses(wo, r, raw),
			"%s", c.only("a propertyNames"))
	}
}

// negations: a reader's not that the writer does not have is undecidable.
func (c *comparer) negations(w, r node, trail []step) {
	for _, rs := range r.all {
		// A reader's not within the writer's rejects nothing the writer accepts.
		if rs.Not == nil || slices.ContainsFunc(w.all, func(ws *jsonschema.Schema) bool { return ws.Not != nil && c.includes(rs.Not, ws.Not) }) {
			continue
		}
		c.undecided(ruleNotChanged, trail, atNode(w), at{rs, "not"}, witnesses(w, r, c.gen.values(w.with(rs.Not), 0)),
			"%s", c.only(`a "not"`))
	}
}

func (c *comparer) conditionals(w, r node, trail []step) {
	for _, rs := range r.all {
		if rs.If == nil || slices.ContainsFunc(w.all, func(ws *jsonschema.Schema) bool {
			// The same if: the writer's then and else within the
			// reader's (an enum widened in an else, as when Dependabot
			// adds an ecosystem) accept nothing the reader rejects.
			// Not under unevaluatedProperties or unevaluatedItems: there a
			// branch's properties are also names it evaluates, and a
			// property it stops declaring falls to the unevaluated
			// schema (oasdiff's sub_schema_added_property pair).
			if unevaluated(w) || unevaluated(r) {
				return c.same.schema(ws.If, rs.If) && c.same.schema(ws.Then, rs.Then) && c.same.schema(ws.Else, rs.Else)
			}
			return c.same.schema(ws.If, rs.If) && c.includes(ws.Then, rs.Then) && c.includes(ws.Else, rs.Else)
		}) {
			continue
		}
		raw := c.gen.values(w, 0)
		raw = append(raw, c.gen.values(w.with(rs.If), 0)...)
		raw = append(raw, c.probes(w, nil, rs.If, rs.Then, rs.Else)...)
		// The writer's own conditionals name the values it accepts there
		// (an enum value its else added: {"ecosystem": "nix"}).
		for _, ws := range w.all {
			if ws.If != nil {
				raw = append(raw, c.probes(w, nil, ws.If, ws.Then, ws.Else)...)
			}
		}
		c.undecided(ruleConditional, trail, atNode(w), at{rs, "if"}, witnesses(w, r, raw),
			"%s", c.only("an if/then/else"))
	}
	c.dependentSchemas(w, r, trail)
}

// unevaluated reports whether a schema of the conjunction has
// unevaluatedProperties or unevaluatedItems, which see what its in-place
// branches evaluate.
func unevaluated(n node) bool {
	return slices.ContainsFunc(n.all, func(s *jsonschema.Schema) bool {
		return s.UnevaluatedProperties != nil || s.UnevaluatedItems != nil
	})
}

// includes reports whether every value schema a accepts, b accepts, as far
// as a comparison of the two on their own finds (nil a accepts everything,
// nil b rejects nothing): the same schema, or a comparison with no
// difference to report. A branch of an if/then/else, not or
// dependentSchemas that only widened (or, under a not, narrowed) is then
// no change, where before only a branch written the same way was.
func (c *comparer) includes(a, b *jsonschema.Schema) bool {
	if b == nil || c.same.schema(a, b) {
		return true
	}
	rn := c.env.node(b)
	if rn.overflow {
		return false
	}
	if rn.unconstrained() {
		return true
	}
	wn := c.env.empty()
	if a != nil {
		wn = c.env.node(a)
	}
	if wn.overflow {
		return false
	}
	// A comparison of its own, on the same budget: its findings are not
	// this one's, only whether there are any.
	sub := *c
	sub.declared, sub.annotated = false, nil
	sub.seen, sub.noted, sub.walked, sub.walks = map[string]visit{}, map[[2]*jsonschema.Schema]int{}, nil, 0
	sub.active, sub.cands, sub.infos, sub.claimed, sub.unions, sub.incomplete = nil, nil, nil, claimedBranches{}, 0, false
	sub.check(wn, rn, nil)
	c.visits = sub.visits
	return !sub.incomplete && len(sub.cands) == 0
}

// dependentSchemas: a schema the reader applies when a property is present
// (dependentSchemas, or the schema form of draft 4–7 dependencies) that the
// writer does not apply in the same form is undecidable; witnesses are
// objects of the writer that carry the property.
func (c *comparer) dependentSchemas(w, r node, trail []step) {
	wo := w.restrict(tObject)
	if wo.types() == 0 {
		return
	}
	// A dependent schema evaluates properties as a conditional's branch
	// does: under unevaluated*, only the same one is the same.
	within := c.includes
	if unevaluated(wo) || unevaluated(r) {
		within = func(a, b *jsonschema.Schema) bool { return c.same.schema(a, b) }
	}
	writerHas := func(p string, d *jsonschema.Schema) bool {
		return slices.ContainsFunc(wo.all, func(ws *jsonschema.Schema) bool {
			if wd := ws.DependentSchemas[p]; wd != nil && within(wd, d) {
				return true
			}
			wd, _ := ws.Dependencies[p].(*jsonschema.Schema)
			return wd != nil && within(wd, d)
		})
	}
	for _, rs := range r.all {
		kw, deps := "dependentSchemas", rs.DependentSchemas
		if len(deps) == 0 {
			kw, deps = "dependencies", map[string]*jsonschema.Schema{}
			for p, d := range rs.Dependencies {
				if ds, ok := d.(*jsonschema.Schema); ok {
					deps[p] = ds
				}
			}
		}
		for _, p := range sortedKeys(deps) {
			if writerHas(p, deps[p]) {
				continue
			}
			var raw []any
			for _, v := range c.gen.values(wo.prop(p), 0) {
				raw = append(raw, c.gen.objects(wo, 0, map[string]any{p: v}, "")...)
				raw = append(raw, c.gen.objects(wo.with(deps[p]), 0, map[string]any{p: v}, "")...)
				raw = append(raw, c.probes(wo, map[string]any{p: v}, deps[p])...)
			}
			c.undecided(ruleConditional, trail, atNode(wo), at{rs, kw}, witnesses(wo, r, raw),
				"%s", c.only(fmt.Sprintf("a %s entry for %q", kw, p)))
		}
	}
}

// defaults records a changed default; it is information, not a break.
func (c *comparer) defaults(w, r node, trail []step) {
	wd, rd := defaultOf(w), defaultOf(r)
	if wd == nil || rd == nil || reflect.DeepEqual(*wd, *rd) {
		return
	}
	has := func(s *jsonschema.Schema) bool { return s.Default != nil }
	c.infos = append(c.infos, candidate{rule: ruleDefaultChanged, paths: []route{{c.ctx, slices.Clone(trail), nil}}, ctxs: []int{c.ctx},
		writerAt: atKw(w, "default", has), readerAt: atKw(r, "default", has),
		what: c.changed("default", compact(*wd), compact(*rd))})
}

func defaultOf(n node) *any {
	for _, s := range n.all {
		if s.Default != nil {
			return s.Default
		}
	}
	return nil
}

// probes are objects of the writer that give each property the subschemas
// name (properties, required, dependentRequired, one level into
// if/then/else) values of every kind, beside the fixed entries: a
// condition constrains what the writer leaves free, and a witness must
// put something there.
func (c *comparer) probes(w node, fixed map[string]any, subs ...*jsonschema.Schema) []any {
	wo := w.restrict(tObject)
	if wo.types() == 0 {
		return nil
	}
	// The schemas that name properties: each sub, its if/then/else and its
	// not (a rule such as "not {required: [dynamic], properties: {dynamic:
	// {contains: {const: authors}}}}", which pyproject.json kept per field
	// in dependencies until PEP 808, is broken by a value its not accepts),
	// and their allOf/anyOf/oneOf branches.
	var parts []*jsonschema.Schema
	for _, s := range subs {
		if s == nil {
			continue
		}
		for _, p := range []*jsonschema.Schema{s, s.If, s.Then, s.Else, s.Not} {
			if p == nil {
				continue
			}
			parts = append(parts, p)
			parts = append(parts, p.AllOf...)
			parts = append(parts, p.AnyOf...)
			parts = append(parts, p.OneOf...)
		}
	}
	var names []string
	for _, s := range parts {
		names = append(names, sortedKeys(s.Properties)...)
		names = append(names, s.Required...)
		names = append(names, sortedKeys(s.DependentRequired)...)
	}
	slices.Sort(names)
	names = slices.Compact(names)
	var out []any
	for _, name := range names[:min(len(names), 16)] {
		if _, ok := fixed[name]; ok {
			continue
		}
		vals := anyValues(c.gen, c.env.empty())
		for _, s := range parts {
			if s.Properties[name] != nil {
				vals = append(vals, c.gen.values(c.env.node(s.Properties[name]), 0)...)
			}
		}
		for _, v := range vals {
			f := map[string]any{name: v}
			for k, x := range fixed {
				f[k] = x
			}
			out = append(out, c.gen.objects(wo, 0, f, "")...)
		}
	}
	return out
}

// anyValues are values of every kind, for a property that was free before.
func anyValues(g *generator, r node) []any {
	raw := []any{nil, true, "", jsonNumber(0), jsonNumber(1), map[string]any{}, []any{}}
	return append(raw, g.values(r, 0)...)
}

// freeKey returns a property name that neither side declares or matches by pattern.
func freeKey(w, r node) (string, bool) {
	for _, k := range []string{unknownKey, "unknown-property", "x_unknown", "zz", "Unknown"} {
		if !w.declares(k) && !r.declares(k) && !matchesPattern(w, k) && !matchesPattern(r, k) {
			return k, true
		}
	}
	return "", false
}

// patternKey generates a property name from a patternProperties pattern
// that neither side declares explicitly.
func patternKey(pt string, w, r node) (string, bool) {
	for reps := 1; reps <= 4; reps++ {
		k, ok := sampleFromPattern(pt, reps)
		if ok && !w.declares(k) && !r.declares(k) {
			return k, true
		}
	}
	return "", false
}

func matchesPattern(n node, key string) bool {
	for _, s := range n.all {
		for re := range s.PatternProperties {
			if re.MatchString(key) {
				return true
			}
		}
	}
	return false
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
