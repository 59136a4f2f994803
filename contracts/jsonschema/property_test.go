package jsonschema

import (
	"encoding/json"

	"math/rand/v2"
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/schemacheck/schemacheck/finding"
)

// drafts the random schemas are written in, with the keywords each adds.
var drafts = []struct {
	uri                                       string
	constKw, ifKw, depReq, prefix, numericExc bool
}{
	{"http://json-schema.org/draft-04/schema#", false, false, false, false, false},
	{"http://json-schema.org/draft-06/schema#", true, false, false, false, true},
	{"http://json-schema.org/draft-07/schema#", true, true, false, false, true},
	{"https://json-schema.org/draft/2019-09/schema", true, true, true, false, true},
	{"https://json-schema.org/draft/2020-12/schema", true, true, true, true, true},
}

// schemaGen writes random schemas over the keywords of issue 6, in one draft.
type schemaGen struct {
	r     *rand.Rand
	draft int
}

func (g *schemaGen) pick(xs ...any) any    { return xs[g.r.IntN(len(xs))] }
func (g *schemaGen) chance(p float64) bool { return g.r.Float64() < p }

var propNames = []string{"id", "name", "kind", "tags", "n"}

func (g *schemaGen) schema(depth int) any {
	d := drafts[g.draft]
	if depth > 3 || g.chance(0.1) {
		if d.constKw && g.chance(0.3) { // draft 6+: boolean schemas
			return g.chance(0.7)
		}
		return map[string]any{}
	}
	s := map[string]any{}
	kinds := []string{"string", "integer", "number", "boolean", "object", "array", "null"}
	switch {
	case g.chance(0.5):
		s["type"] = kinds[g.r.IntN(len(kinds))]
	case g.chance(0.3):
		i, j := g.r.IntN(len(kinds)-1), g.r.IntN(len(kinds)-1) // kinds without "null"
		union := []any{kinds[i], "null"}
		if i != j {
			union = append(union, kinds[j])
		}
		s["type"] = union
	}
	t, _ := s["type"].(string)
	untyped := t == ""
	if t == "string" || untyped {
		if g.chance(0.3) {
			s["minLength"] = g.r.IntN(3)
		}
		if g.chance(0.3) {
			s["maxLength"] = 2 + g.r.IntN(5)
		}
		if g.chance(0.2) {
			s["pattern"] = g.pick("^[a-z]+$", "^[a-z0-9]*$", "a", "^x-", "^[0-9]{2,4}$")
		}
		if g.chance(0.15) {
			s["format"] = g.pick("email", "date", "uuid", "ipv4")
		}
	}
	if t == "integer" || t == "number" || untyped {
		if g.chance(0.3) {
			s["minimum"] = g.r.IntN(10) - 5
		}
		if g.chance(0.3) {
			s["maximum"] = g.r.IntN(10) + 5
		}
		if g.chance(0.2) {
			if d.numericExc {
				s["exclusiveMinimum"] = g.pick(-3, 0, 1.5)
			} else if _, ok := s["minimum"]; ok {
				s["exclusiveMinimum"] = true
			}
		}
		if g.chance(0.2) {
			s["multipleOf"] = g.pick(1, 2, 0.5, 3)
		}
	}
	if t == "array" || untyped {
		if g.chance(0.5) {
			s["items"] = g.schema(depth + 1)
		}
		if d.prefix && g.chance(0.2) {
			s["prefixItems"] = []any{g.schema(depth + 1), g.schema(depth + 1)}
		}
		if g.chance(0.2) {
			s["minItems"] = g.r.IntN(3)
		}
		if g.chance(0.2) {
			s["maxItems"] = 2 + g.r.IntN(3)
		}
		if g.chance(0.15) {
			s["uniqueItems"] = true
		}
		if d.constKw && g.chance(0.1) { // draft 6+
			s["contains"] = g.schema(depth + 1)
		}
		if d.depReq && g.chance(0.1) { // 2019-09+
			s["unevaluatedItems"] = g.pick(false, map[string]any{"type": "integer"})
		}
	}
	if t == "object" || untyped {
		if g.chance(0.7) {
			props := map[string]any{}
			for _, p := range propNames[:1+g.r.IntN(len(propNames))] {
				if g.chance(0.7) {
					props[p] = g.schema(depth + 1)
				}
			}
			s["properties"] = props
		}
		if g.chance(0.4) {
			s["required"] = []any{propNames[g.r.IntN(3)]}
		}
		if g.chance(0.3) {
			s["additionalProperties"] = g.pick(false, true, map[string]any{"type": "string"})
		}
		if g.chance(0.15) {
			s["patternProperties"] = map[string]any{"^x-": g.schema(depth + 1)}
		}
		if d.depReq && g.chance(0.1) { // 2019-09+
			s["unevaluatedProperties"] = g.pick(false, map[string]any{"type": "string"})
		}
		if d.constKw && g.chance(0.1) {
			s["propertyNames"] = map[string]any{"pattern": g.pick("^[a-z]+$", "^[a-z-]+$")}
		}
		if g.chance(0.15) {
			s["minProperties"] = g.r.IntN(2)
		}
		if g.chance(0.15) {
			s["maxProperties"] = 2 + g.r.IntN(3)
		}
		if g.chance(0.15) {
			if d.depReq {
				s["dependentRequired"] = map[string]any{"id": []any{"name"}}
			} else {
				s["dependencies"] = map[string]any{"id": []any{"name"}}
			}
		}
		if g.chance(0.1) {
			kw := "dependencies"
			if d.depReq {
				kw = "dependentSchemas"
			}
			s[kw] = map[string]any{"name": g.schema(depth + 1)}
		}
	}
	if g.chance(0.2) {
		s["enum"] = []any{"a", "b", 1, nil}[:1+g.r.IntN(4)]
	}
	if d.constKw && g.chance(0.1) {
		s["const"] = g.pick("a", 1, true)
	}
	if g.chance(0.15) {
		key := g.pick("oneOf", "anyOf", "allOf").(string)
		s[key] = []any{g.schema(depth + 1), g.schema(depth + 1)}
	}
	if g.chance(0.1) {
		s["not"] = g.schema(depth + 1)
	}
	if d.ifKw && g.chance(0.1) {
		s["if"] = g.schema(depth + 1)
		s["then"] = g.schema(depth + 1)
		if g.chance(0.5) {
			s["else"] = g.schema(depth + 1)
		}
	}
	if g.chance(0.1) {
		s["default"] = g.pick("a", 0, nil)
	}
	return s
}

