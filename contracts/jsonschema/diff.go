package jsonschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"github.com/schemacheck/schemacheck/finding"
)

// Options controls a comparison.
type Options struct {
	// Strict treats an open content model as "unknown properties may hold
	// anything": adding a property with constraints to an object that allowed
	// unknown properties is then a break (SC-JS007), because old data may
	// already carry that name with another type; this is Confluent Schema
	// Registry's rule for open content models. When false (lenient, the
	// default), adding an optional property is compatible: writers are
	// presumed to send only the properties they declare.
	Strict bool
	// Payloads are sample messages validated against the new version.
	Payloads []Payload
}

// Payload is a sample JSON document. When Data is nil it is read from File.
type Payload struct {
	File string
	Data []byte
}

// Diff compares two versions of a schema under mode and returns the breaks
// (each with a confirmed witness, or downgraded to a warning that says why),
// changed defaults, and invalid examples or payloads of the new version
// (an example the old version already had, already invalid, is not).
func Diff(old, new *Schema, mode Mode, opts Options) []finding.Finding {
	out := compatibility(old, new, mode, opts)
	out = append(out, checkExamples(new, old)...)
	out = append(out, checkPayloads(new, opts.Payloads)...)
	finding.Sort(out)
	return out
}

// CheckVersions checks the last schema of a version history (oldest first)
// as Confluent Schema Registry checks a new version: against the version
// before it, or in a transitive mode against every earlier version. Earlier
// versions are not compared with each other: their breaks were accepted
// when they were released. Examples and payloads are validated against the
// last version (an example already invalid in the version before it is
// not reported again).
func CheckVersions(schemas []*Schema, mode Mode, opts Options) []finding.Finding {
	if len(schemas) == 0 {
		return nil
	}
	last := schemas[len(schemas)-1]
	var out []finding.Finding
	from := max(len(schemas)-2, 0)
	if mode.Transitive() {
		from = 0
	}
	for _, earlier := range schemas[from : len(schemas)-1] {
		out = append(out, compatibility(earlier, last, mode, opts)...)
	}
	var prev *Schema
	if len(schemas) > 1 {
		prev = schemas[len(schemas)-2]
	}
	out = append(out, checkExamples(last, prev)...)
	out = append(out, checkPayloads(last, opts.Payloads)...)
	finding.Sort(out)
	return out
}

func compatibility(old, new *Schema, mode Mode, opts Options) []finding.Finding {
	var out []finding.Finding
	seen := map[string]int{}
	add := func(fs []finding.Finding) {
		for _, f := range fs {
			k := f.RuleID + "\x00" + f.Key
			i, ok := seen[k]
			switch {
			case !ok:
				seen[k] = len(out)
				out = append(out, f)
			case out[i].Witness == "" && f.Witness != "":
				// One change met through two branches of the writer
				// (pyproject.json's project, with version given or
				// dynamic): the one with a confirmed witness decides it;
				// the first, undecided, had hidden it.
				out[i] = f
			}
		}
	}
	if mode.backward() {
		add(direction(old, new, "old", "new", opts))
	}
	if mode.forward() {
		add(direction(new, old, "new", "old", opts))
	}
	return out
}

// misreadDetail explains a Misread witness.
func misreadDetail(how string) string {
	return "the witness is valid under both schemas, but " + how + ": the reader takes other content from it than the writer put in"
}

// MisreadDetail explains a Misread result's witness (Result.Why is how each
// side reads it), for API findings.
func MisreadDetail(how string) string { return misreadDetail(how) }

// direction finds what the writer's schema accepts and the reader's rejects.
func direction(writer, reader *Schema, wName, rName string, opts Options) []finding.Finding {
	x := NewComparison(writer, reader, wName == "new", CompareOptions{Strict: opts.Strict})
	x.Compare(writer.root, reader.root)
	oldS, newS := writer, reader
	if wName == "new" {
		oldS, newS = reader, writer
	}
	consequence := fmt.Sprintf("readers using the new schema (%s) reject data valid under the old one (%s): not backward compatible", newS.File, oldS.File)
	misread := fmt.Sprintf("readers using the new schema (%s) decode data written for the old one (%s) differently: not backward compatible", newS.File, oldS.File)
	if wName == "new" {
		consequence = fmt.Sprintf("readers still on the old schema (%s) reject data valid under the new one (%s): not forward compatible", oldS.File, newS.File)
		misread = fmt.Sprintf("readers still on the old schema (%s) decode data written for the new one (%s) differently: not forward compatible", oldS.File, newS.File)
	}
	var out []finding.Finding
	for _, res := range x.Results() {
		f := newFinding(res, newS)
		switch res.Kind {
		case Break:
			f.Witness = res.Witness
			f.Message += "; " + consequence
			f.Details = append(f.Details, fmt.Sprintf("the witness is valid under the %s schema and the validator rejects it under the %s schema %s", wName, rName, res.Why))
		case Misread:
			f.Witness = res.Witness
			f.Message += "; " + misread
			f.Details = append(f.Details, misreadDetail(res.Why))
		case Undecidable:
			f.Severity = sevWarn
			f.Message += "; cannot decide whether this is compatible: " + res.Reason
		case Unconfirmed:
			f.Severity = sevWarn
			f.Message += "; downgraded to a warning because no witness was confirmed: " + res.Reason
		case Info:
		default:
			continue // notes are for API readers
		}
		f.Key = res.Pointer + " " + res.What + " (" + wName + " writes)" // both directions may word a change alike
		if res.Kind == Info {
			f.Key = res.Pointer + " " + res.What // information, the same in both directions
		}
		out = append(out, f)
	}
	if x.Incomplete() {
		f := ruleIncomplete.New(finding.Location{File: newS.File},
			"comparison of %s with %s stopped after %d subschema pairs, %d levels of nesting or its work budget (conjunctions of at most %d schemas); later parts were not compared",
			oldS.File, newS.File, maxVisits, maxDepth, maxConjunction)
		f.Key = wName
		out = append(out, f)
	}
	return out
}

