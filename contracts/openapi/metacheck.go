package openapi

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	sjs "github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/schemacheck/schemacheck/contracts/jsonschema"
)

// The validator checks every resource it loads against the meta-schema
// before compiling it (its compiler assumes valid input). Translated
// schemas repeat: the new version's are mostly the old one's, and a large
// API writes many schemas of the same shape, differing only in the
// resources their $refs name, which the meta-schema reads as any string.
// That check was a fifth of a large diff's time. So the sets' resources
// live below a URL the validator does not check (it skips its own
// meta-schemas' home, https://json-schema.org/), and each distinct shape
// is checked once instead, against the same meta-schema, by the same
// validator, one schema object at a time (shapes). Nothing reaches the
// compiler unchecked.

// uncheckedHome is where the validator does not check resources against
// the meta-schema; setBase puts the sets' resources below it.
const uncheckedHome = "https://json-schema.org/"

// setBase is the URL prefix of one version's schemas in one view.
func setBase(side string, v view) string {
	return uncheckedHome + "schemacheck.invalid/" + side + "/" + v.String() + "/"
}

// checkedURL is the resource's URL as the meta-schema check names it.
func checkedURL(u string) string { return "https://" + strings.TrimPrefix(u, uncheckedHome) }

// shapes remembers the shapes of translated schema objects already found
// valid. The meta-schema constrains one schema object at a time: where a
// keyword holds a subschema, it asks only that the value is a schema
// ({"$dynamicRef": "#meta"}, which true satisfies) and checks the
// subschema by itself against the same meta-schema. So each schema object
// of a translation is checked with its subschemas standing as true, once
// per shape: the leaves of a large API ({"type": "string"}, with or
// without a maxLength) are a few shapes, where whole translations rarely
// repeat (on Stripe's pair, checking whole translations was a ninth of the
// diff's time). A shape is keyed by its text (appendFlat): a few dozen
// bytes, which hashing cost more than the map's own hash of the text.
type shapes map[string]bool

// check validates doc, the translation of resource u, against the
// meta-schema, one schema object at a time. When one fails, the whole
// translation is validated, so the error says where, as the validator
// reports it.
func (sh shapes) check(u string, doc any) error {
	meta, err := metaSchema()
	if err != nil {
		return err
	}
	var buf []byte
	if sh.valid(meta, &buf, doc) {
		return nil
	}
	if err := meta.Validate(doc); err != nil {
		return &sjs.SchemaValidationError{URL: checkedURL(u), Err: err}
	}
	return nil
}

// valid reports whether translated schema v and each of its subschemas
// pass the meta-schema. buf is reused for each schema object's shape.
func (sh shapes) valid(meta *sjs.Schema, buf *[]byte, v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		_, isBool := v.(bool)
		return isBool || meta.Validate(v) == nil
	}
	for k, sub := range m {
		for _, s := range subschemas(k, sub) {
			if !sh.valid(meta, buf, s) {
				return false
			}
		}
	}
	*buf = appendFlat((*buf)[:0], m)
	if sh[string(*buf)] {
		return true
	}
	if meta.Validate(flat(m)) != nil {
		return false
	}
	sh[string(*buf)] = true
	return true
}

// subschemas are the schemas keyword k's value holds in a translation
// (translator.schema writes them), nil for data.
func subschemas(k string, v any) []any {
	switch {
	case oneSchema[k]:
		if l, ok := v.([]any); ok && k == "items" { // draft 4 tuple form
			return l
		}
		return []any{v}
	case schemaList[k]:
		l, _ := v.([]any)
		return l
	case schemaMap[k]:
		m, _ := v.(map[string]any)
		out := make([]any, 0, len(m))
		for _, s := range m {
			out = append(out, s)
		}
		return out
	}
	return nil
}

// flat is schema object m with each subschema replaced by true.
func flat(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = flatValue(k, v)
	}
	return out
}