// document wraps a random schema with $schema and a definition referenced
// from it (recursively, in a third of the cases).
func (g *schemaGen) document() map[string]any {
	defsKw := "definitions"
	if g.draft >= 3 {
		defsKw = "$defs"
	}
	node := g.schema(1)
	if g.chance(0.3) {
		node = map[string]any{"type": "object", "properties": map[string]any{
			"child": map[string]any{"$ref": "#/" + defsKw + "/node"}, "v": g.schema(2)}}
	}
	root := map[string]any{"$schema": drafts[g.draft].uri, defsKw: map[string]any{"node": node}}
	body, _ := g.schema(0).(map[string]any)
	for k, v := range body {
		root[k] = v
	}
	if g.chance(0.5) {
		root["properties"] = map[string]any{"ref": map[string]any{"$ref": "#/" + defsKw + "/node"}, "id": g.schema(2)}
	}
	return root
}

func loadGenerated(t *testing.T, name string, doc map[string]any) (*Schema, bool) {
	t.Helper()
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(name, data, LoadOptions{FS: fstest.MapFS{}, Path: name})
	if err != nil {
		return nil, false // e.g. a pattern the validator's regexp engine refuses
	}
	return s, true
}

// TestPropertySelfDiffAndWitnesses: for random schemas in every draft,
// diff(S, S) of two separately loaded copies is empty in every mode, and
// for random pairs every witness is accepted by the writer's schema and
// rejected by the reader's, exactly as the finding claims, and every
// error carries one.
func TestPropertySelfDiffAndWitnesses(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 60
	}
	loaded, findings, witnessed := 0, 0, 0
	for seed := range n {
		g := &schemaGen{r: rand.New(rand.NewPCG(uint64(seed), 6)), draft: seed % len(drafts)}
		docA, docB := g.document(), g.document()
		a, okA := loadGenerated(t, "a.json", docA)
		a2, okA2 := loadGenerated(t, "a.json", docA)
		b, okB := loadGenerated(t, "b.json", docB)
		if !okA || !okA2 || !okB {
			continue
		}
		loaded++
		for _, m := range []Mode{ModeBackward, ModeForward, ModeFull} {
			if fs := compat(Diff(a, a2, m, Options{Strict: seed%2 == 0})); len(fs) > 0 {
				js, _ := json.Marshal(docA)
				t.Errorf("seed %d: diff(S, S) in %s reported %s\nschema: %s", seed, m, render(fs, ""), js)
			}
		}
		for _, pair := range [][2]*Schema{{a, b}, {b, a}} {
			fs := Diff(pair[0], pair[1], ModeBackward, Options{Strict: seed%2 == 0})
			findings += len(fs)
			for _, f := range fs {
				if f.Witness != "" {
					witnessed++
				}
			}
			verifyWitnesses(t, fs, pair[0], pair[1])
			if t.Failed() {
				ja, _ := json.Marshal(docA)
				jb, _ := json.Marshal(docB)
				t.Fatalf("seed %d:\nA: %s\nB: %s", seed, ja, jb)
			}
		}
	}
	if loaded < n*9/10 {
		t.Errorf("only %d of %d random schemas compiled: the generator writes invalid schemas", loaded, n)
	}
	if witnessed == 0 {
		t.Errorf("no witness in %d findings: the property checks nothing", findings)
	}
	t.Logf("%d schemas, %d findings between random pairs, %d with confirmed witnesses", loaded, findings, witnessed)
}

