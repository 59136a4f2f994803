package openapi

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemacheck/schemacheck/contracts/jsonschema"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/doctree"
)

const componentPrefix = "#/components/schemas/"

// schemaUse is one place an operation carries a schema on one side of the
// wire: a body per media type, a parameter, a response header.
type schemaUse struct {
	side     side
	old, new *Node // the walker's old and new schema nodes
	op       string
	where    string // "POST /pets request application/json", "GET /pets query parameter limit"
	ign      []*Node
	text     bool // a parameter serialized by its style: its values travel as text
	notice   int  // the operation's x-sunset notice in days (walker.notice)
}

// schema records a pair of schemas to compare. The comparison itself runs
// once every operation has been walked (compareSchemas), so a schema
// shared by many operations is compared once and reported once.
func (w *walker) schema(o, n *Node, s side, where string, ign []*Node) {
	if o == nil || n == nil {
		return
	}
	w.uses = append(w.uses, schemaUse{side: s, old: o, new: n, op: w.op, where: where, ign: slices.Clone(ign), text: w.text, notice: w.notice})
}

// compareSchemas compares the recorded schema pairs with the JSON Schema
// engine, one comparison per side of the wire: a request is written by
// the client (the old version, in backward direction) and read by the
// server, a response the other way round. Pairs whose schemas are written
// the same (after $refs) are not compiled at all.
//
// The two sides share nothing but the documents, which they only read.
// They run one after the other: in parallel they were a quarter faster on
// two cores and held both sides' compiled schemas at once.
func (w *walker) compareSchemas() {
	var out [2][]pending
	// One sameness for both sides: it reads only the documents, and its
	// answers are most of the work on a large pair.
	same := newRawSameness(w.old, w.new)
	checked := shapes{}
	for _, s := range []side{request, response} {
		var uses []schemaUse
		for _, u := range w.uses {
			if u.side == s && !same.nodes(u.old, u.new) {
				uses = append(uses, u)
			}
		}
		if len(uses) == 0 {
			continue
		}
		func() {
			v := requestView
			if s == response {
				v = responseView
			}
			oldSet, newSet := newSchemaSets(w.old, w.new, v, same, checked)
			writer, reader := oldSet, newSet
			if s == response {
				writer, reader = newSet, oldSet
			}
			c := w.compileUses(uses, writer, reader)
			out[s] = append(c.failed, w.compareSide(s, uses, c, writer, reader, false)...)
			if w.opts.All {
				// Changelog: what the other direction would break is
				// what this one widens; listed as information, unless
				// this direction already reports the change (a content
				// encoding that changed breaks both ways): one change,
				// one finding.
				reported := map[string]bool{}
				for _, p := range out[s] {
					reported[p.change] = true
				}
				c.swap()
				for _, p := range w.compareSide(s, uses, c, reader, writer, true) {
					if !reported[p.change] {
						out[s] = append(out[s], p)
					}
				}
			}
		}()
	}
	for _, side := range out {
		for _, p := range side {
			w.add(p.f, p.op, p.ops)
		}
	}
}

// pending is a finding a side's comparison made, added once both ran.
type pending struct {
	f   finding.Finding
	op  string
	ops []string
	// change identifies what changed on this side, whatever the severity
	// and the remarks added to the message: the rule and the message.
	change string
}

// annotated are the keywords that reject no data but that the API-level
// checks read on every pair of schemas: how readers pick a variant, and
// the lifecycle extensions (lifecycle.go).
var annotated = []string{"discriminator", "x-stability-level", "deprecated", "x-sunset", "x-extensible-enum"}

// compiled are the root schemas of the uses that compiled, writer's then
// reader's, with the use each is.
type compiled struct {
	roots  [][2]*sjs.Schema
	ctxUse []int
	failed []pending
}

func (c *compiled) swap() {
	for i, r := range c.roots {
		c.roots[i] = [2]*sjs.Schema{r[1], r[0]}
	}
}