// newFinding locates a result in the new version (the head of a change,
// which annotations can show): where the keyword is written there, else
// the enclosing schema that still exists. Where it was in the old version
// is a related location.
func newFinding(res Result, newS *Schema) finding.Finding {
	loc := res.New
	if loc.File == "" {
		loc = finding.Location{File: newS.File}
	}
	f := res.Rule.New(loc, "%s: %s", displayPointer(res.Pointer), res.What)
	if res.Old.File != "" && res.Old != loc {
		f.Related = append(f.Related, res.Old)
	}
	return f
}

func displayPointer(ptr string) string {
	if ptr == "" {
		return "(document root)"
	}
	return ptr
}

func instancePointer(trail []step) string {
	if len(trail) == 0 {
		return ""
	}
	var sb strings.Builder
	for _, st := range trail {
		sb.WriteByte('/')
		switch st.kind {
		case stepIndex:
			fmt.Fprint(&sb, st.index)
		case stepUnknown:
			sb.WriteString("<any undeclared property>")
		case stepPattern:
			fmt.Fprintf(&sb, "<any property matching %s>", st.pattern)
		default:
			sb.WriteString(escapeToken(st.key))
		}
	}
	return sb.String()
}

// rejectedBy reports whether a validation error has a cause from keyword kw.
func rejectedBy(err error, kw string) bool {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	var walk func(e *jsonschema.ValidationError) bool
	walk = func(e *jsonschema.ValidationError) bool {
		if len(e.Causes) == 0 {
			return keywordOf(e) == kw
		}
		return slices.ContainsFunc(e.Causes, walk)
	}
	return walk(ve)
}

func keywordOf(e *jsonschema.ValidationError) string {
	if e.ErrorKind == nil {
		return ""
	}
	p := e.ErrorKind.KeywordPath()
	if len(p) == 0 {
		return ""
	}
	return p[0]
}

// embed builds the document around a witness value, container by container
// from the value up to the root.
//
// quick builds each container from its required members without checking
// it against its schema: the root's validation (which confirm does anyway)
// decides, and only a document it rejects is built again, checked level by
// level. Checking every level of a large document made most of the time
// of an OpenAPI diff.
func (c *comparer) embed(trail []step, leaf any, quick bool) any {
	v := leaf
	for i := len(trail) - 1; i >= 0; i-- {
		st := trail[i]
		switch {
		case quick && st.kind == stepIndex:
			if a, ok := c.gen.array(*st.n, 0, max(st.index+1, st.n.minItems()), st.index, v); ok {
				v = a
			} else {
				v = []any{v}
			}
		case quick:
			obj := map[string]any{st.key: v}
			c.gen.fill(*st.n, 0, obj, st.n.required(), "", 0)
			v = obj
		case st.kind == stepIndex:
			v = c.gen.arrayWith(*st.n, st.index, v)
		default:
			v = c.gen.objectWith(*st.n, st.key, v)
		}
	}
	return v
}

// Display replaces file URLs in a validator message by the file names the
// user gave.
func (s *Schema) Display(msg string) string {
	for u, d := range s.docs {
		msg = strings.ReplaceAll(msg, u, d.file)
	}
	return msg
}

// leafMessage picks, among the most specific causes, the first whose
// instance location shares the longest prefix with target.
func leafMessage(ve *jsonschema.ValidationError, target []string, kw string) string {
	best, bestScore := ve, -1
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			score := 0
			for score < len(e.InstanceLocation) && score < len(target) && e.InstanceLocation[score] == target[score] {
				score++
			}
			if score == len(e.InstanceLocation) {
				score += 1000 // the error is at or above the finding's location
			}
			if kw != "" && keywordOf(e) == kw {
				score += 500
			}
			if score > bestScore {
				best, bestScore = e, score
			}
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	if ap, ok := best.ErrorKind.(*kind.AdditionalProperties); ok {
		slices.Sort(ap.Properties) // the validator lists them in map order
	}
	loc := "/" + strings.Join(best.InstanceLocation, "/")
	return fmt.Sprintf("at %s: %s", loc, best.ErrorKind.LocalizedString(defaultPrinter))
}

// pathTokens is the instance path of a trail as validator tokens.
func pathTokens(trail []step) []string {
	out := make([]string, len(trail))
	for i, st := range trail {
		if st.kind == stepIndex {
			out[i] = fmt.Sprint(st.index)
		} else {
			out[i] = st.key
		}
	}
	return out
}

func compact(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

func jsonNumber(i int) json.Number { return json.Number(fmt.Sprint(i)) }
