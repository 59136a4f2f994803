package preflight

import "github.com/schemacheck/schemacheck/finding"

// rule completes a preflight rule's metadata (category and layer); the
// rule names every other field.
func rule(r finding.Rule) finding.Rule {
	r.Category, r.Layer = finding.CategoryPreflight, finding.LayerDB
	return r
}

var (
	// NullValues: rows hold NULL where a pending statement requires a value.
	NullValues = rule(finding.Rule{
		ID:       "SC-PF001",
		Name:     "preflight-null-values",
		Severity: finding.SeverityError,
		Summary:  "Rows in the database hold NULL in a column a pending migration makes NOT NULL (SET NOT NULL, ADD COLUMN … NOT NULL without a default, a new primary key).",
		Rationale: "SET NOT NULL scans the table and fails on the first NULL, after holding ACCESS EXCLUSIVE for the scan; ADD COLUMN … NOT NULL without " +
			"a default fails on any table with rows. The migration that passed on an empty CI database fails in production, half way through a deploy.",
		Bad:  "-- 1,000 rows have email IS NULL\nALTER TABLE users ALTER COLUMN email SET NOT NULL;",
		Good: "UPDATE users SET email = … WHERE email IS NULL;  -- backfill first (in batches), then:\nALTER TABLE users ALTER COLUMN email SET NOT NULL;",
		Fix:  "Backfill the NULL rows (the finding lists some primary keys) before the statement runs, or give the new column a default.",
	})
	// CheckViolations: rows violate a CHECK a pending statement adds or validates.
	CheckViolations = rule(finding.Rule{
		ID:       "SC-PF002",
		Name:     "preflight-check-violations",
		Severity: finding.SeverityError,
		Summary:  "Rows in the database violate a CHECK constraint a pending migration adds or validates.",
		Rationale: "Adding a CHECK constraint (or validating one added NOT VALID) scans the table and fails on the first violating row. A constraint added " +
			"NOT VALID succeeds, but every later UPDATE of a violating row fails, and so does the VALIDATE CONSTRAINT meant to follow.",
		Bad:  "-- 12 rows have quantity < 0\nALTER TABLE order_lines ADD CONSTRAINT quantity_positive CHECK (quantity >= 0);",
		Good: "UPDATE order_lines SET quantity = 0 WHERE quantity < 0;  -- fix the data first, then:\nALTER TABLE order_lines ADD CONSTRAINT quantity_positive CHECK (quantity >= 0) NOT VALID;",
		Fix:  "Fix the violating rows (the finding lists some primary keys) before the constraint is added or validated.",
	})
	// DuplicateValues: rows share a value a pending UNIQUE needs unique.
	DuplicateValues = rule(finding.Rule{
		ID:       "SC-PF003",
		Name:     "preflight-duplicate-values",
		Severity: finding.SeverityError,
		Summary:  "Rows in the database share a key that a pending UNIQUE constraint, unique index or primary key requires to be unique.",
		Rationale: "Building a unique index fails on the first duplicate, after scanning and sorting the table; CREATE UNIQUE INDEX CONCURRENTLY leaves an " +
			"INVALID index behind that still slows every write until it is dropped.",
		Bad:  "-- 37 emails appear twice\nCREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);",
		Good: "-- merge or delete the duplicate rows first, then:\nCREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);",
		Fix:  "Merge or remove the duplicates (the finding lists the primary keys of some duplicate groups) before the index or constraint is built.",
	})
	// OrphanRows: rows reference nothing in the table a pending FOREIGN KEY points to.
	OrphanRows = rule(finding.Rule{
		ID:       "SC-PF004",
		Name:     "preflight-orphan-rows",
		Severity: finding.SeverityError,
		Summary:  "Rows in the database reference no row of the table a pending FOREIGN KEY points to.",
		Rationale: "Adding a foreign key (or validating one added NOT VALID) checks every row and fails on the first orphan. Added NOT VALID it succeeds, " +
			"but updates of the orphan rows fail later, and so does VALIDATE CONSTRAINT.",
		Bad:  "-- 250 orders reference deleted customers\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);",
		Good: "-- delete, re-point or null the orphans first, then:\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;",
		Fix:  "Delete the orphan rows, point them at existing rows, or set their reference to NULL before the constraint is added or validated.",
	})
	// ValuesDoNotFit: values fail the conversion of a pending ALTER COLUMN TYPE.
	ValuesDoNotFit = rule(finding.Rule{
		ID:       "SC-PF005",
		Name:     "preflight-values-do-not-fit",
		Severity: finding.SeverityError,
		Summary:  "Values in the database do not fit the type a pending ALTER COLUMN TYPE converts them to: too long, out of range, too precise, or rejected by the cast.",
		Rationale: "ALTER COLUMN TYPE converts every row under ACCESS EXCLUSIVE and fails on the first value the new type rejects, after rewriting part " +
			"of the table. Each value is converted here with PostgreSQL's own conversion (the migration's USING expression and the new " +
			"type's assignment rules), in a read-only transaction, so what fails here fails there.",
		Bad:  "-- 12 notes are longer than 100 characters\nALTER TABLE orders ALTER COLUMN note TYPE varchar(100);",
		Good: "UPDATE orders SET note = left(note, 100) WHERE length(note) > 100;  -- or keep the wider type\nALTER TABLE orders ALTER COLUMN note TYPE varchar(100);",
		Fix:  "Fix or shorten the values that do not fit (the finding lists some primary keys and why they fail), or choose a type that holds them.",
	})
	// DataInUse: a dropped column, table or type, or a renamed or removed label, still holds data.
	DataInUse = rule(finding.Rule{
		ID:       "SC-PF006",
		Name:     "preflight-data-in-use",
		Severity: finding.SeverityWarning,
		Summary:  "A pending migration drops a column, table or type, or renames an enum label, that rows or objects in the database still use.",
		Rationale: "A DROP deletes the data with the object, and nothing brings it back but a restore; a renamed enum label changes what existing rows " +
			"read, while code deployed before the migration still writes the old label and fails. The count says what is at stake.",
		Bad:  "-- 41,200 rows still have a phone number\nALTER TABLE customers DROP COLUMN phone;",
		Good: "-- copy the data somewhere first, or confirm it is no longer needed, then:\nALTER TABLE customers DROP COLUMN phone;",
		Fix:  "Confirm the data is no longer needed (or copy it), and that the objects the DROP CASCADE removes with it are meant to go.",
	})
	// DependentsBlockDrop: a DROP without CASCADE of an object others depend on.
	DependentsBlockDrop = rule(finding.Rule{
		ID:       "SC-PF007",
		Name:     "preflight-dependents-block-drop",
		Severity: finding.SeverityError,
		Summary:  "A pending DROP (without CASCADE) of a column, table or type that views, foreign keys or columns in the database depend on, or a type change of a column a view reads.",
		Rationale: "PostgreSQL refuses to drop an object that other objects depend on unless the statement says CASCADE, and to change the type " +
			"of a column a view reads at all, so the migration fails at deploy time. The dependents may exist only in the database (made by hand), " +
			"which is why the migrations alone cannot show it.",
		Bad:  "-- the view active_customers reads customers.phone\nALTER TABLE customers DROP COLUMN phone;",
		Good: "DROP VIEW active_customers;  -- or recreate it without the column first\nALTER TABLE customers DROP COLUMN phone;",
		Fix:  "Drop or change the dependent objects first (the finding names them), or use CASCADE if dropping them is intended.",
	})
	// NotChecked: a check that could not run or could not be trusted.
	NotChecked = rule(finding.Rule{
		ID:       "SC-PF010",
		Name:     "preflight-not-checked",
		Severity: finding.SeverityWarning,
		Summary:  "A pending statement that can fail on existing data could not be checked: the query timed out or failed, or an earlier statement of the change alters the rows first.",
		Rationale: "preflight never reports a pass it did not see: a check that timed out (statement_timeout), waited too long for a lock, or " +
			"failed is reported here, as is a statement whose rows an earlier pending statement changes (an UPDATE, a DO block), since " +
			"reading today's rows would check the wrong data.",
		Bad:  "-- preflight.statement_timeout: 30s, and the table has 2 billion rows\nALTER TABLE events ALTER COLUMN kind SET NOT NULL;",
		Good: "schemacheck preflight --sample 1000000   # or raise preflight.statement_timeout",
		Fix:  "Raise preflight.statement_timeout, check a sample with --sample N, or run the check against a copy; for rows changed by the migration itself, check after that step.",
	})
)

// Rules returns the metadata of preflight's rules.
func Rules() []finding.Rule {
	return []finding.Rule{NullValues, CheckViolations, DuplicateValues, OrphanRows, ValuesDoNotFit, DataInUse, DependentsBlockDrop, NotChecked}
}
