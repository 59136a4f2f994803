package jsonschema

import "fmt"

// maxSubschemas bounds the subschemas of one version's documents (the
// schema and every document its $refs load). The compiler
// (santhosh-tekuri/jsonschema v6.0.3, the latest) keeps the schemas one
// compilation still has to compile in a list it searches for each one it
// adds, and compiling any subschema adds its whole document, so loading
// takes time quadratic in the subschemas: a generated 1 MB schema of
// 13,500 took 2.2 s in process, 2 MB 8 s or more, 50 MB would take hours.
// At this bound it takes several seconds; past it the document is refused
// before compiling. (A map beside the compiler's list would make it
// linear: a fix for upstream.)
const maxSubschemas = 25_000

// schemaMaps and schemaLists name the keywords whose values hold
// subschemas: a map of them, a list of them; schemaValues one subschema.
var (
	schemaMaps   = []string{"$defs", "definitions", "properties", "patternProperties", "dependentSchemas"}
	schemaLists  = []string{"allOf", "anyOf", "oneOf", "prefixItems", "items"}
	schemaValues = []string{"items", "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains",
		"propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"}
)

// countSubschemas counts the schema objects of a decoded document,
// stopping once past limit. It recurses no deeper than the document's
// nesting, which Load has bounded before.
func countSubschemas(v any, limit int) int {
	m, ok := v.(map[string]any)
	if !ok {
		return 0
	}
	n := 1
	for _, k := range schemaMaps {
		if sub, ok := m[k].(map[string]any); ok {
			for _, s := range sub {
				if n += countSubschemas(s, limit-n); n > limit {
					return n
				}
			}
		}
	}
	for _, k := range schemaLists {
		if list, ok := m[k].([]any); ok {
			for _, s := range list {
				if n += countSubschemas(s, limit-n); n > limit {
					return n
				}
			}
		}
	}
	for _, k := range schemaValues {
		if n += countSubschemas(m[k], limit-n); n > limit {
			return n
		}
	}
	return n
}

// spendSubschemas adds doc's subschemas to the comparison's count and
// refuses the document that takes it past maxSubschemas.
func (s *Schema) spendSubschemas(name string, doc any) error {
	s.subschemas += countSubschemas(doc, maxSubschemas-s.subschemas)
	if s.subschemas > maxSubschemas {
		return fmt.Errorf("%s: more than %d subschemas with the documents it refers to; schemacheck does not compile schemas this large "+
			"(its JSON Schema compiler takes time quadratic in their number): compare smaller schemas", name, maxSubschemas)
	}
	return nil
}
