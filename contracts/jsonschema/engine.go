package jsonschema

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemacheck/schemacheck/finding"
)

// Source tells the comparer about the compiled schemas of one version:
// where a keyword is written, the keyword as written (format, which the
// validator keeps only when it asserts it), and what to call the schema a
// keyword belongs to. A JSON Schema file is one Source; an OpenAPI
// document translated to JSON Schema is another (contracts/openapi).
type Source interface {
	// Where locates keyword kw of s ("" for s itself). ok is false when s
	// is not a schema of this version.
	Where(s *jsonschema.Schema, kw string) (loc finding.Location, ok bool)
	// Subject names the schema s, or the place below it that keyword path
	// below leads to ("properties/id/items"; "" for s), for a message
	// ("schema Pet.id[]"); ok is false when s is not a schema of this
	// version.
	Subject(s *jsonschema.Schema, below string) (string, bool)
	// Raw returns keyword kw of s as written, or nil.
	Raw(s *jsonschema.Schema, kw string) any
	// Display rewrites a validator message for people: schema URLs become
	// the file names they were read from.
	Display(msg string) string
}

// CompareOptions controls a Comparison.
type CompareOptions struct {
	// Strict: see Options.Strict.
	Strict bool
	// Declared also reports, as notes, properties one side declares and the
	// other does not where no validation differs (an optional property
	// removed from an open model, or added to one), and properties that
	// became readOnly or writeOnly: OpenAPI readers care, JSON Schema
	// compatibility does not.
	Declared bool
	// Annotations are keywords that reject no data but are noted when
	// they differ between the two sides (OpenAPI's discriminator).
	Annotations []string
	// Names returns the definition a schema is (a component's name), for
	// matching union branches by identity; nil: JSON Schema definitions.
	Names func(*jsonschema.Schema) string
	// Omitted reports a property schema the writer never sends (OpenAPI's
	// readOnly in a request, writeOnly in a response): such a property is
	// left out of generated values and not compared.
	Omitted func(*jsonschema.Schema) bool
}

// Kind says what a Result is.
type Kind int

const (
	// Break: the writer's schema accepts a witness the reader's rejects,
	// confirmed by the validator.
	Break Kind = iota
	// Unconfirmed: a structural difference that narrows, for which no
	// witness was confirmed (downgraded).
	Unconfirmed
	// Undecidable: a keyword whose effect cannot be decided structurally
	// (pattern, not, if/then/else, …) and no witness was found.
	Undecidable
	// Info: a change that does not reject data (a default changed).
	Info
	// PropertyRemoved and PropertyAdded: a property the older version
	// declares and the newer does not, or the reverse, where validation
	// does not differ (CompareOptions.Declared).
	PropertyRemoved
	PropertyAdded
	// AccessChanged: a property became readOnly or writeOnly (What says
	// which; CompareOptions.Declared).
	AccessChanged
	// AnnotationChanged: a keyword of CompareOptions.Annotations differs;
	// What is the keyword, OldValue and NewValue its values.
	AnnotationChanged
	// BranchChanged: a oneOf/anyOf branch one side has and the other does
	// not, whose values the other side still accepts (no witness; readers
	// that tell branches apart care; CompareOptions.Declared).
	BranchChanged
	// Misread: the validator accepts the witness under both roots, but the
	// content keywords (contentEncoding, contentMediaType) make the reader
	// decode it to other content than the writer meant; Why says how each
	// side reads it. A break, like Break.
	Misread
)

