package lint

import (
	"fmt"

	"github.com/schemacheck/schemacheck/internal/suggest"
	"github.com/schemacheck/schemacheck/migration"
	"github.com/schemacheck/schemacheck/rules"
)

// suggestion returns ` (did you mean "x"?)` for a misspelt rule name.
func suggestion(name string) string {
	var names []string
	for _, r := range append(rules.Rules(), migration.Rules()...) {
		names = append(names, r.ID, r.Name)
	}
	if s, ok := suggest.Closest(name, names); ok {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}