// compileUses compiles every use's two schemas, then lets the compiler
// (and the translations it keeps) go: nothing is compiled later.
func (w *walker) compileUses(uses []schemaUse, writer, reader *schemaSet) *compiled {
	c := &compiled{}
	for i, u := range uses {
		wn, rn := u.old, u.new
		if writer.spec == w.new {
			wn, rn = u.new, u.old
		}
		ws, errW := writer.compile(wn, rn, u.where)
		rs, errR := reader.compile(rn, wn, u.where)
		if err := cmpOr(errW, errR); err != nil {
			c.failed = append(c.failed, w.uncompared(u, err))
			continue
		}
		c.ctxUse = append(c.ctxUse, i)
		c.roots = append(c.roots, [2]*sjs.Schema{ws, rs})
	}
	// The compile order's function holds the compiler too: without it,
	// its roots and translations (a fifth of the live heap on Stripe's
	// pair) stayed through the comparison.
	writer.compiler, reader.compiler = nil, nil
	writer.order.compile = nil
	return c
}

// compareSide runs one comparison of writer's schemas against reader's.
// reversed: the roles are swapped to list widenings (changelog mode).
func (w *walker) compareSide(s side, uses []schemaUse, c *compiled, writer, reader *schemaSet, reversed bool) []pending {
	var out []pending
	head := w.new
	if w.label == "forward" {
		head = w.old // the walker's sides are swapped; the head is the pull request's version
	}
	names := func(sch *sjs.Schema) string {
		if n := writer.name(sch); n != "" {
			return n
		}
		return reader.name(sch)
	}
	hidden := func(sch *sjs.Schema) bool { return sch.ReadOnly }
	if s == response {
		hidden = func(sch *sjs.Schema) bool { return sch.WriteOnly }
	}
	x := jsonschema.NewComparison(writer, reader, writer.spec == head, jsonschema.CompareOptions{
		Declared: true, Annotations: annotated, Names: names, Omitted: hidden})
	for _, r := range c.roots {
		x.Compare(r[0], r[1])
	}
	newSet, oldSet := reader, writer
	if writer.spec == head {
		newSet, oldSet = writer, reader
	}
	for _, res := range x.Results() {
		if p, ok := w.result(res, s, uses, c.ctxUse, c.roots, newSet, oldSet, reversed); ok {
			out = append(out, p)
		}
	}
	if !reversed && (x.Incomplete() || writer.incomplete || reader.incomplete) {
		f := jsonschema.RuleIncomplete().New(finding.Location{File: head.File},
			"%s: the %s schemas were compared up to the comparison's budget (or a schema nested deeper than %d levels); later parts were not compared",
			w.labelled(), s, maxSchemaNesting)
		f.Layer = finding.LayerOpenAPI
		out = append(out, pending{f: f})
	}
	return out
}

func cmpOr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// uncompared reports a schema the validator refused to compile.
func (w *walker) uncompared(u schemaUse, err error) pending {
	if le, ok := err.(*sjs.LoadURLError); ok {
		if sve, ok := le.Err.(*sjs.SchemaValidationError); ok {
			err = sve // checked while loading (metacheck.go): say what is wrong, not where it was loaded
		}
	}
	f := jsonschema.RuleIncomplete().New(w.new.location(u.new), "%s%s: the schema could not be compared: %v", w.prefix(), u.where, err)
	f.Layer = finding.LayerOpenAPI
	return pending{f: f, op: u.op}
}

func (w *walker) prefix() string {
	if w.label != "" {
		return w.label + ": "
	}
	return ""
}

func (w *walker) labelled() string {
	if w.label != "" {
		return w.label
	}
	return "backward"
}

