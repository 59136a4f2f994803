package finding

import (
	"fmt"
	"strings"
)

// Category groups rules so users can enable or disable them together.
type Category string

const (
	CategorySafety        Category = "safety"        // locks, rewrites, full scans
	CategoryCompatibility Category = "compatibility" // breaks code that is already running
	CategoryConventions   Category = "conventions"   // schema design habits
	CategoryTransactions  Category = "transactions"  // transaction structure of a migration
	CategoryContracts     Category = "contracts"     // OpenAPI / JSON Schema changes
	CategoryCrossLayer    Category = "cross-layer"   // database vs contract mismatches
	CategoryInput         Category = "input"         // files that cannot be read or parsed
	CategoryDrift         Category = "drift"         // a live database differs from its migrations
	CategoryPreflight     Category = "preflight"     // pending migrations against a live database's data
)

// Rule is a rule's metadata: everything docs, config validation and
// `schemacheck rules` need. The check itself lives with the package that
// owns the layer (rules/, contracts/, …), next to this value.
type Rule struct {
	ID       string   // stable code, e.g. SC-DB101; never reused
	Name     string   // kebab-case, e.g. require-concurrent-index
	Severity Severity // default severity
	Category Category
	Layer    Layer
	Summary  string // one line: what it flags
	// Rationale is one paragraph: why it matters in production.
	Rationale string
	Bad       string // example that is flagged
	Good      string // the fixed example
	Fix       string // how to fix, in general terms
	// NotChecked marks rules whose findings mean "this input was not
	// checked" (it does not parse, has unsubstituted placeholders, is not
	// text). A baseline never hides them: a baselined one would hide every
	// later edit to the file.
	NotChecked bool
}

// New builds a finding for r at loc, with r's default severity. Callers set
// Fix, Details, Key and Witness on the result as needed.
func (r Rule) New(loc Location, format string, args ...any) Finding {
	return Finding{
		RuleID:   r.ID,
		RuleName: r.Name,
		Severity: r.Severity,
		Layer:    r.Layer,
		Message:  fmt.Sprintf(format, args...),
		Location: loc,
		Fix:      r.Fix,

		NotChecked: r.NotChecked,
	}
}

// Matches reports whether selector names r: its ID (in any case), its
// name, or its category. Rule selection (--only, --exclude, only: and
// exclude: in the config) uses it, and so does their validation.
func (r Rule) Matches(selector string) bool {
	return strings.EqualFold(selector, r.ID) || selector == r.Name || selector == string(r.Category)
}
