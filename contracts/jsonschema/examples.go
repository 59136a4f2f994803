package jsonschema

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/readlimit"
)

var defaultPrinter = message.NewPrinter(language.English)

// checkExamples validates every "examples" value against the subschema
// that carries it. With prev, the version before s, an example prev
// already had and that already failed there is not reported again: a diff
// reports what the change did, and SchemaStore's pyproject.json carried
// the same nine invalid examples through every revision, so every diff of
// it, and every same-meaning rewrite of it, reported nine errors it did
// not introduce. An example that became invalid (its schema changed) or
// was added invalid is reported.
func checkExamples(s, prev *Schema) []finding.Finding {
	known := map[string]int{}
	if prev != nil {
		for _, sub := range subschemas(prev.root) {
			for _, ex := range sub.Examples {
				if sub.Validate(ex) != nil {
					known[canonical(ex)]++
				}
			}
		}
	}
	var out []finding.Finding
	for _, sub := range subschemas(s.root) {
		for i, ex := range sub.Examples {
			err := sub.Validate(ex)
			if err == nil {
				continue
			}
			if k := canonical(ex); known[k] > 0 {
				known[k]--
				continue
			}
			file, line := s.where(sub, fmt.Sprintf("examples/%d", i))
			_, ptr := splitLocation(sub.Location)
			f := ruleExampleInvalid.New(finding.Location{File: file, Line: line},
				"example %d of %s does not validate against its schema: %s", i, pointerOrRoot(ptr), s.Display(describeError(err, nil, "")))
			f.Key = ptr + fmt.Sprintf(" example %d", i)
			out = append(out, f)
		}
	}
	return out
}

func pointerOrRoot(ptr string) string {
	if ptr == "" {
		return "the root schema"
	}
	return "#" + ptr
}

// subschemas lists every schema reachable from root, ordered by location.
func subschemas(root *jsonschema.Schema) []*jsonschema.Schema {
	seen := map[*jsonschema.Schema]bool{}
	var out []*jsonschema.Schema
	var walk func(s *jsonschema.Schema)
	walk = func(s *jsonschema.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		out = append(out, s)
		for _, c := range children(s) {
			walk(c)
		}
	}
	walk(root)
	slices.SortFunc(out, func(a, b *jsonschema.Schema) int { return strings.Compare(a.Location, b.Location) })
	return out
}

// children lists the direct subschemas of s, in a fixed order.
func children(s *jsonschema.Schema) []*jsonschema.Schema {
	out := []*jsonschema.Schema{s.Ref, s.RecursiveRef, s.Not, s.If, s.Then, s.Else, s.PropertyNames,
		s.UnevaluatedProperties, s.Contains, s.Items2020, s.UnevaluatedItems, s.ContentSchema}
	if s.DynamicRef != nil {
		out = append(out, s.DynamicRef.Ref)
	}
	out = append(out, s.AllOf...)
	out = append(out, s.AnyOf...)
	out = append(out, s.OneOf...)
	out = append(out, s.PrefixItems...)
	for _, k := range sortedKeys(s.Properties) {
		out = append(out, s.Properties[k])
	}
	for _, re := range sortedPatterns(s.PatternProperties) {
		out = append(out, s.PatternProperties[re])
	}
	for _, k := range sortedKeys(s.DependentSchemas) {
		out = append(out, s.DependentSchemas[k])
	}
	for _, k := range sortedKeys(s.Dependencies) {
		if d, ok := s.Dependencies[k].(*jsonschema.Schema); ok {
			out = append(out, d)
		}
	}
	for _, v := range []any{s.AdditionalProperties, s.Items, s.AdditionalItems} {
		switch v := v.(type) {
		case *jsonschema.Schema:
			out = append(out, v)
		case []*jsonschema.Schema:
			out = append(out, v...)
		}
	}
	return slices.DeleteFunc(out, func(c *jsonschema.Schema) bool { return c == nil })
}

// checkPayloads validates sample payload files against s; a failure points
// at the payload line of the value the validator rejected.
func checkPayloads(s *Schema, payloads []Payload) []finding.Finding {
	var out []finding.Finding
	for _, p := range payloads {
		data := p.Data
		if data == nil {
			var err error
			if data, err = readlimit.ReadPath(p.File, maxDocumentSize); err != nil {
				out = append(out, payloadFinding(p.File, 0, "cannot read the payload: %v", err))
				continue
			}
		}
		lines, err := newLineIndex(data)
		if err != nil {
			out = append(out, payloadFinding(p.File, 0, "the payload is not valid JSON: %v", err))
			continue
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			out = append(out, payloadFinding(p.File, 0, "the payload is not valid JSON: %v", err))
			continue
		}
		err = s.root.Validate(doc)
		if err == nil {
			continue
		}
		line := 1
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			for len(ve.Causes) > 0 {
				ve = ve.Causes[0]
			}
			var ptr strings.Builder
			for _, tok := range ve.InstanceLocation {
				ptr.WriteString("/" + escapeToken(tok))
			}
			line = lines.lookup(ptr.String())
		}
		out = append(out, payloadFinding(p.File, line, "the payload does not validate against %s: %s", s.File, s.Display(describeError(err, nil, ""))))
	}
	return out
}

func payloadFinding(file string, line int, format string, args ...any) finding.Finding {
	f := rulePayloadInvalid.New(finding.Location{File: file, Line: line}, format, args...)
	f.Key = f.Message
	return f
}