func flatValue(k string, v any) any {
	switch {
	case oneSchema[k]:
		if l, ok := v.([]any); ok && k == "items" {
			return trues(len(l))
		}
		return true
	case schemaList[k]:
		if l, ok := v.([]any); ok {
			return trues(len(l))
		}
	case schemaMap[k]:
		if m, ok := v.(map[string]any); ok {
			out := make(map[string]any, len(m))
			for name := range m {
				out[name] = true
			}
			return out
		}
	}
	return v
}

func trues(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = true
	}
	return out
}

// dataKinds are the keywords whose value is data of which the 2020-12
// meta-schema reads only the JSON type ("const": true, "enum": an array
// of anything, "default": true): their shape is that type, so schemas
// differing only in their enum values share one. So is that of a map of
// subschemas by free names (properties, $defs), each standing as true.
var dataKinds = map[string]bool{"const": true, "enum": true, "default": true}

// appendFlat appends the shape of flat(m) to b without building it.
func appendFlat(b []byte, m map[string]any) []byte {
	b = append(b, '{')
	var small [16]string
	for _, k := range sortedKeys(small[:0], m) {
		b = strconv.AppendQuote(b, k)
		switch v := m[k]; {
		case dataKinds[k], schemaMap[k] && k != "patternProperties":
			// Names of properties and definitions are any strings to the
			// meta-schema; only those of patternProperties must be
			// regular expressions.
			b = appendType(append(b, ':'), v)
		default:
			b = appendShape(append(b, ':'), k, flatValue(k, v))
		}
	}
	return append(b, '}')
}

// sortedKeys appends m's keys to keys, in order. A schema object has a
// handful: callers pass an array on their stack.
func sortedKeys(keys []string, m map[string]any) []string {
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendType appends the Go type of a translated value, as %T would,
// without fmt for the types a translation holds.
func appendType(b []byte, v any) []byte {
	switch v.(type) {
	case string:
		return append(b, "string,"...)
	case json.Number:
		return append(b, "json.Number,"...)
	case bool:
		return append(b, "bool,"...)
	case nil:
		return append(b, "<nil>,"...)
	case []any:
		return append(b, "[]interface {},"...)
	case map[string]any:
		return append(b, "map[string]interface {},"...)
	}
	return fmt.Appendf(b, "%T,", v)
}

// metaSchema is JSON Schema 2020-12's meta-schema, the dialect of every
// translation (they carry no $schema). Its formats are asserted, so a
// pattern must be a regular expression, as the compiler's own check
// demands; the other formats it names are those of keywords the
// translator drops or writes itself.
var metaSchema = sync.OnceValues(func() (*sjs.Schema, error) {
	c := sjs.NewCompiler()
	c.UseRegexpEngine(jsonschema.RegexpEngine) // a pattern is valid if the comparison can compile it
	c.AssertFormat()
	return c.Compile("https://json-schema.org/draft/2020-12/schema")
})

// appendShape appends a canonical form of value v of keyword k of a
// translated schema: keys sorted, each value typed, and the string of
// every "$ref" left out (the translator writes only URLs of the sets'
// resources there; in data, such as a const, the meta-schema allows
// anything).
func appendShape(b []byte, k string, v any) []byte {
	switch x := v.(type) {
	case map[string]any:
		b = append(b, '{')
		var small [16]string
		for _, k := range sortedKeys(small[:0], x) {
			b = appendShape(append(strconv.AppendQuote(b, k), ':'), k, x[k])
		}
		return append(b, '}')
	case []any:
		b = append(b, '[')
		for _, e := range x {
			b = appendShape(b, "", e)
		}
		return append(b, ']')
	case string:
		if k == "$ref" {
			return append(b, 'r', ',')
		}
		return append(strconv.AppendQuote(b, x), ',')
	case json.Number:
		return append(append(append(b, "json.Number:"...), x...), ',')
	case bool:
		return append(strconv.AppendBool(append(b, "bool:"...), x), ',')
	}
	return fmt.Appendf(b, "%T:%v,", v, v)
}