// result turns one engine result into a finding of the API rule that
// means the same on this side of the wire.
func (w *walker) result(res jsonschema.Result, s side, uses []schemaUse, ctxUse []int, roots [][2]*sjs.Schema, newSet, oldSet *schemaSet, reversed bool) (pending, bool) {
	if res.Kind == jsonschema.AnnotationChanged && res.What != "discriminator" {
		if !reversed {
			w.lifecycle(res, s, uses, ctxUse, newSet, oldSet)
		}
		return pending{}, false
	}
	if res.Kind == jsonschema.AnnotationChanged && discriminatorAddedOnRequired(newSet, res) {
		return pending{}, false
	}
	r, msg, ok := w.apiRule(res, s, uses, ctxUse)
	if !ok {
		return pending{}, false
	}
	sev := r.Request
	if s == response {
		sev = r.Response
	}
	breaking := sev != sevOff
	switch res.Kind {
	case jsonschema.Break, jsonschema.Misread:
		if breaking {
			sev = sevErr // the validator rejects the witness: an error whatever the rule usually says
		}
		if r.ID == ruleEnumAdded.ID && w.opts.UnknownEnumValues {
			breaking = false
		}
		if r.ID == ruleRequiredChanged.ID && strings.Contains(res.What, " not declared by the ") && oldSet.spec != writerSpec(w, s, reversed) {
			// A required property the new version removed: removed as
			// announced, or before its announced sunset (lifecycle.go).
			var p *Node
			if _, o, ok := oldSet.lookup(res.OldProperty); ok && res.OldProperty != nil {
				p = o.node // declared in another allOf member than the required list, maybe
			} else if _, o, ok := oldSet.lookup(res.OldSchema); ok {
				p = get(get(o.node, "properties"), res.Property)
			}
			switch kind, note := w.removal(oldSet.spec.derefNode(p)); kind {
			case removedAllowed:
				breaking = false
			case removedBeforeSunset:
				r, msg, sev = ruleDeprecationPolicy, msg+note, ruleDeprecationPolicy.Response
			}
		}
		if u := uses[ctxUse[res.WitnessContext]]; res.Kind == jsonschema.Break && u.text && textAccepts(res.Witness, roots[res.WitnessContext][1]) {
			return pending{}, false // the value travels as text, which the reader accepts
		}
	case jsonschema.Unconfirmed, jsonschema.Undecidable:
		sev = min(sev, sevWarn)
	case jsonschema.Info:
	case jsonschema.PropertyRemoved, jsonschema.PropertyAdded:
		if hiddenOn(oldSet, newSet, res, s) {
			return pending{}, false // not sent on this side (readOnly, writeOnly): nobody reads or writes it here
		}
		switch writerDeclares := (res.Kind == jsonschema.PropertyRemoved) == (oldSet.spec == writerSpec(w, s, reversed)); {
		case s == request && writerDeclares:
			// Clients send a property the server does not declare: it is
			// ignored or rejected.
			r = rulePropertyRemoved
		case s == response && !writerDeclares:
			// Clients read a property the server no longer declares
			// (validation does not differ: it was optional).
			r = rulePropertyRemoved
		case s == response:
			// A property clients do not know: strict readers reject it.
			r, breaking = rulePropertyAdded, w.opts.RejectUnknownProperties
		default:
			r, breaking = rulePropertyAdded, false
		}
		if r.ID == rulePropertyRemoved.ID && res.Kind == jsonschema.PropertyRemoved {
			// Removed as announced, or before its announced sunset
			// (lifecycle.go), as operations and parameters are.
			switch kind, note := w.removal(oldSet.spec.derefNode(propertyNode(oldSet, res))); kind {
			case removedAllowed:
				breaking = false
			case removedBeforeSunset:
				r, msg = ruleDeprecationPolicy, msg+note
			}
		}
		sev = r.Request
		if s == response {
			sev = r.Response
		}
	case jsonschema.BranchChanged:
		sev = min(sev, sevWarn) // its values are still accepted
	case jsonschema.AnnotationChanged: // a discriminator: it breaks the side whose reader routes by it
		writerVal, readerVal, writerSet, writerSchema := res.OldValue, res.NewValue, oldSet, res.OldSchema
		if newSet.spec == writerSpec(w, s, reversed) {
			writerVal, readerVal, writerSet, writerSchema = res.NewValue, res.OldValue, newSet, res.NewSchema
		}
		if !discriminatorBreaks(writerVal, readerVal, res.Retargeted, writerRequires(writerSet, writerSchema)) {
			breaking = false
		}
	case jsonschema.AccessChanged:
		if s == request && !strings.Contains(res.What, "readOnly") || s == response && !strings.Contains(res.What, "writeOnly") {
			return pending{}, false // the flag that binds the other side
		}
		sev = min(sev, sevWarn)
	}
	if reversed {
		if res.Kind != jsonschema.Break {
			return pending{}, false // the changelog lists what widened, with a witness
		}
		breaking = false
	}
	if !breaking {
		if !w.opts.All {
			return pending{}, false
		}
		sev = sevInfo
	}
	// Operations that ignore the rule drop out; a finding no operation
	// still reaches is not reported.
	var ops []string
	for _, ctx := range res.Contexts {
		u := uses[ctxUse[ctx]]
		if !slices.ContainsFunc(u.ign, func(n *Node) bool { return ignored(n, r) }) && !slices.Contains(ops, u.op) {
			ops = append(ops, u.op)
		}
	}
	if len(ops) == 0 || w.schemaIgnores(newSet, res.NewSchema, r) {
		return pending{}, false
	}
	loc := res.New
	if loc.File == "" && len(res.Contexts) > 0 {
		u := uses[ctxUse[res.Contexts[0]]]
		n := u.new
		if newSet.spec != w.new {
			n = u.old
		}
		loc = newSet.spec.location(n)
	}
	if loc.File == "" {
		loc = finding.Location{File: newSet.spec.File}
	}
	if newSet.spec.converted {
		loc.Line, loc.Column = 0, 0
	}
	f := r.New(loc, "%s%s", w.prefix(), msg)
	change := f.RuleID + "\x00" + f.Message
	f.Severity = sev
	f.Layer = finding.LayerOpenAPI
	if res.Old.File != "" && res.Old != loc && !w.old.converted && !w.new.converted {
		f.Related = append(f.Related, res.Old)
	}
	switch res.Kind {
	case jsonschema.Break:
		u := uses[ctxUse[res.WitnessContext]]
		f.Witness = u.where + ": " + res.Witness
		writerName, readerName := "old", "new"
		if (s == response) != (w.label == "forward") != reversed {
			writerName, readerName = "new", "old"
		}
		f.Details = append(f.Details, fmt.Sprintf("the witness is valid under the %s schema and the validator rejects it under the %s schema %s", writerName, readerName, res.Why))
	case jsonschema.Misread:
		f.Witness = uses[ctxUse[res.WitnessContext]].where + ": " + res.Witness
		f.Details = append(f.Details, jsonschema.MisreadDetail(res.Why))
	case jsonschema.Unconfirmed:
		f.Message += "; downgraded to a warning because no witness was confirmed: " + res.Reason
	case jsonschema.Undecidable:
		f.Message += "; cannot decide whether this is compatible: " + res.Reason
	}
	return pending{f: f, ops: ops, change: change}, true
}

