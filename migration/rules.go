package migration

import "github.com/schemacheck/schemacheck/finding"

// Input rules: problems reading migration files and directories.
var (
	RuleParseError = finding.Rule{
		ID: "SC-DB001", Name: "parse-error", Severity: finding.SeverityError,
		Category: finding.CategoryInput, Layer: finding.LayerDB,
		Summary:    "The file does not parse as PostgreSQL SQL.",
		Rationale:  "A migration the parser rejects fails at deploy time, and nothing in it can be checked. Reported once per file at the parser's position; the rest of the directory is still checked.",
		Bad:        "ALTER TABLE users ADD COLUMN email text NOT NULL DEFALUT '';",
		Good:       "ALTER TABLE users ADD COLUMN email text NOT NULL DEFAULT '';",
		Fix:        "Correct the syntax at the reported position; run the file against a scratch database to confirm.",
		NotChecked: true,
	}
	RuleTemplatePlaceholder = finding.Rule{
		ID: "SC-DB002", Name: "template-placeholder", Severity: finding.SeverityError,
		Category: finding.CategoryInput, Layer: finding.LayerDB,
		Summary:    "A Go-template {{ … }} or Flyway ${…} placeholder has no configured value.",
		Rationale:  "The migration tool substitutes these before running the file; without the value schemacheck cannot know the SQL that will run, so the file is not checked.",
		Bad:        `CREATE TABLE {{ index .Options "Namespace" }}.users (id bigint);`,
		Good:       "# schemacheck.yaml\ndatabases:\n  - migrations: migrations\n    placeholders:\n      Namespace: auth",
		Fix:        "Set the value under placeholders: for this database in schemacheck.yaml.",
		NotChecked: true,
	}
	RuleUnreadable = finding.Rule{
		ID: "SC-DB003", Name: "unreadable-migration", Severity: finding.SeverityError,
		Category: finding.CategoryInput, Layer: finding.LayerDB,
		Summary:    "The file is too large, binary or not UTF-8, so it was not checked.",
		Rationale:  "A migration that cannot be read as UTF-8 SQL is either not a migration or will be misread by PostgreSQL; either way it needs a look.",
		Bad:        "(a 20 MB data dump, or a file saved as Latin-1)",
		Good:       "Migrations saved as UTF-8 text; data loads kept out of the migration directory.",
		Fix:        "Re-save the file as UTF-8, or move it out of the migration directory.",
		NotChecked: true,
	}
	RuleDuplicateVersion = finding.Rule{
		ID: "SC-DB004", Name: "duplicate-migration-version", Severity: finding.SeverityError,
		Category: finding.CategoryInput, Layer: finding.LayerDB,
		Summary:   "Two migrations share a version.",
		Rationale: "Migration tools refuse or silently skip one of two migrations with the same version, so one of them never runs in some environments.",
		Bad:       "0003_add_email.up.sql\n0003_add_phone.up.sql",
		Good:      "0003_add_email.up.sql\n0004_add_phone.up.sql",
		Fix:       "Renumber the newer migration.",
	}

	RuleAtlasSum = finding.Rule{
		ID: "SC-DB005", Name: "atlas-sum-mismatch", Severity: finding.SeverityError,
		Category: finding.CategoryInput, Layer: finding.LayerDB,
		Summary:   "atlas.sum does not match the migration files.",
		Rationale: "Atlas refuses to run a directory whose checksums do not match, and a mismatch means a migration was edited after it was hashed: databases that already applied the old version will not get the change.",
		Bad:       "(20240101_init.up.sql edited after `atlas migrate hash`)",
		Good:      "A new migration for the change, then `atlas migrate hash`.",
		Fix:       "Revert the edit and add a new migration; run `atlas migrate hash` only for files not yet applied anywhere.",
	}
)

// Rules returns the metadata of the input rules, in ID order.
func Rules() []finding.Rule {
	return []finding.Rule{RuleParseError, RuleTemplatePlaceholder, RuleUnreadable, RuleDuplicateVersion, RuleAtlasSum}
}
