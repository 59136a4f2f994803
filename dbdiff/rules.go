package dbdiff

import "github.com/schemacheck/schemacheck/finding"

func rule(id, name string, sev finding.Severity, cat finding.Category, summary, rationale, bad, good, fix string) finding.Rule {
	return finding.Rule{ID: id, Name: name, Severity: sev, Category: cat, Layer: finding.LayerDB,
		Summary: summary, Rationale: rationale, Bad: bad, Good: good, Fix: fix}
}

var (
	ruleMergedEdited = rule("SC-DB501", "merged-migration-edited", finding.SeverityError, finding.CategoryCompatibility,
		"A migration that is already merged (present at the base revision) was edited.",
		"Every database that applied the migration keeps the old version: the tool never runs a migration twice, so "+
			"the edit reaches only databases created from scratch, and production, staging and developer databases "+
			"silently diverge. Tools that checksum applied migrations (Flyway, Atlas, sqitch) refuse to run at all.",
		"# db/migrations/0003_users.sql, merged last week, now edited:\n-CREATE TABLE users (id bigint PRIMARY KEY);\n+CREATE TABLE users (id bigint PRIMARY KEY, email text);",
		"# leave 0003 as it was merged and add a migration:\n# db/migrations/0007_users_email.sql\nALTER TABLE users ADD COLUMN email text;",
		"Restore the file as it is at the base revision and put the change in a new migration.")

	ruleMergedDeleted = rule("SC-DB502", "merged-migration-deleted", finding.SeverityError, finding.CategoryCompatibility,
		"A migration that is already merged (present at the base revision) was deleted.",
		"Databases that applied the migration keep what it created, and new databases no longer get it, so the two "+
			"kinds of database differ from now on. Tools that verify their history against the files (Flyway, Atlas, "+
			"golang-migrate with a dirty version) stop with an error on databases that applied it.",
		"# git rm db/migrations/0004_add_index.sql   (merged earlier)",
		"# keep 0004 and undo its effect in a new migration:\n# db/migrations/0008_drop_index.sql\nDROP INDEX CONCURRENTLY IF EXISTS orders_created_at_idx;",
		"Restore the file; to undo what it did, add a new migration that reverses it.")

	ruleObjectRemoved = rule("SC-DB510", "schema-object-removed", finding.SeverityError, finding.CategoryCompatibility,
		"The change removes a table, view, column, type, sequence, unique index, or primary key, unique or exclusion constraint that exists at the base revision.",
		"Code deployed before the change still uses what existed at the base revision: during a rolling deploy and "+
			"after a rollback of the application its queries fail. This rule compares the schema the base revision's "+
			"migrations build with the one after the added migrations, so it also sees removals the statement-level "+
			"rules cannot name, such as a DROP … CASCADE that takes a view with it, or a dropped unique index or key "+
			"that an INSERT … ON CONFLICT relies on.",
		"ALTER TABLE orders DROP CONSTRAINT orders_ref_key;   -- INSERT … ON CONFLICT (ref) now fails",
		"-- release 1: stop relying on the constraint in code\n-- release 2:\nALTER TABLE orders DROP CONSTRAINT orders_ref_key;",
		"Expand/contract: first deploy code that no longer uses the object, then remove it in a later change.")

	ruleObjectRenamed = rule("SC-DB511", "schema-object-renamed", finding.SeverityError, finding.CategoryCompatibility,
		"The change renames a table, view, column, type, sequence, index or constraint that exists at the base revision.",
		"To running code a rename is a drop: queries that use the old name fail from the moment the migration commits "+
			"until every instance runs new code, and a rollback of the application cannot use the new name.",
		"ALTER TABLE users RENAME COLUMN name TO full_name;",
		"ALTER TABLE users ADD COLUMN full_name text;\n-- write both columns, backfill, switch reads, then drop name later",
		"Add the new object beside the old one, write both, move readers, and remove the old one in a later change; "+
			"for a table, a view under the old name can bridge the deploy.")

	ruleObjectChanged = rule("SC-DB512", "schema-object-changed", finding.SeverityWarning, finding.CategoryCompatibility,
		"The change alters an existing column's type, nullability, default, identity or generation, an enum's labels, a domain, or a key.",
		"Code deployed before the change was written against the base revision's schema: a column that becomes NOT "+
			"NULL or loses its default rejects its INSERTs, a new type changes what its drivers decode, a removed enum "+
			"label rejects its writes, and a key over other columns breaks its ON CONFLICT clauses.",
		"ALTER TABLE orders ALTER COLUMN note SET NOT NULL;   -- old code inserts orders without a note",
		"-- release 1: code always writes note; backfill\n-- release 2:\nALTER TABLE orders ALTER COLUMN note SET NOT NULL;",
		"Make the change compatible with the code already running (expand/contract), or deploy the code that needs "+
			"it first and the schema change after.")

	ruleDownMissing = rule("SC-DB520", "down-migration-missing", finding.SeverityWarning, finding.CategoryCompatibility,
		"An added migration has no down script, in a project that writes them (or anywhere with down_policy: require).",
		"When a deploy goes wrong, the down script is how the schema is rolled back with the code. Without one the "+
			"rollback is written under pressure, by hand. With down_policy: warn (the default) it is reported in projects "+
			"that write down scripts (some migration has one); with require, as an error wherever the tool runs them "+
			"(golang-migrate, goose, dbmate, diesel, sqitch, pop); ignore turns it off.",
		"db/migrations/0007_add_email.up.sql   (no 0007_add_email.down.sql)",
		"db/migrations/0007_add_email.down.sql:\nALTER TABLE users DROP COLUMN email;",
		"Add the down script that reverses the migration, or set down_policy: ignore for databases that never roll back.")

	ruleDownLossy = rule("SC-DB521", "down-migration-lossy", finding.SeverityWarning, finding.CategoryCompatibility,
		"An added migration's down script does not restore the schema that was there before its up script ran.",
		"schemacheck replays the up script and then the down script on the schema before the migration and compares. "+
			"Whatever differs survives a rollback: a table left behind, a column not restored, an index that is "+
			"recreated without UNIQUE. The next deploy of the migration then fails or builds something else. Enum labels "+
			"cannot be removed in PostgreSQL, so a down script of ADD VALUE is always reported. Reported per "+
			"databases[].down_policy.",
		"-- up:   ALTER TABLE users ADD COLUMN email text, ADD COLUMN phone text;\n-- down: ALTER TABLE users DROP COLUMN email;",
		"-- down: ALTER TABLE users DROP COLUMN email, DROP COLUMN phone;",
		"Make the down script reverse every change of the up script, in reverse order.")
)

var allRules = []finding.Rule{
	ruleMergedEdited, ruleMergedDeleted, ruleObjectRemoved, ruleObjectRenamed, ruleObjectChanged, ruleDownMissing, ruleDownLossy,
}

// Rules returns the metadata of the database diff's rules, for the registry.
func Rules() []finding.Rule { return append([]finding.Rule(nil), allRules...) }
