package jsonschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

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
// changed defaults, and invalid examples or payloads of the new version.
func Diff(old, new *Schema, mode Mode, opts Options) []finding.Finding {
	out := compatibility(old, new, mode, opts)
	out = append(out, checkExamples(new)...)
	out = append(out, checkPayloads(new, opts.Payloads)...)
	finding.Sort(out)
	return out
}

// CheckVersions checks the last schema of a version history (oldest first)
// as Confluent Schema Registry checks a new version: against the version
// before it, or in a transitive mode against every earlier version. Earlier
// versions are not compared with each other: their breaks were accepted
// when they were released. Examples and payloads are validated against the
// last version.
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
	out = append(out, checkExamples(last)...)
	out = append(out, checkPayloads(last, opts.Payloads)...)
	finding.Sort(out)
	return out
}

func compatibility(old, new *Schema, mode Mode, opts Options) []finding.Finding {
	var out []finding.Finding
	seen := map[string]bool{}
	add := func(fs []finding.Finding) {
		for _, f := range fs {
			if !seen[f.RuleID+"\x00"+f.Key] {
				seen[f.RuleID+"\x00"+f.Key] = true
				out = append(out, f)
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

// direction finds what the writer's schema accepts and the reader's rejects.
func direction(writer, reader *Schema, wName, rName string, opts Options) []finding.Finding {
	formats := map[*jsonschema.Schema]string{}
	maps.Copy(formats, writer.formats)
	maps.Copy(formats, reader.formats)
	c := &comparer{strict: opts.Strict, writer: wName, reader: rName, gen: newGenerator(formats),
		same: newSameness(formats), seen: map[string]visit{}}
	c.check(newNode(writer.root), newNode(reader.root), nil)
	oldS, newS := writer, reader
	if wName == "new" {
		oldS, newS = reader, writer
	}
	consequence := fmt.Sprintf("readers using the new schema (%s) reject data valid under the old one (%s): not backward compatible", newS.File, oldS.File)
	if wName == "new" {
		consequence = fmt.Sprintf("readers still on the old schema (%s) reject data valid under the new one (%s): not forward compatible", oldS.File, newS.File)
	}
	var out []finding.Finding
	for _, cand := range c.cands {
		f := newFinding(cand, writer, reader, oldS, newS, wName)
		doc, why, reason := confirm(c, cand, writer, reader)
		if doc == "" && cand.speculative {
			continue
		}
		if doc != "" {
			f.Witness = doc
			f.Message += "; " + consequence
			f.Details = append(f.Details, fmt.Sprintf("the witness is valid under the %s schema and the validator rejects it under the %s schema %s", wName, rName, why))
		} else {
			f.Severity = sevWarn
			if cand.undecidable {
				f.Message += "; cannot decide whether this is compatible: " + reason
			} else {
				f.Message += "; downgraded to a warning because no witness was confirmed: " + reason
			}
		}
		out = append(out, f)
	}
	for _, cand := range c.infos {
		f := newFinding(cand, writer, reader, oldS, newS, wName)
		f.Key = strings.TrimSuffix(f.Key, " ("+wName+" writes)") // information, the same in both directions
		out = append(out, f)
	}
	if c.incomplete {
		f := ruleIncomplete.New(finding.Location{File: newS.File},
			"comparison of %s with %s stopped after %d subschema pairs or %d levels of nesting; later parts were not compared",
			oldS.File, newS.File, maxVisits, maxDepth)
		f.Key = wName
		out = append(out, f)
	}
	return out
}

// newFinding locates a candidate: in the new file, except for removals in
// backward mode, which point at the old file where the removed thing was.
func newFinding(cand candidate, writer, reader, oldS, newS *Schema, wName string) finding.Finding {
	oldAt, newAt := cand.writerAt, cand.readerAt
	if wName == "new" {
		oldAt, newAt = cand.readerAt, cand.writerAt
	}
	places := []func() (string, int){
		func() (string, int) { return newS.where(newAt.s, newAt.kw) },
		func() (string, int) { return oldS.where(oldAt.s, oldAt.kw) },
	}
	if removalRules[cand.rule.ID] && wName == "old" {
		places[0], places[1] = places[1], places[0]
	}
	// A side without the keyword falls back to the other side, then to the
	// writer's enclosing schemas.
	for i := len(cand.trail) - 1; i >= 0; i-- {
		n := cand.trail[i].n
		places = append(places, func() (string, int) { return writer.where(atNode(n).s, "") })
	}
	file, line := places[0]()
	for _, p := range places[1:] {
		if line > 0 {
			break
		}
		file, line = p()
	}
	ptr := instancePointer(cand.trail)
	f := cand.rule.New(finding.Location{File: file, Line: line}, "%s: %s", ptr, cand.what)
	f.Key = ptr + " " + cand.what + " (" + wName + " writes)" // both directions may word a change alike
	return f
}

func instancePointer(trail []step) string {
	if len(trail) == 0 {
		return "(document root)"
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

// confirm embeds each witness value in a document built from the writer's
// root schema and keeps one that the real validator accepts under the
// writer's schema and rejects under the reader's: preferably one the reader
// rejects through the keyword the finding is about, so the witness shows
// this change rather than another. It returns the compact witness and the
// reader's validation error, or the reason none was confirmed.
func confirm(c *comparer, cand candidate, writer, reader *Schema) (doc, why, reason string) {
	if len(cand.leaves) == 0 {
		return "", "", fmt.Sprintf("no value was found that the %s schema accepts and the %s schema rejects", c.writer, c.reader)
	}
	reason = fmt.Sprintf("the %s schema rejected every document built around the candidate values", c.writer)
	kw := cand.readerAt.kw
	for _, trail := range append([][]step{cand.trail}, cand.alts...) {
		for _, leaf := range cand.leaves {
			v := c.embed(trail, leaf)
			if writer.root.Validate(v) != nil {
				continue
			}
			err := reader.root.Validate(v)
			if err == nil {
				reason = fmt.Sprintf("the %s schema accepts every candidate witness (another branch or keyword may allow it)", c.reader)
				continue
			}
			if doc == "" || kw != "" && rejectedBy(err, kw) {
				doc, why, reason = compact(v), reader.describe(err, pathTokens(trail), kw), ""
				if kw == "" || rejectedBy(err, kw) {
					return doc, why, ""
				}
			}
		}
	}
	return doc, why, reason
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
func (c *comparer) embed(trail []step, leaf any) any {
	v := leaf
	for i := len(trail) - 1; i >= 0; i-- {
		st := trail[i]
		if st.kind == stepIndex {
			v = c.gen.arrayWith(st.n, st.index, v)
		} else {
			v = c.gen.objectWith(st.n, st.key, v)
		}
	}
	return v
}

// describe renders a validation error on one line, with file URLs replaced
// by the file names the user gave. Of the validator's detailed causes it
// shows the one closest to target (the instance path a finding is about),
// preferring one from keyword kw.
func (s *Schema) describe(err error, target []string, kw string) string {
	msg := err.Error()
	var ve *jsonschema.ValidationError
	if errors.As(err, &ve) {
		msg = leafMessage(ve, target, kw)
	}
	for u, d := range s.docs {
		msg = strings.ReplaceAll(msg, u, d.file)
	}
	msg = strings.Join(strings.Fields(msg), " ")
	if len(msg) > 400 {
		msg = msg[:400] + "…"
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
