package schemacheck

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/schemacheck/schemacheck/contracts/jsonschema"
	"github.com/schemacheck/schemacheck/contracts/openapi"
	"github.com/schemacheck/schemacheck/crosslayer"
	"github.com/schemacheck/schemacheck/dbdiff"
	"github.com/schemacheck/schemacheck/drift"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/suggest"
	"github.com/schemacheck/schemacheck/matrix"
	"github.com/schemacheck/schemacheck/migration"
	"github.com/schemacheck/schemacheck/preflight"
	"github.com/schemacheck/schemacheck/rules"
)

// Rules returns the metadata of every rule schemacheck has, in ID order.
// It is the single registry that docs, config validation, SARIF output and
// `schemacheck rules` read.
var Rules = sync.OnceValue(func() []finding.Rule {
	var all []finding.Rule
	for _, family := range [][]finding.Rule{
		migration.Rules(),
		rules.Rules(),
		openapi.Rules(),
		jsonschema.Rules(),
		crosslayer.Rules(),
		drift.Rules(),
		preflight.Rules(),
		dbdiff.Rules(),
		matrix.Rules(),
	} {
		all = append(all, family...)
	}
	slices.SortFunc(all, func(a, b finding.Rule) int { return cmp.Compare(a.ID, b.ID) })
	return all
})

// LookupRule finds a rule by ID (case-insensitive) or kebab name.
func LookupRule(idOrName string) (finding.Rule, bool) {
	for _, r := range Rules() {
		if strings.EqualFold(r.ID, idOrName) || r.Name == idOrName {
			return r, true
		}
	}
	return finding.Rule{}, false
}

// SuggestRule returns `; did you mean "x"?` for the closest rule name, or "".
func SuggestRule(idOrName string) string {
	var names []string
	for _, r := range Rules() {
		names = append(names, r.ID, r.Name)
	}
	if s, ok := suggest.Closest(idOrName, names); ok {
		return `; did you mean "` + s + `"?`
	}
	return ""
}