// lifecycle runs the API-level checks of the lifecycle extensions
// (x-stability-level, deprecated with x-sunset, x-extensible-enum) on a
// pair of schemas whose extensions differ, once per operation that
// reaches them, as if the walker stood at them.
func (w *walker) lifecycle(res jsonschema.Result, s side, uses []schemaUse, ctxUse []int, newSet, oldSet *schemaSet) {
	_, on, okO := oldSet.lookup(res.OldSchema)
	_, nn, okN := newSet.lookup(res.NewSchema)
	if !okO || !okN {
		return
	}
	wo, wn := on.node, nn.node // the walker's old and new sides
	if oldSet.spec != w.old {
		wo, wn = wn, wo
	}
	subject := res.Subject
	if subject == "" {
		subject = "schema"
	}
	defer w.enter(wo, wn)()
	saved, savedNotice := w.op, w.notice
	for _, ctx := range res.Contexts {
		u := uses[ctxUse[ctx]]
		w.op, w.notice = u.op, u.notice
		w.schemaExtensions(wo, wn, s, subject, u.ign)
	}
	w.op, w.notice = saved, savedNotice
}

// writerSpec is the version that writes on side s: the client (old, in
// the walker's order) for requests, the server for responses; reversed
// for the changelog's second comparison.
func writerSpec(w *walker, s side, reversed bool) *Spec {
	if (s == request) != reversed {
		return w.old
	}
	return w.new
}

// add records a finding made outside emit: aggregated by rule, file and
// message like emit's, with the operations it affects.
func (w *walker) add(f finding.Finding, op string, ops []string) {
	f.Key = f.Message
	// One change, one finding: the same change on both sides of the wire
	// (a shared component) is one finding at the severity of the side it
	// breaks most, with that side's witness; where it breaks nothing
	// (changelog mode) it stays apart.
	key := f.RuleID + "\x00" + f.Location.File + "\x00" + f.Message
	if f.Severity == finding.SeverityInfo {
		key += "\x00info"
	}
	a := w.found[key]
	if a == nil {
		a = &agg{f: f, ops: map[string]bool{}}
		w.found[key] = a
	} else if f.Severity > a.f.Severity {
		a.f = f
	}
	if op != "" {
		a.ops[op] = true
	}
	for _, o := range ops {
		a.ops[o] = true
	}
}

