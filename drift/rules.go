package drift

import "github.com/schemacheck/schemacheck/finding"

// rule completes a drift rule's metadata (category and layer); the rule
// names every other field.
func rule(r finding.Rule) finding.Rule {
	r.Category, r.Layer = finding.CategoryDrift, finding.LayerDB
	return r
}

var (
	// Missing: the migrations create an object the database does not have.
	Missing = rule(finding.Rule{
		ID:       "SC-DR001",
		Name:     "drift-missing-in-database",
		Severity: finding.SeverityError,
		Summary:  "An object the migrations create is missing from the live database.",
		Rationale: "Code is written and reviewed against the schema the migrations build. When the database lacks a table, column, index or constraint " +
			"they create, queries fail, lookups scan whole tables or duplicates slip in, and the next migration that touches the object fails " +
			"half way through a deploy. Usually someone dropped it by hand, or a migration was recorded as applied without running.",
		Bad:  "-- migrations: CREATE INDEX users_email_idx ON users (email);\n-- database: DROP INDEX users_email_idx;  -- by hand, during an incident",
		Good: "-- the database has every object the migrations create",
		Fix:  "Recreate the object in the database with the statement the finding points at, or, if dropping it was intended, write a migration that drops it.",
	})
	// Extra: the database has an object no migration creates.
	Extra = rule(finding.Rule{
		ID:       "SC-DR002",
		Name:     "drift-extra-in-database",
		Severity: finding.SeverityWarning,
		Summary:  "The live database has a table, column, index, constraint or type that no migration creates.",
		Rationale: "An object created by hand exists in one environment only: a fresh database built from the migrations (CI, a new region, a restore " +
			"into an empty cluster) lacks it, and code that relies on it fails there. A hand-made index also hides a missing migration " +
			"until the day it is needed.",
		Bad:  "-- database: ALTER TABLE users ADD COLUMN nickname text;  -- by hand",
		Good: "-- migrations: ALTER TABLE users ADD COLUMN nickname text;",
		Fix:  "Write a migration that creates the object (with IF NOT EXISTS where it already exists), or drop it from the database if it is a leftover.",
	})
	// ColumnDiffers: a column's type, nullability, default, identity or generation differs.
	ColumnDiffers = rule(finding.Rule{
		ID:       "SC-DR003",
		Name:     "drift-column-differs",
		Severity: finding.SeverityError,
		Summary:  "A column's type, nullability, default, identity or generated expression in the database differs from the migrations.",
		Rationale: "A column altered by hand changes what the application can store and read: a wider type in one environment hides values the " +
			"others reject, a dropped NOT NULL lets nulls in that code does not expect, a missing default makes inserts fail. The next " +
			"migration that alters the column was written for the other definition.",
		Bad:  "-- migrations: age integer NOT NULL\n-- database:   ALTER TABLE users ALTER COLUMN age TYPE bigint;  -- by hand",
		Good: "-- the database's column is what the migrations declare",
		Fix:  "Bring the column back to its declared definition, or write a migration that makes the change the database already has.",
	})
	// DefinitionDiffers: an index, constraint, enum, domain or relation kind differs.
	DefinitionDiffers = rule(finding.Rule{
		ID:       "SC-DR004",
		Name:     "drift-definition-differs",
		Severity: finding.SeverityError,
		Summary:  "An index, constraint, enum, domain or relation kind in the database differs from what the migrations define.",
		Rationale: "An index on other columns does not serve the queries it was made for; a constraint on other columns, or one left NOT VALID, " +
			"does not guarantee what the code relies on; enum labels added or reordered by hand exist in one environment only.",
		Bad:  "-- migrations: CREATE UNIQUE INDEX users_email_idx ON users (email);\n-- database:   the same index, recreated without UNIQUE",
		Good: "-- the database's index, constraint or type is what the migrations define",
		Fix:  "Recreate the object as the migrations define it, or write a migration that makes the change the database already has.",
	})
)

// Rules returns the drift rules' metadata.
func Rules() []finding.Rule { return []finding.Rule{Missing, Extra, ColumnDiffers, DefinitionDiffers} }