// Result is one difference a Comparison found.
type Result struct {
	Kind Kind
	Rule finding.Rule // the JSON Schema rule
	What string       // the change, e.g. `maxLength changed from 20 (old) to 10 (new)`
	// Pointer is the instance location from the root of the first context
	// that reached the difference ("/items/0/name", "" for the root).
	Pointer string
	// Subject names the schema in the newer version the difference is in
	// (Source.Subject of the newer side), or "" when it has none.
	Subject string
	// New and Old locate the difference in each version: the keyword
	// where it is written, else the nearest enclosing schema. A zero File
	// means that version has no place for it.
	New, Old finding.Location
	// Witness is the whole instance (compact JSON) from the root of
	// context WitnessContext, accepted by the writer's root schema and
	// rejected by the reader's; Why is the validator's rejection.
	Witness        string
	WitnessContext int
	Why            string
	// Reason says why there is no witness (Unconfirmed, Undecidable).
	Reason string
	// Contexts are the contexts (see Compare) that reach the difference,
	// first the one that found it.
	Contexts []int
	// NewSchema and OldSchema are the schemas of each side at the
	// difference (the keyword's, else the enclosing one), when known.
	NewSchema, OldSchema *jsonschema.Schema
	// OldKeyword and NewKeyword are the keywords (or keyword paths, such as
	// properties/name) of OldSchema and NewSchema the difference is at.
	OldKeyword, NewKeyword string
	// OldValue and NewValue are an annotation's values (AnnotationChanged).
	OldValue, NewValue any
	// Retargeted are, for a discriminator (AnnotationChanged), the values
	// the writer's mapping sends to another branch than the reader's does
	// where the reader's branch accepted every value tried of the writer's
	// with that tag: readers routing by the discriminator still take them.
	Retargeted []string
	// Property is the property a required or declared-property result is
	// about (SC-JS005, PropertyRemoved, PropertyAdded, AccessChanged).
	Property string
	// OldProperty is, for a required result, the property's schema where
	// the older version declares it, which need not be the schema whose
	// required lists it (allOf: [{$ref: Base}, {required: [p]}] declares p
	// in Base); nil when the older version does not declare it.
	OldProperty *jsonschema.Schema
}

// Comparison compares pairs of root schemas in one direction (a writer's
// version against a reader's) with one memory, so a pair of subschemas
// reached from many roots (a shared component under many API operations)
// is compared once and reported once, listing every root that reaches it.
type Comparison struct {
	c              *comparer
	writer, reader Source
	roots          [][2]*jsonschema.Schema // per context: writer root, reader root
}

// NewComparison starts a comparison of writer's schemas against reader's.
// writerIsNew says which of the two is the newer version, for messages
// ("old"/"new") and for locating results in the newer version.
func NewComparison(writer, reader Source, writerIsNew bool, opts CompareOptions) *Comparison {
	wName, rName := "old", "new"
	if writerIsNew {
		wName, rName = "new", "old"
	}
	fm := &formatTable{sources: []Source{writer, reader}, memo: map[*jsonschema.Schema]formatOf{},
		annotated: opts.Annotations, annotations: map[*jsonschema.Schema][]any{}}
	names := opts.Names
	if names == nil {
		names = defName
	}
	gen := newGenerator(fm)
	gen.omitted = opts.Omitted
	same := newSameness(fm)
	same.annotated = opts.Annotations
	c := &comparer{strict: opts.Strict, declared: opts.Declared, annotated: opts.Annotations, writer: wName, reader: rName,
		env: newEnv(), names: names, gen: gen, same: same, seen: map[string]visit{},
		noted: map[[2]*jsonschema.Schema]int{}, formats: fm}
	return &Comparison{c: c, writer: writer, reader: reader}
}

// Compare compares one pair of roots as context number len(previous calls).
// Work is bounded over the whole Comparison (see maxVisits); Incomplete
// says when the bound cut it short.
func (x *Comparison) Compare(writer, reader *jsonschema.Schema) int {
	ctx := len(x.roots)
	x.roots = append(x.roots, [2]*jsonschema.Schema{writer, reader})
	x.c.ctx = ctx
	w, okW := x.c.newNode(writer)
	r, okR := x.c.newNode(reader)
	if okW && okR {
		x.c.check(w, r, nil)
	}
	return ctx
}

