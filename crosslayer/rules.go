package crosslayer

import "github.com/schemacheck/schemacheck/finding"

// rule completes a cross-layer rule's metadata (category and layer); the
// rule names every other field.
func rule(r finding.Rule) finding.Rule {
	r.Category, r.Layer = finding.CategoryCrossLayer, finding.LayerCross
	return r
}

var (
	ruleColumnDropped = rule(finding.Rule{
		ID:       "SC-XL001",
		Name:     "xl-exposed-column-dropped",
		Severity: finding.SeverityError,
		Summary:  "A migration drops or renames a column (or its table) that a supported contract version still exposes.",
		Rationale: "Clients in the field were generated from the contract they were built against. When the column behind one " +
			"of its properties is dropped or renamed, the server can no longer fill the property: reads return nothing " +
			"where clients expect a value, writes lose data or fail. Neither a DDL linter nor an API diff sees this: the " +
			"migration looks like any other, and the contract in this change may already have dropped the property.",
		Bad: "# db/migrations/0007_drop_nickname.sql\nALTER TABLE users DROP COLUMN nickname;\n\n" +
			"# openapi.yaml at client ios 3.2's ref (still supported)\nUser:\n  properties:\n    nickname: {type: string}",
		Good: "# expand/contract: keep the column until no supported client exposes it\n" +
			"clients:\n  - name: ios\n    versions:\n      - {version: \"3.2\", ref: v3.2, supported: false}\n" +
			"# then, in a later release:\n# ALTER TABLE users DROP COLUMN nickname;",
		Fix: "Keep the column (or a view or generated column under the old name) until every client version that exposes " +
			"the property is unsupported; then drop it. For a rename, add the new column, write both, and drop the old one last.",
	})

	ruleTypeMismatch = rule(finding.Rule{
		ID:       "SC-XL002",
		Name:     "xl-type-mismatch",
		Severity: finding.SeverityError,
		Summary:  "A contract property's type or format does not fit its column's type.",
		Rationale: "The contract is what clients are generated from; the column is what the server stores. An int32 property over " +
			"a bigint column overflows clients once ids pass 2^31; an int64 property over an integer column makes writes " +
			"fail; a number over numeric loses precision in clients that parse binary floating point; a date-time over a " +
			"timestamp without time zone drops the offset; a string over a uuid or date column accepts values the " +
			"database rejects. Direction matters: request properties are written to the column, response properties are " +
			"read from it.",
		Bad:  "# column: users.id bigint\nUser:\n  properties:\n    id: {type: integer, format: int32}",
		Good: "User:\n  properties:\n    id: {type: integer, format: int64}",
		Fix: "Make the contract describe what the column holds (format int64, type string with format decimal, " +
			"format date-time over timestamptz), or change the column.",
	})

	ruleMaxLength = rule(finding.Rule{
		ID:       "SC-XL003",
		Name:     "xl-max-length-exceeds-column",
		Severity: finding.SeverityError,
		Summary:  "A request string has no maxLength, or one larger than its varchar(n) / char(n) column.",
		Rationale: "PostgreSQL rejects a string longer than a varchar(n) or char(n) column with \"value too long\", so a request the " +
			"contract accepts fails when the server writes it. Both count characters, so maxLength n matches varchar(n) exactly.",
		Bad:  "# column: users.email varchar(200)\nUserCreate:\n  properties:\n    email: {type: string}",
		Good: "UserCreate:\n  properties:\n    email: {type: string, maxLength: 200}",
		Fix:  "Declare maxLength no larger than the column's length, or widen the column (varchar(n) to text is free).",
	})

	ruleNotNullWrite = rule(finding.Rule{
		ID:       "SC-XL004",
		Name:     "xl-not-null-column-may-be-missing",
		Severity: finding.SeverityError,
		Summary:  "A request may send null for a NOT NULL column, or a create request may omit a NOT NULL column without a default.",
		Rationale: "An INSERT without a value for a NOT NULL column that has no default (and is not identity or generated) fails, " +
			"and so does writing null into any NOT NULL column. If the contract lets a create request (the body of a POST or " +
			"PUT that documents 201 Created) leave the property out, or lets any request send null, a valid request becomes " +
			"a server error. For a schema mapped explicitly, a NOT NULL column without a default that no property writes is " +
			"reported too (as a warning: the server may fill it itself).",
		Bad:  "# column: users.email text NOT NULL (no default)\nUserCreate:\n  properties:\n    email: {type: string}   # not required",
		Good: "UserCreate:\n  required: [email]\n  properties:\n    email: {type: string}",
		Fix: "Mark the property required (and not nullable), give it a contract default the server applies, or give the column " +
			"a default. A column the server fills itself can be marked with x-schemacheck-ignore on the schema.",
	})

	ruleNullRead = rule(finding.Rule{
		ID:       "SC-XL005",
		Name:     "xl-nullable-column-not-nullable-in-response",
		Severity: finding.SeverityError,
		Summary:  "A response property is not nullable but its column is.",
		Rationale: "A nullable column can hold null, and the server then sends null (or nothing). Generated clients for a " +
			"non-nullable, required property fail to decode the whole response; for an optional one they fail when the " +
			"server writes an explicit null.",
		Bad:  "# column: users.bio text (nullable)\nUser:\n  required: [bio]\n  properties:\n    bio: {type: string}",
		Good: "User:\n  properties:\n    bio: {type: string, nullable: true}   # 3.1: type: [string, \"null\"]",
		Fix:  "Declare the property nullable, or make the column NOT NULL (with a default and a backfill).",
	})

	ruleEnumMismatch = rule(finding.Rule{
		ID:       "SC-XL006",
		Name:     "xl-enum-mismatch",
		Severity: finding.SeverityError,
		Summary:  "Contract enum values and the PostgreSQL enum labels of the column differ.",
		Rationale: "A request value that is not a label of the column's enum type fails with \"invalid input value for enum\". A " +
			"label the contract does not list reaches clients in responses, and generated Dart, Swift and Kotlin clients " +
			"reject enum values they do not know, unless the client is configured to tolerate them " +
			"(clients[].tolerance.unknown_enum_values).",
		Bad:  "# CREATE TYPE status AS ENUM ('active', 'banned', 'deleted');\nUser:\n  properties:\n    status: {type: string, enum: [active, banned]}",
		Good: "User:\n  properties:\n    status: {type: string, enum: [active, banned, deleted]}",
		Fix: "List exactly the enum's labels in the contract; add a label to the database before clients may send it, " +
			"and to the contract before the server may return it.",
	})

	ruleMappingTarget = rule(finding.Rule{
		ID:       "SC-XL007",
		Name:     "xl-mapping-target-missing",
		Severity: finding.SeverityError,
		Summary:  "An explicit mapping names a table or column that the migrations never create.",
		Rationale: "x-schemacheck-table, x-schemacheck-column and the mappings: of schemacheck.yaml say which table and column " +
			"a property is stored in. A name no migration creates is a typo or a stale mapping, and the properties behind " +
			"it are not checked at all.",
		Bad:  "User:\n  x-schemacheck-table: user   # the table is users\n  properties: {…}",
		Good: "User:\n  x-schemacheck-table: users\n  properties: {…}",
		Fix:  "Fix the table or column name (schema-qualify it when it is not in public), or remove the mapping.",
	})
)

var allRules = []finding.Rule{
	ruleColumnDropped, ruleTypeMismatch, ruleMaxLength, ruleNotNullWrite, ruleNullRead, ruleEnumMismatch, ruleMappingTarget,
}

// Rules returns the metadata of the cross-layer rules, for the registry.
func Rules() []finding.Rule { return append([]finding.Rule(nil), allRules...) }
