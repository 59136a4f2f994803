package drift

import "github.com/schemacheck/schemacheck/finding"

func rule(id, name string, sev finding.Severity, summary, rationale, bad, good, fix string) finding.Rule {
	return finding.Rule{ID: id, Name: name, Severity: sev, Category: finding.CategoryDrift, Layer: finding.LayerDB,
		Summary: summary, Rationale: rationale, Bad: bad, Good: good, Fix: fix}
}

var (
	// Missing: the migrations create an object the database does not have.
	Missing = rule("SC-DR001", "drift-missing-in-database", finding.SeverityError,
		"An object the migrations create is missing from the live database.",
		"Code is written and reviewed against the schema the migrations build. When the database lacks a table, column, index or constraint "+
			"they create, queries fail, lookups scan whole tables or duplicates slip in, and the next migration that touches the object fails "+
			"half way through a deploy. Usually someone dropped it by hand, or a migration was recorded as applied without running.",
		"-- migrations: CREATE INDEX users_email_idx ON users (email);\n-- database: DROP INDEX users_email_idx;  -- by hand, during an incident",
		"-- the database has every object the migrations create",
		"Recreate the object in the database with the statement the finding points at, or, if dropping it was intended, write a migration that drops it.")
	// Extra: the database has an object no migration creates.
	Extra = rule("SC-DR002", "drift-extra-in-database", finding.SeverityWarning,
		"The live database has a table, column, index, constraint or type that no migration creates.",
		"An object created by hand exists in one environment only: a fresh database built from the migrations (CI, a new region, a restore "+
			"into an empty cluster) lacks it, and code that relies on it fails there. A hand-made index also hides a missing migration "+
			"until the day it is needed.",
		"-- database: ALTER TABLE users ADD COLUMN nickname text;  -- by hand",
		"-- migrations: ALTER TABLE users ADD COLUMN nickname text;",
		"Write a migration that creates the object (with IF NOT EXISTS where it already exists), or drop it from the database if it is a leftover.")
	// ColumnDiffers: a column's type, nullability, default, identity or generation differs.
	ColumnDiffers = rule("SC-DR003", "drift-column-differs", finding.SeverityError,
		"A column's type, nullability, default, identity or generated expression in the database differs from the migrations.",
		"A column altered by hand changes what the application can store and read: a wider type in one environment hides values the "+
			"others reject, a dropped NOT NULL lets nulls in that code does not expect, a missing default makes inserts fail. The next "+
			"migration that alters the column was written for the other definition.",
		"-- migrations: age integer NOT NULL\n-- database:   ALTER TABLE users ALTER COLUMN age TYPE bigint;  -- by hand",
		"-- the database's column is what the migrations declare",
		"Bring the column back to its declared definition, or write a migration that makes the change the database already has.")
	// DefinitionDiffers: an index, constraint, enum, domain or relation kind differs.
	DefinitionDiffers = rule("SC-DR004", "drift-definition-differs", finding.SeverityError,
		"An index, constraint, enum, domain or relation kind in the database differs from what the migrations define.",
		"An index on other columns does not serve the queries it was made for; a constraint on other columns, or one left NOT VALID, "+
			"does not guarantee what the code relies on; enum labels added or reordered by hand exist in one environment only.",
		"-- migrations: CREATE UNIQUE INDEX users_email_idx ON users (email);\n-- database:   the same index, recreated without UNIQUE",
		"-- the database's index, constraint or type is what the migrations define",
		"Recreate the object as the migrations define it, or write a migration that makes the change the database already has.")
)

// Rules returns the drift rules' metadata.
func Rules() []finding.Rule { return []finding.Rule{Missing, Extra, ColumnDiffers, DefinitionDiffers} }
