package rules

import "github.com/schemacheck/schemacheck/finding"

// Suppression meta rules: the lint driver reports them, since only it sees
// which suppressions matched a finding.
var (
	UnknownSuppression = meta(finding.Rule{
		ID:        "SC-DB050",
		Name:      "unknown-suppression",
		Severity:  warningSev,
		Category:  "input",
		Summary:   "A schemacheck:ignore comment names a rule that does not exist.",
		Rationale: "A misspelt rule name suppresses nothing, so the finding it was meant for still fails the build, or worse, the intent is lost when the rule is later renamed.",
		Bad:       "-- schemacheck:ignore require-concurent-index small table\nCREATE INDEX i ON t (c);",
		Good:      "-- schemacheck:ignore require-concurrent-index small table\nCREATE INDEX i ON t (c);",
		Fix:       "Use a rule ID or name from `schemacheck rules`.",
	})
	UnusedSuppression = meta(finding.Rule{
		ID:        "SC-DB051",
		Name:      "unused-suppression",
		Severity:  warningSev,
		Category:  "input",
		Summary:   "A schemacheck:ignore comment suppresses nothing.",
		Rationale: "Suppressions that no longer match anything hide future findings of the same rule on that statement and mislead readers; remove them when the code changes.",
		Bad:       "-- schemacheck:ignore require-concurrent-index\nCREATE INDEX CONCURRENTLY i ON t (c);",
		Good:      "CREATE INDEX CONCURRENTLY i ON t (c);",
		Fix:       "Remove the comment.",
	})
)