// apiRule maps a result to the API rule that says the same thing on side
// s, and the message: where in the head document, then what changed.
func (w *walker) apiRule(res jsonschema.Result, s side, uses []schemaUse, ctxUse []int) (ruleDef, string, bool) {
	subject := res.Subject
	if subject == "" && len(res.Contexts) > 0 {
		subject = uses[ctxUse[res.Contexts[0]]].where // a schema without keywords (false) is the body or parameter itself
	}
	msg := subject + ": " + res.What
	switch res.Kind {
	case jsonschema.PropertyRemoved: // the rule depends on who declares it (result)
		return rulePropertyRemoved, subject + ": " + strings.Replace(declaredWhat(res.What), "declared", "removed", 1) + respelled(res), true
	case jsonschema.PropertyAdded:
		return rulePropertyAdded, subject + ": " + strings.Replace(declaredWhat(res.What), "declared", "added", 1), true
	case jsonschema.AccessChanged:
		return ruleAccessChanged, msg, true
	case jsonschema.BranchChanged:
		return ruleBranchChanged, msg, true
	case jsonschema.AnnotationChanged:
		text, ok := discriminatorChange(res.OldValue, res.NewValue)
		return ruleDiscriminatorChanged, subject + ": " + text, ok
	}
	switch res.Rule.ID {
	case "SC-JS001":
		return ruleTypeChanged, msg, true
	case "SC-JS002":
		return ruleNullableChanged, msg, true
	case "SC-JS003":
		// A value of the writer's enum that the reader lacks: removed
		// from a request, added to a response.
		if strings.HasPrefix(res.What, "value ") || strings.HasPrefix(res.What, "values ") {
			if s == request {
				return ruleEnumRemoved, msg, true
			}
			return ruleEnumAdded, msg, true
		}
		return ruleBoundsChanged, msg, true
	case "SC-JS004", "SC-JS008":
		if s == request {
			if res.Rule.ID == "SC-JS004" {
				return rulePropertyRemoved, msg, true
			}
			return ruleAdditionalProps, msg, true
		}
		return rulePropertyAdded, msg, true
	case "SC-JS005":
		return ruleRequiredChanged, msg, true
	case "SC-JS013":
		if strings.HasPrefix(res.What, "content") {
			return ruleBoundsChanged, msg, true // contentEncoding, contentMediaType, contentSchema
		}
		return ruleTypeChanged, msg, true
	case "SC-JS016":
		if strings.HasPrefix(res.What, "no ") && strings.HasSuffix(res.What, " values") {
			// A kind of value no branch of the reader's union takes: a
			// type change made through a union.
			return ruleTypeChanged, msg, true
		}
		return ruleBranchChanged, msg, true
	case "SC-JS020":
		return ruleDefaultChanged, msg, true
	case "SC-JS021":
		return ruleDef{}, "", false
	}
	return ruleBoundsChanged, msg, true
}