// compat drops the findings a self-diff may legitimately have: invalid
// examples are about one version, not the change.
func compat(fs []finding.Finding) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if f.RuleID != ruleExampleInvalid.ID && f.RuleID != rulePayloadInvalid.ID {
			out = append(out, f)
		}
	}
	return out
}

// randomValue is a small random JSON value over the generator's property
// names and formats, independent of any schema.
func randomValue(r *rand.Rand, depth int) any {
	switch r.IntN(7) {
	case 0:
		return nil
	case 1:
		return r.IntN(2) == 0
	case 2:
		return json.Number(strconv.Itoa(r.IntN(14) - 4))
	case 3:
		return json.Number(strconv.FormatFloat(float64(r.IntN(20))/2-3, 'f', -1, 64))
	case 4:
		return []string{"", "a", "ab", "abc", "x-1", "12", "user@example.com", "2024-01-02", "A"}[r.IntN(9)]
	case 5:
		if depth > 2 {
			return nil
		}
		a := make([]any, r.IntN(4))
		for i := range a {
			a[i] = randomValue(r, depth+1)
		}
		return a
	}
	if depth > 2 {
		return "a"
	}
	m := map[string]any{}
	for _, k := range append(propNames, "x-a", "ref", "zz") {
		if r.IntN(3) == 0 {
			m[k] = randomValue(r, depth+1)
		}
	}
	return m
}

// TestPropertyNoMissedBreak: whenever a random value is valid under A and
// invalid under B, the strict backward diff of A to B reports something
// (an error with a witness, or a warning saying it cannot decide). In the
// lenient mode a property added to an open object is compatible by
// definition, so the check uses strict content.
func TestPropertyNoMissedBreak(t *testing.T) {
	n := 500
	if testing.Short() {
		n = 80
	}
	pairs := 0
	for seed := range n {
		g := &schemaGen{r: rand.New(rand.NewPCG(uint64(seed), 6)), draft: seed % len(drafts)}
		docA, docB := g.document(), g.document()
		a, okA := loadGenerated(t, "a.json", docA)
		b, okB := loadGenerated(t, "b.json", docB)
		if !okA || !okB {
			continue
		}
		r := rand.New(rand.NewPCG(uint64(seed), 7))
		var distinguishing any
		found := false
		for range 2000 {
			v := randomValue(r, 0)
			if a.root.Validate(v) == nil && b.root.Validate(v) != nil {
				distinguishing, found = v, true
				break
			}
		}
		if !found {
			continue
		}
		pairs++
		if fs := compat(Diff(a, b, ModeBackward, Options{Strict: true})); len(fs) == 0 {
			ja, _ := json.Marshal(docA)
			jb, _ := json.Marshal(docB)
			t.Errorf("seed %d: %s is valid under A and not under B, but the diff is empty\nA: %s\nB: %s", seed, compact(distinguishing), ja, jb)
		}
	}
	if pairs == 0 {
		t.Fatal("no random pair differed: the property checks nothing")
	}
	t.Logf("%d random pairs with a distinguishing value, each reported", pairs)
}