// Incomplete reports whether the work bound stopped the comparison early.
func (x *Comparison) Incomplete() bool { return x.c.incomplete }

// Results confirms every candidate with a witness (or says why none was
// found) and returns the results in the order they were found.
func (x *Comparison) Results() []Result {
	c := x.c
	var out []Result
	for _, cand := range mergeSameChange(c.cands) {
		// The shortest path first: it names the difference and embeds its
		// witness in the smallest document.
		slices.SortStableFunc(cand.paths, func(a, b route) int { return a.size() - b.size() })
		cand.paths[0].join()
		res := x.result(cand)
		if cand.note != 0 {
			res.Kind = cand.note
			out = append(out, res)
			continue
		}
		for i := range cand.paths {
			cand.paths[i].join()
		}
		doc, ctx, why, reason, otherBranch := x.confirm(cand)
		if doc == "" && len(cand.misread) > 0 {
			if d, mctx, i, ok := x.confirmMisread(cand); ok {
				res.Kind, res.Witness, res.WitnessContext, res.Why = Misread, d, mctx, cand.misreadHow[i]
				out = append(out, res)
				continue
			}
		}
		if doc == "" && cand.branchNote != "" && c.declared {
			res.Kind, res.What = BranchChanged, cand.branchNote
			out = append(out, res)
			continue
		}
		if doc == "" && (cand.speculative || cand.inUnion && otherBranch) {
			continue
		}
		switch {
		case doc != "":
			res.Kind, res.Witness, res.WitnessContext, res.Why = Break, doc, ctx, why
		case cand.undecidable:
			res.Kind, res.Reason = Undecidable, reason
		default:
			res.Kind, res.Reason = Unconfirmed, reason
		}
		out = append(out, res)
	}
	for _, cand := range c.infos {
		res := x.result(cand)
		res.Kind = Info
		out = append(out, res)
	}
	return out
}

// mergeSameChange makes the candidates that say the same thing about the
// same keywords on both sides one, with the routes and contexts of all:
// a definition reached at two instance locations through schemas that are
// not the same pair (GitHub's workflow schema reaches its event enum as
// on, a string, and as on/0, an array item) is one change, reported once.
// The memo in check merges only pairs of identical nodes; these nodes
// differ in the schemas around the shared one.
func mergeSameChange(cands []candidate) []candidate {
	type key struct {
		id     string
		what   string
		wS, rS *jsonschema.Schema
		wK, rK string
	}
	first := map[key]int{}
	out := make([]candidate, 0, len(cands))
	for _, cd := range cands {
		// Only keywords written on both sides: a candidate placed at the
		// enclosing schema (no keyword) may be one of several changes
		// under it, each of its own union branch.
		if cd.note != 0 || cd.writerAt.s == nil || cd.readerAt.s == nil || cd.writerAt.kw == "" || cd.readerAt.kw == "" {
			out = append(out, cd)
			continue
		}
		k := key{cd.rule.ID, cd.what, cd.writerAt.s, cd.readerAt.s, cd.writerAt.kw, cd.readerAt.kw}
		i, ok := first[k]
		if !ok {
			first[k] = len(out)
			out = append(out, cd)
			continue
		}
		m := &out[i]
		m.paths = append(slices.Clip(m.paths), cd.paths...)
		if len(m.paths) > maxAlts+1 {
			slices.SortStableFunc(m.paths, func(a, b route) int { return a.size() - b.size() })
			m.paths = m.paths[:maxAlts+1]
		}
		for _, ctx := range cd.ctxs {
			if !slices.Contains(m.ctxs, ctx) {
				m.ctxs = append(m.ctxs, ctx)
			}
		}
		for _, v := range cd.leaves {
			if !containsValue(m.leaves, v) {
				m.leaves = append(m.leaves, v)
			}
		}
		m.speculative = m.speculative && cd.speculative
		m.inUnion = m.inUnion && cd.inUnion
	}
	return out
}

