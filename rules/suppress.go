package rules

// Suppression meta rules: the lint driver reports them, since only it sees
// which suppressions matched a finding.
var (
	UnknownSuppression = meta("SC-DB050", "unknown-suppression", warningSev, "input",
		"A schemacheck:ignore comment names a rule that does not exist.",
		"A misspelt rule name suppresses nothing, so the finding it was meant for still fails the build, or worse, the intent is lost when the rule is later renamed.",
		"-- schemacheck:ignore require-concurent-index small table\nCREATE INDEX i ON t (c);",
		"-- schemacheck:ignore require-concurrent-index small table\nCREATE INDEX i ON t (c);",
		"Use a rule ID or name from `schemacheck rules`.")
	UnusedSuppression = meta("SC-DB051", "unused-suppression", warningSev, "input",
		"A schemacheck:ignore comment suppresses nothing.",
		"Suppressions that no longer match anything hide future findings of the same rule on that statement and mislead readers; remove them when the code changes.",
		"-- schemacheck:ignore require-concurrent-index\nCREATE INDEX CONCURRENTLY i ON t (c);",
		"CREATE INDEX CONCURRENTLY i ON t (c);",
		"Remove the comment.")
)
