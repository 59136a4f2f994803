package dbdiff

import "github.com/schemacheck/schemacheck/finding"

// rule completes a database-diff rule's metadata (its layer); the rule
// names every other field.
func rule(r finding.Rule) finding.Rule {
	r.Layer = finding.LayerDB
	return r
}

var (
	ruleMergedEdited = rule(finding.Rule{
		ID:       "SC-DB501",
		Name:     "merged-migration-edited",
		Severity: finding.SeverityError,
		Category: finding.CategoryCompatibility,
		Summary:  "A migration that is already merged (present at the base revision) was edited.",
		Rationale: "Every database that applied the migration keeps the old version: the tool never runs a migration twice, so " +
			"the edit reaches only databases created from scratch, and production, staging and developer databases " +
			"silently diverge. Tools that checksum applied migrations (Flyway, Atlas, sqitch) refuse to run at all.",
		Bad:  "# db/migrations/0003_users.sql, merged last week, now edited:\n-CREATE TABLE users (id bigint PRIMARY KEY);\n+CREATE TABLE users (id bigint PRIMARY KEY, email text);",
		Good: "# leave 0003 as it was merged and add a migration:\n# db/migrations/0007_users_email.sql\nALTER TABLE users ADD COLUMN email text;",
		Fix:  "Restore the file as it is at the base revision and put the change in a new migration.",
	})

	ruleMergedDeleted = rule(finding.Rule{
		ID:       "SC-DB502",
		Name:     "merged-migration-deleted",
		Severity: finding.SeverityError,
		Category: finding.CategoryCompatibility,
		Summary:  "A migration that is already merged (present at the base revision) was deleted.",
		Rationale: "Databases that applied the migration keep what it created, and new databases no longer get it, so the two " +
			"kinds of database differ from now on. Tools that verify their history against the files (Flyway, Atlas, " +
			"golang-migrate with a dirty version) stop with an error on databases that applied it.",
		Bad:  "# git rm db/migrations/0004_add_index.sql   (merged earlier)",
		Good: "# keep 0004 and undo its effect in a new migration:\n# db/migrations/0008_drop_index.sql\nDROP INDEX CONCURRENTLY IF EXISTS orders_created_at_idx;",
		Fix:  "Restore the file; to undo what it did, add a new migration that reverses it.",
	})

	ruleSquashed = rule(finding.Rule{
		ID:       "SC-DB503",
		Name:     "merged-migrations-squashed",
		Severity: finding.SeverityInfo,
		Category: finding.CategoryCompatibility,
		Summary:  "Merged migrations were replaced by a baseline that builds the same schema.",
		Rationale: "Squashing a long history into one baseline migration is routine housekeeping: databases that applied the " +
			"old migrations already have the schema the baseline builds, and new databases get the same schema faster. It " +
			"is reported once, so reviewers see it, instead of once per deleted migration; if the baseline built another " +
			"schema, each deletion would be reported (SC-DB502) and the baseline linted as new.",
		Bad: "# git rm db/migrations/0001_users.sql … 0042_orders.sql\n# add db/migrations/0043_baseline.sql (the schema they built)",
		Good: "# the same, with the tool told that existing databases are at the baseline\n" +
			"# (e.g. atlas migrate set, flyway baselineVersion, golang-migrate force)",
		Fix: "Nothing to fix if the baseline builds the same schema; make sure the migration tool does not run it on databases " +
			"that applied the squashed migrations.",
	})

	ruleObjectRemoved = rule(finding.Rule{
		ID:       "SC-DB510",
		Name:     "schema-object-removed",
		Severity: finding.SeverityError,
		Category: finding.CategoryCompatibility,
		Summary:  "The change removes a table, view, column, type, sequence, unique index, or primary key, unique or exclusion constraint that exists at the base revision.",
		Rationale: "Code deployed before the change still uses what existed at the base revision: during a rolling deploy and " +
			"after a rollback of the application its queries fail. This rule compares the schema the base revision's " +
			"migrations build with the one after the added migrations, so it also sees removals the statement-level " +
			"rules cannot name, such as a DROP … CASCADE that takes a view with it, or a dropped unique index or key " +
			"that an INSERT … ON CONFLICT relies on.",
		Bad:  "ALTER TABLE orders DROP CONSTRAINT orders_ref_key;   -- INSERT … ON CONFLICT (ref) now fails",
		Good: "-- release 1: stop relying on the constraint in code\n-- release 2:\nALTER TABLE orders DROP CONSTRAINT orders_ref_key;",
		Fix:  "Expand/contract: first deploy code that no longer uses the object, then remove it in a later change.",
	})

	ruleObjectRenamed = rule(finding.Rule{
		ID:       "SC-DB511",
		Name:     "schema-object-renamed",
		Severity: finding.SeverityError,
		Category: finding.CategoryCompatibility,
		Summary:  "The change renames a table, view, column, type, sequence, index or constraint that exists at the base revision.",
		Rationale: "To running code a rename is a drop: queries that use the old name fail from the moment the migration commits " +
			"until every instance runs new code, and a rollback of the application cannot use the new name.",
		Bad:  "ALTER TABLE users RENAME COLUMN name TO full_name;",
		Good: "ALTER TABLE users ADD COLUMN full_name text;\n-- write both columns, backfill, switch reads, then drop name later",
		Fix: "Add the new object beside the old one, write both, move readers, and remove the old one in a later change; " +
			"for a table, a view under the old name can bridge the deploy.",
	})

	ruleObjectChanged = rule(finding.Rule{
		ID:       "SC-DB512",
		Name:     "schema-object-changed",
		Severity: finding.SeverityWarning,
		Category: finding.CategoryCompatibility,
		Summary:  "The change alters an existing column's type, nullability, default, identity or generation, an enum's labels, a domain, or a key.",
		Rationale: "Code deployed before the change was written against the base revision's schema: a column that becomes NOT " +
			"NULL or loses its default rejects its INSERTs, a new type changes what its drivers decode, a removed enum " +
			"label rejects its writes, and a key over other columns breaks its ON CONFLICT clauses.",
		Bad:  "ALTER TABLE orders ALTER COLUMN note SET NOT NULL;   -- old code inserts orders without a note",
		Good: "-- release 1: code always writes note; backfill\n-- release 2:\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;",
		Fix: "Make the change compatible with the code already running (expand/contract), or deploy the code that needs " +
			"it first and the schema change after.",
	})

	ruleDownMissing = rule(finding.Rule{
		ID:       "SC-DB520",
		Name:     "down-migration-missing",
		Severity: finding.SeverityWarning,
		Category: finding.CategoryCompatibility,
		Summary:  "An added migration has no down script, in a project that writes them (or anywhere with down_policy: require).",
		Rationale: "When a deploy goes wrong, the down script is how the schema is rolled back with the code. Without one the " +
			"rollback is written under pressure, by hand. With down_policy: warn (the default) it is reported in projects " +
			"that write down scripts (some migration has one); with require, as an error wherever the tool runs them " +
			"(golang-migrate, goose, dbmate, diesel, sqitch, pop); ignore turns it off.",
		Bad:  "db/migrations/0007_add_email.up.sql   (no 0007_add_email.down.sql)",
		Good: "db/migrations/0007_add_email.down.sql:\nALTER TABLE users DROP COLUMN email;",
		Fix:  "Add the down script that reverses the migration, or set down_policy: ignore for databases that never roll back.",
	})

	ruleDownLossy = rule(finding.Rule{
		ID:       "SC-DB521",
		Name:     "down-migration-lossy",
		Severity: finding.SeverityWarning,
		Category: finding.CategoryCompatibility,
		Summary:  "An added migration's down script does not restore the schema that was there before its up script ran.",
		Rationale: "schemacheck replays the up script and then the down script on the schema before the migration and compares. " +
			"Whatever differs survives a rollback: a table left behind, a column not restored, an index that is " +
			"recreated without UNIQUE. The next deploy of the migration then fails or builds something else. Enum labels " +
			"cannot be removed in PostgreSQL, so a down script of ADD VALUE is always reported. Reported per " +
			"databases[].down_policy.",
		Bad:  "-- up:   ALTER TABLE users ADD COLUMN email text, ADD COLUMN phone text;\n-- down: ALTER TABLE users DROP COLUMN email;",
		Good: "-- down: ALTER TABLE users DROP COLUMN email, DROP COLUMN phone;",
		Fix:  "Make the down script reverse every change of the up script, in reverse order.",
	})
)

var allRules = []finding.Rule{
	ruleMergedEdited, ruleMergedDeleted, ruleSquashed, ruleObjectRemoved, ruleObjectRenamed, ruleObjectChanged, ruleDownMissing, ruleDownLossy,
}

// Rules returns the metadata of the database diff's rules, for the registry.
func Rules() []finding.Rule { return append([]finding.Rule(nil), allRules...) }