// result fills what a candidate says before confirmation.
func (x *Comparison) result(cand candidate) Result {
	c := x.c
	res := Result{Rule: cand.rule, What: cand.what, Pointer: instancePointer(cand.paths[0].trail), Contexts: cand.ctxs, Property: cand.property}
	res.OldValue, res.NewValue = cand.rawW, cand.rawR
	res.Retargeted = cand.retargeted
	res.OldProperty = cand.propW
	if c.writer == "new" {
		res.OldValue, res.NewValue = cand.rawR, cand.rawW
		res.OldProperty = cand.propR
	}
	newAt, oldAt := cand.readerAt, cand.writerAt
	newSrc, oldSrc := x.reader, x.writer
	if c.writer == "new" {
		newAt, oldAt = oldAt, newAt
		newSrc, oldSrc = oldSrc, newSrc
	}
	res.NewSchema, res.OldSchema = newAt.s, oldAt.s
	res.NewKeyword, res.OldKeyword = newAt.kw, oldAt.kw
	locate := func(src Source, at at, side func(step) node) (loc finding.Location, s *jsonschema.Schema, below string) {
		if at.s != nil {
			if loc, ok := src.Where(at.s, at.kw); ok {
				return loc, at.s, ""
			}
		}
		// The side lacks the keyword's schema: the nearest enclosing one,
		// as deep along the trail as the source goes (a property written
		// as {} has no schema of its own in the node, but has a line).
		trail := cand.paths[0].trail
		for i := len(trail) - 1; i >= 0; i-- {
			if s := atWritten(side(trail[i])).s; s != nil {
				below := sourcePath(trail[i:])
				if loc, ok := src.Where(s, below); ok {
					return loc, s, below
				}
			}
		}
		return finding.Location{}, nil, ""
	}
	writerSide := func(st step) node { return *st.n }
	readerSide := func(st step) node { return *st.r }
	newSide, oldSide := readerSide, writerSide
	if c.writer == "new" {
		newSide, oldSide = writerSide, readerSide
	}
	var subj *jsonschema.Schema
	var below string
	res.New, subj, below = locate(newSrc, newAt, newSide)
	res.Old, _, _ = locate(oldSrc, oldAt, oldSide)
	if subj != nil {
		res.Subject, _ = newSrc.Subject(subj, below)
	}
	return res
}

// sourcePath is where the steps of trail lead inside the schema of its
// first step's container, as keywords ("properties/a/items"); a source
// follows it as far as the schema is written. A property name with a "/"
// in it cuts the path there, which only makes the place less precise.
func sourcePath(trail []step) string {
	var parts []string
	for _, st := range trail {
		switch st.kind {
		case stepProperty:
			parts = append(parts, "properties", st.key)
		case stepIndex:
			parts = append(parts, "items")
		case stepPattern:
			parts = append(parts, "patternProperties", st.pattern)
		default:
			return strings.Join(parts, "/")
		}
	}
	return strings.Join(parts, "/")
}

