package crosslayer

import "github.com/schemacheck/schemacheck/finding"

func rule(id, name string, sev finding.Severity, summary, rationale, bad, good, fix string) finding.Rule {
	return finding.Rule{ID: id, Name: name, Severity: sev, Category: finding.CategoryCrossLayer, Layer: finding.LayerCross,
		Summary: summary, Rationale: rationale, Bad: bad, Good: good, Fix: fix}
}

var (
	ruleColumnDropped = rule("SC-XL001", "xl-exposed-column-dropped", finding.SeverityError,
		"A migration drops or renames a column (or its table) that a supported contract version still exposes.",
		"Clients in the field were generated from the contract they were built against. When the column behind one "+
			"of its properties is dropped or renamed, the server can no longer fill the property: reads return nothing "+
			"where clients expect a value, writes lose data or fail. Neither a DDL linter nor an API diff sees this: the "+
			"migration looks like any other, and the contract in this change may already have dropped the property.",
		"# db/migrations/0007_drop_nickname.sql\nALTER TABLE users DROP COLUMN nickname;\n\n"+
			"# openapi.yaml at client ios 3.2's ref (still supported)\nUser:\n  properties:\n    nickname: {type: string}",
		"# expand/contract: keep the column until no supported client exposes it\n"+
			"clients:\n  - name: ios\n    versions:\n      - {version: \"3.2\", ref: v3.2, supported: false}\n"+
			"# then, in a later release:\n# ALTER TABLE users DROP COLUMN nickname;",
		"Keep the column (or a view or generated column under the old name) until every client version that exposes "+
			"the property is unsupported; then drop it. For a rename, add the new column, write both, and drop the old one last.")

	ruleTypeMismatch = rule("SC-XL002", "xl-type-mismatch", finding.SeverityError,
		"A contract property's type or format does not fit its column's type.",
		"The contract is what clients are generated from; the column is what the server stores. An int32 property over "+
			"a bigint column overflows clients once ids pass 2^31; an int64 property over an integer column makes writes "+
			"fail; a number over numeric loses precision in clients that parse binary floating point; a date-time over a "+
			"timestamp without time zone drops the offset; a string over a uuid or date column accepts values the "+
			"database rejects. Direction matters: request properties are written to the column, response properties are "+
			"read from it.",
		"# column: users.id bigint\nUser:\n  properties:\n    id: {type: integer, format: int32}",
		"User:\n  properties:\n    id: {type: integer, format: int64}",
		"Make the contract describe what the column holds (format int64, type string with format decimal, "+
			"format date-time over timestamptz), or change the column.")

	ruleMaxLength = rule("SC-XL003", "xl-max-length-exceeds-column", finding.SeverityError,
		"A request string has no maxLength, or one larger than its varchar(n) / char(n) column.",
		"PostgreSQL rejects a string longer than a varchar(n) or char(n) column with \"value too long\", so a request the "+
			"contract accepts fails when the server writes it. Both count characters, so maxLength n matches varchar(n) exactly.",
		"# column: users.email varchar(200)\nUserCreate:\n  properties:\n    email: {type: string}",
		"UserCreate:\n  properties:\n    email: {type: string, maxLength: 200}",
		"Declare maxLength no larger than the column's length, or widen the column (varchar(n) to text is free).")

	ruleNotNullWrite = rule("SC-XL004", "xl-not-null-column-may-be-missing", finding.SeverityError,
		"A request may send null for a NOT NULL column, or a create request may omit a NOT NULL column without a default.",
		"An INSERT without a value for a NOT NULL column that has no default (and is not identity or generated) fails, "+
			"and so does writing null into any NOT NULL column. If the contract lets a create request (the body of a POST or "+
			"PUT that documents 201 Created) leave the property out, or lets any request send null, a valid request becomes "+
			"a server error. For a schema mapped explicitly, a NOT NULL column without a default that no property writes is "+
			"reported too (as a warning: the server may fill it itself).",
		"# column: users.email text NOT NULL (no default)\nUserCreate:\n  properties:\n    email: {type: string}   # not required",
		"UserCreate:\n  required: [email]\n  properties:\n    email: {type: string}",
		"Mark the property required (and not nullable), give it a contract default the server applies, or give the column "+
			"a default. A column the server fills itself can be marked with x-schemacheck-ignore on the schema.")

	ruleNullRead = rule("SC-XL005", "xl-nullable-column-not-nullable-in-response", finding.SeverityError,
		"A response property is not nullable but its column is.",
		"A nullable column can hold null, and the server then sends null (or nothing). Generated clients for a "+
			"non-nullable, required property fail to decode the whole response; for an optional one they fail when the "+
			"server writes an explicit null.",
		"# column: users.bio text (nullable)\nUser:\n  required: [bio]\n  properties:\n    bio: {type: string}",
		"User:\n  properties:\n    bio: {type: string, nullable: true}   # 3.1: type: [string, \"null\"]",
		"Declare the property nullable, or make the column NOT NULL (with a default and a backfill).")

	ruleEnumMismatch = rule("SC-XL006", "xl-enum-mismatch", finding.SeverityError,
		"Contract enum values and the PostgreSQL enum labels of the column differ.",
		"A request value that is not a label of the column's enum type fails with \"invalid input value for enum\". A "+
			"label the contract does not list reaches clients in responses, and generated Dart, Swift and Kotlin clients "+
			"reject enum values they do not know, unless the client is configured to tolerate them "+
			"(clients[].tolerance.unknown_enum_values).",
		"# CREATE TYPE status AS ENUM ('active', 'banned', 'deleted');\nUser:\n  properties:\n    status: {type: string, enum: [active, banned]}",
		"User:\n  properties:\n    status: {type: string, enum: [active, banned, deleted]}",
		"List exactly the enum's labels in the contract; add a label to the database before clients may send it, "+
			"and to the contract before the server may return it.")

	ruleMappingTarget = rule("SC-XL007", "xl-mapping-target-missing", finding.SeverityError,
		"An explicit mapping names a table or column that the migrations never create.",
		"x-schemacheck-table, x-schemacheck-column and the mappings: of schemacheck.yaml say which table and column "+
			"a property is stored in. A name no migration creates is a typo or a stale mapping, and the properties behind "+
			"it are not checked at all.",
		"User:\n  x-schemacheck-table: user   # the table is users\n  properties: {…}",
		"User:\n  x-schemacheck-table: users\n  properties: {…}",
		"Fix the table or column name (schema-qualify it when it is not in public), or remove the mapping.")
)

var allRules = []finding.Rule{
	ruleColumnDropped, ruleTypeMismatch, ruleMaxLength, ruleNotNullWrite, ruleNullRead, ruleEnumMismatch, ruleMappingTarget,
}

// Rules returns the metadata of the cross-layer rules, for the registry.
func Rules() []finding.Rule { return append([]finding.Rule(nil), allRules...) }