// respelled names, for a removed property, one the new schema declares
// that differs from it only in case, underscores or hyphens (Twilio's
// moreInfo became more_info), as a hint that it was renamed; "" if none.
func respelled(res jsonschema.Result) string {
	if res.NewSchema == nil || res.Property == "" {
		return ""
	}
	norm := func(s string) string { return strings.ToLower(separators.Replace(s)) }
	var names []string
	for name := range res.NewSchema.Properties {
		if name != res.Property && norm(name) == norm(res.Property) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return fmt.Sprintf(" (the new schema declares %q: renamed?)", names[0])
}

var separators = strings.NewReplacer("_", "", "-", "")

// declaredWhat turns `property "x" is declared by the old schema and not by
// the new schema` into `property "x" declared`.
func declaredWhat(what string) string {
	name, _, _ := strings.Cut(what, " is declared")
	return name + " declared"
}

// discriminatorChange describes how readers pick a oneOf/anyOf variant
// differently: the discriminator's property or a mapping value changed.
func discriminatorChange(old, new any) (string, bool) {
	om, _ := old.(map[string]any)
	nm, _ := new.(map[string]any)
	op, _ := om["propertyName"].(string)
	np, _ := nm["propertyName"].(string)
	if op != np {
		return fmt.Sprintf("discriminator property changed from %s to %s", orNone(op), orNone(np)), true
	}
	omap, _ := om["mapping"].(map[string]any)
	nmap, _ := nm["mapping"].(map[string]any)
	var out []string
	for _, value := range slices.Sorted(maps.Keys(omap)) {
		switch nt, ok := nmap[value]; {
		case !ok:
			out = append(out, fmt.Sprintf("discriminator value %q removed from the mapping", value))
		case !reflect.DeepEqual(nt, omap[value]):
			out = append(out, fmt.Sprintf("discriminator value %q now maps to %v instead of %v", value, nt, omap[value]))
		}
	}
	for _, value := range slices.Sorted(maps.Keys(nmap)) {
		if _, ok := omap[value]; !ok {
			out = append(out, fmt.Sprintf("discriminator value %q added to the mapping", value))
		}
	}
	return strings.Join(out, "; "), len(out) > 0
}

// discriminatorBreaks reports whether a discriminator change makes the
// reader of one side of the wire pick a variant the writer's data does not
// name: the reader routes by a property the writer's branches may omit (a
// discriminator the reader has and the writer has not, or another one), or
// by a mapping that lacks a value the writer maps, or maps it elsewhere. A
// reader without a discriminator matches branches by their shape, which
// the schema comparison checks with witnesses; a mapping value only the
// reader has is never sent, and one the reader maps to another branch
// that accepted every value tried of the writer's (retargeted) is still
// read.
func discriminatorBreaks(writer, reader any, retargeted []string, writerRequires func(property string) bool) bool {
	wm, _ := writer.(map[string]any)
	rm, _ := reader.(map[string]any)
	wp, _ := wm["propertyName"].(string)
	rp, _ := rm["propertyName"].(string)
	switch {
	case rp == "":
		return false
	case wp != rp:
		return !writerRequires(rp)
	}
	wmap, _ := wm["mapping"].(map[string]any)
	rmap, _ := rm["mapping"].(map[string]any)
	for value, wt := range wmap {
		if rt, ok := rmap[value]; !ok || !reflect.DeepEqual(rt, wt) && !slices.Contains(retargeted, value) {
			return true
		}
	}
	return false
}

// writerRequires reports whether every oneOf/anyOf branch of the writer's
// schema at a discriminator result requires a property: then the writer
// sends it whatever its discriminator says.
func writerRequires(writerSet *schemaSet, sch *sjs.Schema) func(string) bool {
	return func(p string) bool {
		_, o, ok := writerSet.lookup(sch)
		if !ok {
			return false
		}
		return branchesRequire(writerSet.spec, o.node, p)
	}
}

// discriminatorAddedOnRequired reports a discriminator added to a union
// whose every branch already requires its property: writers send it
// whatever the discriminator says, and readers only gain a way to pick the
// variant, so nothing breaks.
func discriminatorAddedOnRequired(newSet *schemaSet, res jsonschema.Result) bool {
	om, _ := res.OldValue.(map[string]any)
	nm, _ := res.NewValue.(map[string]any)
	op, _ := om["propertyName"].(string)
	np, _ := nm["propertyName"].(string)
	if op != "" || np == "" {
		return false
	}
	_, o, ok := newSet.lookup(res.NewSchema)
	if !ok {
		return false
	}
	return branchesRequire(newSet.spec, o.node, np)
}

// branchesRequire reports whether union n has branches and every one of
// them requires property p.
func branchesRequire(spec *Spec, n *Node, p string) bool {
	var branches []*Node
	for _, k := range []string{"oneOf", "anyOf"} {
		if l := get(n, k); l != nil && l.Kind == doctree.Sequence {
			branches = append(branches, l.Items()...)
		}
	}
	if len(branches) == 0 {
		return false
	}
	for _, b := range branches {
		if !requires(spec, spec.derefNode(b), p, 0) {
			return false
		}
	}
	return true
}

// requires reports whether schema n requires property p, itself or
// through an allOf member.
func requires(spec *Spec, n *Node, p string, depth int) bool {
	if n == nil || depth > 16 {
		return false
	}
	if l := get(n, "required"); l != nil {
		for _, r := range l.Items() {
			if r.Value() == p {
				return true
			}
		}
	}
	if l := get(n, "allOf"); l != nil {
		for _, m := range l.Items() {
			if requires(spec, spec.derefNode(m), p, depth+1) {
				return true
			}
		}
	}
	return false
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// textAccepts reports whether the reader accepts a witness written as
// text, as a parameter serialized by its style carries it: every number
// and boolean in it (at the top or in an object's members, as a
// deepObject or form style writes them) becomes a string.
func textAccepts(witness string, reader *sjs.Schema) bool {
	var v any
	dec := json.NewDecoder(strings.NewReader(witness))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return false
	}
	t, changed := textForm(v)
	return changed && reader.Validate(t) == nil
}

func textForm(v any) (any, bool) {
	switch v := v.(type) {
	case json.Number:
		return string(v), true
	case bool:
		return fmt.Sprint(v), true
	case map[string]any:
		out, changed := make(map[string]any, len(v)), false
		for k, e := range v {
			var c bool
			out[k], c = textForm(e)
			changed = changed || c
		}
		return out, changed
	case []any:
		out, changed := make([]any, len(v)), false
		for i, e := range v {
			var c bool
			out[i], c = textForm(e)
			changed = changed || c
		}
		return out, changed
	}
	return v, false
}

// propertyNode is the removed property's node in the old version: the
// keyword (properties/NAME) of the old side's schema.
// hiddenOn reports whether the property a PropertyRemoved or PropertyAdded
// result is about is one side s never sends: readOnly in a request,
// writeOnly in a response (on the property or its $ref target).
func hiddenOn(oldSet, newSet *schemaSet, res jsonschema.Result, s side) bool {
	set, at, kw := oldSet, res.OldSchema, res.OldKeyword
	if res.Kind == jsonschema.PropertyAdded {
		set, at, kw = newSet, res.NewSchema, res.NewKeyword
	}
	_, o, ok := set.lookup(at)
	if !ok {
		return false
	}
	n := o.node
	for _, tok := range strings.Split(kw, "/") {
		if tok != "" {
			n = get(n, tok)
		}
	}
	if n == nil {
		return false
	}
	flag := "writeOnly"
	if s == request {
		flag = "readOnly"
	}
	target := set.spec.derefNode(n)
	return str(n, flag) == "true" || target != nil && str(target, flag) == "true"
}

func propertyNode(oldSet *schemaSet, res jsonschema.Result) *Node {
	_, o, ok := oldSet.lookup(res.OldSchema)
	if !ok {
		return nil
	}
	n := o.node
	for _, tok := range strings.Split(res.OldKeyword, "/") {
		if tok != "" {
			n = get(n, tok)
		}
	}
	return n
}

// schemaIgnores reports whether the schema a finding is in, or one that
// encloses it, carries x-schemacheck-ignore for r.
func (w *walker) schemaIgnores(set *schemaSet, s *sjs.Schema, r ruleDef) bool {
	res, o, ok := set.lookup(s)
	if !ok {
		return false
	}
	n := res.node
	if ignored(n, r) {
		return true
	}
	for _, tok := range strings.Split(strings.TrimPrefix(o.ptr, "/"), "/") {
		if tok == "" {
			break
		}
		if n = get(n, doctree.UnescapeToken(tok)); n == nil {
			break
		}
		if ignored(n, r) {
			return true
		}
	}
	return false
}

// typeOf returns the type without "null" (3.1 lists), sorted and joined.
func typeOf(n *Node) string {
	t := get(n, "type")
	if t == nil {
		return ""
	}
	if t.Kind == doctree.Scalar {
		return t.Value()
	}
	var ts []string
	for _, v := range t.Items() {
		if v.Value() != "null" {
			ts = append(ts, v.Value())
		}
	}
	slices.Sort(ts)
	return strings.Join(ts, ",")
}

// nullable reports OpenAPI 3.0's nullable: true or a 3.1 type list with null.
func nullable(n *Node) bool {
	if str(n, "nullable") == "true" {
		return true
	}
	if t := get(n, "type"); t != nil && t.Kind == doctree.Sequence {
		for _, v := range t.Items() {
			if v.Value() == "null" {
				return true
			}
		}
	}
	return false
}

func scalars(l *Node) map[string]bool {
	m := make(map[string]bool, len(l.Items()))
	for _, v := range l.Items() {
		m[v.Value()] = true
	}
	return m
}