// confirm embeds each candidate value in a document built from the
// writer's root schema, along each path that reaches the candidate, and
// keeps one the real validator accepts under the writer's root and
// rejects under the reader's: preferably one the reader rejects through
// the keyword the candidate is about, so the witness shows this change
// rather than another. It returns the compact witness, its context and
// the reader's validation error, or the reason none was confirmed.
//
// otherBranch says that documents the writer accepts were built and the
// reader accepted every one of them.
func (x *Comparison) confirm(cand candidate) (doc string, ctx int, why, reason string, otherBranch bool) {
	c := x.c
	if len(cand.leaves) == 0 {
		return "", 0, "", fmt.Sprintf("no value was found that the %s schema accepts and the %s schema rejects", c.writer, c.reader), false
	}
	reason = fmt.Sprintf("the %s schema rejected every document built around the candidate values", c.writer)
	kw := cand.readerAt.kw
	for _, p := range cand.paths {
		roots := x.roots[p.ctx]
		for _, leaf := range cand.leaves {
			v := c.embed(p.trail, leaf, true)
			if roots[0].Validate(v) != nil {
				if v = c.embed(p.trail, leaf, false); roots[0].Validate(v) != nil {
					continue
				}
			}
			err := roots[1].Validate(v)
			if err == nil {
				reason = fmt.Sprintf("the %s schema accepts every candidate witness (another branch or keyword may allow it)", c.reader)
				otherBranch = doc == ""
				continue
			}
			otherBranch = false
			if doc == "" || kw != "" && rejectedBy(err, kw) {
				doc, ctx, why, reason = compact(v), p.ctx, x.reader.Display(describeError(err, pathTokens(p.trail), kw)), ""
				if kw == "" || rejectedBy(err, kw) {
					return doc, ctx, why, "", false
				}
			}
		}
	}
	return doc, ctx, why, reason, otherBranch && doc == ""
}

// confirmMisread embeds each misread value along each path and keeps the
// first document the validator accepts under both roots, with the index
// of its value.
func (x *Comparison) confirmMisread(cand candidate) (doc string, ctx, leaf int, ok bool) {
	c := x.c
	for _, p := range cand.paths {
		roots := x.roots[p.ctx]
		for i, v := range cand.misread {
			for _, quick := range []bool{true, false} {
				d := c.embed(p.trail, v, quick)
				if roots[0].Validate(d) == nil && roots[1].Validate(d) == nil {
					return compact(d), p.ctx, i, true
				}
			}
		}
	}
	return "", 0, 0, false
}

// formatTable knows the format each schema is written with, asking the
// sources once per schema: the validator keeps a format only where it
// asserts it, but a changed annotation is still worth a warning.
type formatTable struct {
	sources []Source
	memo    map[*jsonschema.Schema]formatOf
	// annotated are CompareOptions.Annotations; annotations their values
	// as written in each schema (nil: none written), asked once per schema:
	// the comparer and the sameness read them on every pair a schema is
	// part of (Stripe: 47,000 times for 9,700 schemas, 5 keywords each).
	annotated   []string
	annotations map[*jsonschema.Schema][]any
}

type formatOf struct {
	name string
	ok   bool
}

func (ft *formatTable) of(s *jsonschema.Schema) (string, bool) {
	if s == nil {
		return "", false
	}
	if f, ok := ft.memo[s]; ok {
		return f.name, f.ok
	}
	var f formatOf
	if s.Format != nil {
		f = formatOf{s.Format.Name, true}
	} else {
		for _, src := range ft.sources {
			if name, ok := src.Raw(s, "format").(string); ok {
				f = formatOf{name, true}
				break
			}
		}
	}
	ft.memo[s] = f
	return f.name, f.ok
}

// annotation returns annotated keyword i of s as written, or nil.
func (ft *formatTable) annotation(s *jsonschema.Schema, i int) any {
	if s == nil {
		return nil
	}
	vals, ok := ft.annotations[s]
	if !ok {
		for j, kw := range ft.annotated {
			for _, src := range ft.sources {
				if v := src.Raw(s, kw); v != nil {
					if vals == nil {
						vals = make([]any, len(ft.annotated))
					}
					vals[j] = v
					break
				}
			}
		}
		ft.annotations[s] = vals
	}
	if vals == nil {
		return nil
	}
	return vals[i]
}

// describeError renders a validation error on one line. Of the
// validator's detailed causes it shows the one closest to target (the
// instance path a finding is about), preferring one from keyword kw.
func describeError(err error, target []string, kw string) string {
	var msg string
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		msg = leafMessage(ve, target, kw) // Error() would format every cause: seconds on a large schema
	} else {
		msg = err.Error()
	}
	msg = strings.Join(strings.Fields(msg), " ")
	if len(msg) > 400 {
		msg = msg[:400] + "…"
	}
	return msg
}
