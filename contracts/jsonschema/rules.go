package jsonschema

import "github.com/schemacheck/schemacheck/finding"

func rule(id, name string, sev finding.Severity, summary, rationale, bad, good, fix string) finding.Rule {
	return finding.Rule{
		ID: id, Name: name, Severity: sev, Category: finding.CategoryContracts, Layer: finding.LayerJSONSchema,
		Summary: summary, Rationale: rationale, Bad: bad, Good: good, Fix: fix,
	}
}

const (
	sevInfo = finding.SeverityInfo
	sevWarn = finding.SeverityWarning
	sevErr  = finding.SeverityError
)

// Rationale shared by the compatibility rules: which readers break depends on the mode.
const breakWhy = " In backward mode, consumers upgraded to the new schema reject messages still written with the old one; " +
	"in forward mode, consumers still on the old schema reject messages written with the new one. " +
	"Every break is shown with a witness: a JSON document the writer's schema accepts and the reader's rejects, confirmed by the validator."

var (
	ruleTypeNarrowed = rule("SC-JS001", "js-type-narrowed", sevErr,
		"A JSON type the writer's schema accepts is rejected by the reader's schema (including integer vs number).",
		"Data of the dropped type fails validation on the reader side."+breakWhy,
		`{"type": ["string", "integer"]} → {"type": "string"}`, `{"type": ["string", "integer"]}`,
		"Keep accepting the old type; add a new property for the new type and deprecate the old one.")
	ruleNullableRemoved = rule("SC-JS002", "js-nullable-removed", sevErr,
		"null is no longer accepted (type [x, \"null\"] → x).",
		"Writers that send null for an absent value are rejected."+breakWhy,
		`{"type": ["string", "null"]} → {"type": "string"}`, `{"type": ["string", "null"]}`,
		"Keep null in the type list until no writer sends it.")
	ruleEnumNarrowed = rule("SC-JS003", "js-enum-narrowed", sevErr,
		"An enum or const value the writer may send is not accepted by the reader.",
		"A removed enum value (or a new enum/const on a free value) rejects data that uses it."+breakWhy,
		`{"enum": ["a", "b"]} → {"enum": ["a"]}`, `{"enum": ["a", "b"]}`,
		"Keep the value; stop writing it first, and remove it only once no stored or in-flight data uses it.")
	rulePropertyRemoved = rule("SC-JS004", "js-property-removed", sevErr,
		"A property is no longer allowed in a closed content model.",
		"With additionalProperties (or unevaluatedProperties) false, data that still carries the removed property is rejected."+breakWhy,
		`{"properties": {"a": {}, "b": {}}, "additionalProperties": false} → {"properties": {"a": {}}, "additionalProperties": false}`,
		`keep "b" in properties, marked deprecated`,
		"Keep the property (deprecated) or open the content model.")
	ruleRequiredAdded = rule("SC-JS005", "js-property-became-required", sevErr,
		"A property is required by the reader but optional (or absent) for the writer.",
		"Data written without the property fails validation."+breakWhy,
		`{"required": []} → {"required": ["email"]}`, `{"required": []} with "email" optional and a default`,
		"Add the property as optional with a default; require it only after every writer sends it.")
	ruleDependentRequired = rule("SC-JS006", "js-dependent-required-added", sevErr,
		"A dependentRequired (or dependencies) entry the writer does not guarantee was added.",
		"Objects that have the trigger property but not the dependent one are rejected."+breakWhy,
		`{} → {"dependentRequired": {"card": ["billing_address"]}}`, `{}`,
		"Do not add dependencies between existing properties; validate them in the application instead.")
	ruleOpenContent = rule("SC-JS007", "js-open-content-conflict", sevErr,
		"Strict mode: a property with constraints was added to an object whose old content model was open.",
		"An open content model lets writers put anything under any unknown name, so old data may already carry the new property with another type. Only reported with the Strict option."+breakWhy,
		`{"properties": {}} → {"properties": {"age": {"type": "integer"}}}`, `{"properties": {}, "additionalProperties": false} → {"properties": {"age": {"type": "integer"}}, "additionalProperties": false}`,
		"Close the old content model first (additionalProperties: false), or give the new property an unconstrained schema.")
	ruleAdditionalNarrowed = rule("SC-JS008", "js-additional-properties-narrowed", sevErr,
		"Unknown or pattern-matched properties the writer allows are rejected or constrained by the reader.",
		"Closing a content model (additionalProperties false) or typing it rejects data with extra properties."+breakWhy,
		`{} → {"additionalProperties": false}`, `{}`,
		"Keep the content model open; declare the properties you expect instead.")
	ruleNumericNarrowed = rule("SC-JS009", "js-numeric-range-narrowed", sevErr,
		"minimum, maximum, exclusiveMinimum or exclusiveMaximum became stricter.",
		"Numbers at the edge of the old range are rejected."+breakWhy,
		`{"minimum": 0} → {"minimum": 1}`, `{"minimum": 0}`,
		"Keep the old bounds; enforce the new range in the writer only.")
	ruleMultipleOf = rule("SC-JS010", "js-multiple-of-changed", sevErr,
		"multipleOf became stricter (the writer's step is not a multiple of the reader's).",
		"Numbers that were valid multiples are rejected."+breakWhy,
		`{"multipleOf": 0.5} → {"multipleOf": 1}`, `{"multipleOf": 1} → {"multipleOf": 0.5}`,
		"Keep the old multipleOf or a divisor of it.")
	ruleStringLength = rule("SC-JS011", "js-string-length-narrowed", sevErr,
		"minLength or maxLength became stricter.",
		"Strings of the dropped lengths are rejected."+breakWhy,
		`{"maxLength": 100} → {"maxLength": 50}`, `{"maxLength": 100} → {"maxLength": 200}`,
		"Keep the old length limits.")
	rulePattern = rule("SC-JS012", "js-pattern-changed", sevErr,
		"A pattern was added or changed. Reported as an error only when a string is found that the writer accepts and the reader rejects; otherwise a warning that compatibility cannot be decided.",
		"Regular-expression inclusion is not decided here; a witness proves a break, its absence proves nothing."+breakWhy,
		`{"pattern": "^[a-z]+$"} → {"pattern": "^[a-z]{2,}$"}`, `{"pattern": "^[a-z]+$"} → {"pattern": "^[a-z0-9]+$"}`,
		"Only widen patterns; check the old data against the new pattern before changing it.")
	ruleFormat = rule("SC-JS013", "js-format-changed", sevErr,
		"A format was added or changed. An error only when the validator asserts the format and a witness is found; otherwise a warning.",
		"Under draft 2019-09 and later, format is an annotation unless the format-assertion vocabulary is on, so validators disagree."+breakWhy,
		`{"type": "string"} → {"type": "string", "format": "email"}`, `{"type": "string"}`,
		"Do not add format constraints to existing string fields; validate in the writer.")
	ruleArrayNarrowed = rule("SC-JS014", "js-array-narrowed", sevErr,
		"minItems, maxItems, uniqueItems, contains or a tuple length became stricter.",
		"Arrays the writer may produce are rejected."+breakWhy,
		`{"maxItems": 10} → {"maxItems": 5}`, `{"maxItems": 10}`,
		"Keep the old array limits.")
	ruleObjectSize = rule("SC-JS015", "js-object-size-narrowed", sevErr,
		"minProperties or maxProperties became stricter.",
		"Objects with the dropped number of properties are rejected."+breakWhy,
		`{"maxProperties": 10} → {"maxProperties": 5}`, `{"maxProperties": 10}`,
		"Keep the old limits.")
	ruleBranchRemoved = rule("SC-JS016", "js-branch-removed", sevErr,
		"No oneOf/anyOf branch of the reader accepts a kind of value the writer may send, or a value matches several oneOf branches.",
		"Branches are matched by kind and best structural match; a value with no matching branch is rejected."+breakWhy,
		`{"oneOf": [{"type": "string"}, {"type": "integer"}]} → {"oneOf": [{"type": "string"}]}`, `keep the integer branch`,
		"Keep the branch; deprecate it in its description.")
	ruleNotChanged = rule("SC-JS017", "js-not-changed", sevErr,
		"A not keyword was added or changed. An error only with a confirmed witness; otherwise a warning that compatibility cannot be decided.",
		"Negations invert inclusion, so a structural comparison cannot decide them."+breakWhy,
		`{} → {"not": {"required": ["legacy"]}}`, `{}`,
		"Avoid adding not to an existing schema; check old data against the new schema.")
	ruleConditional = rule("SC-JS018", "js-conditional-changed", sevErr,
		"if/then/else or a dependentSchemas entry was added or changed. An error only with a confirmed witness; otherwise a warning that compatibility cannot be decided.",
		"Conditional subschemas apply to part of the data only; a witness proves the break."+breakWhy,
		`{} → {"if": {"properties": {"kind": {"const": "card"}}}, "then": {"required": ["pan"]}}`, `{}`,
		"Add conditions only for new discriminator values that no old data uses.")
	rulePropertyNames = rule("SC-JS019", "js-property-names-changed", sevErr,
		"propertyNames was added or changed. An error only with a confirmed witness; otherwise a warning.",
		"Objects whose keys the new propertyNames rejects fail validation."+breakWhy,
		`{} → {"propertyNames": {"pattern": "^[a-z]+$"}}`, `{}`,
		"Keep the old key constraints.")
	ruleDefaultChanged = rule("SC-JS020", "js-default-changed", sevInfo,
		"A default value changed.",
		"Data validates as before, but readers that fill in defaults now see a different value for absent fields.",
		`{"default": 10} → {"default": 20}`, `{"default": 10}`,
		"Write the value explicitly instead of relying on the default, or announce the change.")
	ruleIncomplete = rule("SC-JS021", "js-comparison-incomplete", sevWarn,
		"The comparison stopped early (nesting or size limit) so part of the schema was not compared.",
		"Very deep or very large schemas are compared up to a fixed budget so that a diff always finishes.",
		`a schema whose instances nest more than 64 levels deep, or with more than 50,000 subschema pairs to compare`,
		`the same schema split into referenced files that are compared one by one`, "Split the schema into smaller referenced files, or compare the part in question directly.")
	ruleExampleInvalid = rule("SC-JS030", "js-example-invalid", sevErr,
		"A value in an \"examples\" keyword does not validate against the schema it documents.",
		"Examples are copied by people and code generators; an invalid one spreads invalid data.",
		`{"type": "integer", "examples": ["ten"]}`, `{"type": "integer", "examples": [10]}`,
		"Fix the example or the schema; the message quotes the validator's error.")
	rulePayloadInvalid = rule("SC-JS031", "js-payload-invalid", sevErr,
		"A sample payload file named in the configuration does not validate against the new schema version.",
		"Payloads are real messages; if one fails the new schema, consumers on it will fail the same way.",
		`payloads: [samples/order.json] with a field the new schema forbids`, `payloads that validate`,
		"Fix the schema so real payloads stay valid, or update the payload if it is out of date.")
)

// Rules returns the metadata of every JSON Schema rule, in ID order.
func Rules() []finding.Rule {
	return []finding.Rule{
		ruleTypeNarrowed, ruleNullableRemoved, ruleEnumNarrowed, rulePropertyRemoved, ruleRequiredAdded,
		ruleDependentRequired, ruleOpenContent, ruleAdditionalNarrowed, ruleNumericNarrowed, ruleMultipleOf,
		ruleStringLength, rulePattern, ruleFormat, ruleArrayNarrowed, ruleObjectSize, ruleBranchRemoved,
		ruleNotChanged, ruleConditional, rulePropertyNames, ruleDefaultChanged, ruleIncomplete,
		ruleExampleInvalid, rulePayloadInvalid,
	}
}
