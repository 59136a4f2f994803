package openapi

import "github.com/schemacheck/schemacheck/finding"

// ruleDef is a rule's metadata plus its severity on each side of the wire:
// the request side (written by clients, read by the server) and the response
// side (written by the server, read by clients). A zero severity means the
// change is harmless on that side and only shows in changelog mode.
type ruleDef struct {
	finding.Rule
	Request, Response finding.Severity
}

func rule(id, name, summary, rationale, bad, good, fix string, req, resp finding.Severity) ruleDef {
	return ruleDef{
		Rule: finding.Rule{
			ID: id, Name: name, Severity: max(req, resp), Category: finding.CategoryContracts,
			Layer: finding.LayerOpenAPI, Summary: summary, Rationale: rationale, Bad: bad, Good: good, Fix: fix,
		},
		Request: req, Response: resp,
	}
}

const (
	sevOff  = finding.SeverityOff
	sevInfo = finding.SeverityInfo
	sevWarn = finding.SeverityWarning
	sevErr  = finding.SeverityError
)

var (
	ruleOperationRemoved = rule("SC-API001", "api-operation-removed",
		"An operation (or a whole path) was removed.",
		"Clients still calling it get 404 or 405. Deprecated operations may be removed once their x-sunset date has passed.",
		"paths: {/pets: {get: …}} → paths: {}", "mark it deprecated with x-sunset, remove it after that date",
		"Keep the operation, or deprecate it with an x-sunset date and remove it after that date.", sevErr, sevErr)
	ruleRequiredParamAdded = rule("SC-API002", "api-required-parameter-added",
		"A required parameter was added, or an optional one became required.",
		"Existing clients do not send it, so the server rejects their requests.",
		"parameters: [{name: limit, in: query, required: true}] (new)", "parameters: [{name: limit, in: query, required: false}]",
		"Add the parameter as optional with a server-side default.", sevErr, sevOff)
	ruleParamRemoved = rule("SC-API003", "api-parameter-removed",
		"A parameter was removed or moved to another location (in).",
		"Clients keep sending it; the server ignores or rejects it, silently changing behaviour.",
		"{name: limit, in: query} removed", "keep accepting the parameter and deprecate it",
		"Keep accepting the parameter; deprecate it first.", sevWarn, sevOff)
	ruleRequestBodyRequired = rule("SC-API004", "api-request-body-required",
		"A request body became required.",
		"Clients that sent no body are now rejected.",
		"requestBody: {required: true} (was false)", "requestBody: {required: false}",
		"Keep the body optional.", sevErr, sevOff)
	ruleStatusRemoved = rule("SC-API005", "api-response-status-removed",
		"A documented success response status code was removed.",
		"Clients that branch on the status code no longer get the response they handle.",
		"responses: {200: …} → responses: {201: …}", "responses: {200: …, 201: …}",
		"Keep returning the documented status code.", sevOff, sevErr)
	ruleMediaTypeRemoved = rule("SC-API006", "api-media-type-removed",
		"A request or response media type was removed.",
		"Clients sending that content type are rejected; clients expecting it cannot parse the response.",
		"content: {application/json: …} → content: {application/xml: …}", "content: {application/json: …, application/xml: …}",
		"Keep the media type alongside the new one.", sevErr, sevErr)
	rulePropertyRemoved = rule("SC-API007", "api-property-removed",
		"A schema property was removed.",
		"Clients reading a response property get nothing (generated clients often map even an optional one to a field; a required one is SC-API008); clients sending a request property have it ignored, or rejected by a closed model.",
		"properties: {name: …} removed", "keep the property, deprecate it",
		"Keep the property and mark it deprecated.", sevWarn, sevErr)
	ruleRequiredChanged = rule("SC-API008", "api-property-required-changed",
		"A request property became required, or a response property stopped being required.",
		"Old clients do not send the new required field; or they rely on a field the server may now omit.",
		"required: [] → required: [name] (request)", "required: [name] stays (response)",
		"Make new request properties optional; keep response properties required.", sevErr, sevErr)
	ruleTypeChanged = rule("SC-API009", "api-type-changed",
		"A schema or parameter type or format changed, or a union's branches no longer take a kind of value the other side sends.",
		"Values written by one side no longer parse on the other.",
		"type: integer → type: string", "add a new property with the new type",
		"Add a new field with the new type and deprecate the old one.", sevErr, sevErr)
	ruleEnumRemoved = rule("SC-API010", "api-enum-value-removed",
		"An enum value was removed.",
		"Requests still sending the value are rejected by the server.",
		"enum: [a, b] → enum: [a] (request)", "enum: [a, b]",
		"Keep accepting the value.", sevErr, sevInfo)
	ruleEnumAdded = rule("SC-API011", "api-enum-value-added",
		"An enum value was added to a response.",
		"Clients generated with strict enums (Dart, Swift, some Java) fail to decode a response with an unknown value.",
		"enum: [a] → enum: [a, b] (response)", "document that clients must tolerate unknown values, then add",
		"Only add response enum values when clients tolerate unknown values (reader tolerance setting).", sevInfo, sevErr)
	ruleBoundsChanged = rule("SC-API012", "api-constraint-changed",
		"A constraint was narrowed for requests or widened for responses: bounds, lengths, pattern, enum or const, multipleOf, uniqueItems, array and object sizes, contains, dependentRequired and dependentSchemas, if/then/else, not, propertyNames, content encoding, media type and schema. An error with a witness; a warning when none decides it.",
		"Requests valid before are rejected; responses may carry values clients do not accept.",
		"maxLength: 100 → maxLength: 50 (request)", "maxLength: 100",
		"Narrow request constraints and widen response constraints only with a new field.", sevErr, sevErr)
	ruleNullableChanged = rule("SC-API013", "api-nullable-changed",
		"A response property became nullable, or a request property stopped being nullable.",
		"Clients that do not expect null crash on it; clients sending null are rejected.",
		"nullable: false → nullable: true (response)", "nullable: false",
		"Keep nullability as it was; add a new field instead.", sevErr, sevErr)
	ruleAdditionalProps = rule("SC-API014", "api-additional-properties-narrowed",
		"additionalProperties became false on a request schema.",
		"Clients sending extra properties are rejected.",
		"additionalProperties: true → false (request)", "additionalProperties: true",
		"Keep accepting additional properties.", sevErr, sevOff)
)

var allRules = []ruleDef{
	ruleOperationRemoved, ruleRequiredParamAdded, ruleParamRemoved, ruleRequestBodyRequired,
	ruleStatusRemoved, ruleMediaTypeRemoved, rulePropertyRemoved, ruleRequiredChanged,
	ruleTypeChanged, ruleEnumRemoved, ruleEnumAdded, ruleBoundsChanged, ruleNullableChanged,
	ruleAdditionalProps,
}

// Rules returns the metadata of every OpenAPI rule in ID order.
func Rules() []finding.Rule {
	out := make([]finding.Rule, len(allRules))
	for i, r := range allRules {
		out[i] = r.Rule
	}
	return out
}

var ruleBranchChanged = rule("SC-API015", "api-composition-branch-changed",
	"A oneOf/anyOf branch was removed from a request schema or added to a response schema, or values match two branches of a oneOf. An error with a witness; a warning when the other branches still accept the branch's values.",
	"Requests matching the removed branch are rejected; clients cannot decode the new response shape.",
	"oneOf: [Card, Bank] → oneOf: [Card] (request)", "oneOf: [Card, Bank]",
	"Keep request branches; add response branches only when clients tolerate unknown shapes.", sevErr, sevErr)

var (
	ruleHeaderRemoved = rule("SC-API016", "api-response-header-removed",
		"A response header was removed or stopped being required.",
		"Clients reading the header (rate limits, pagination links, ETags) no longer get it.",
		"headers: {X-Rate-Limit: …} removed", "keep the header, deprecate it",
		"Keep sending the header; deprecate it first.", sevErr, sevErr)
	ruleSecurityChanged = rule("SC-API017", "api-security-changed",
		"A security requirement was added, one the clients use was removed, or a scope was added to one.",
		"Old clients do not send the new credentials or lack the new scope, so the server rejects them.",
		"security: [] → security: [{oauth: [write]}]", "security: [{oauth: [read]}, {oauth: [read, write]}]",
		"Keep the old requirement as an alternative until clients have the new credentials.", sevErr, sevOff)
	ruleDefaultChanged = rule("SC-API018", "api-default-changed",
		"A request default value changed, was added or was removed.",
		"Clients that omit the value relied on the old default; the server now behaves differently for them.",
		"limit: {default: 20} → {default: 100}", "limit: {default: 20}",
		"Keep the default; add a new parameter for the new behaviour.", sevWarn, sevOff)
	ruleAccessChanged = rule("SC-API019", "api-read-write-only-changed",
		"A request property became readOnly, or a response property became writeOnly.",
		"Clients sending a readOnly property have it ignored or rejected; clients reading a writeOnly property no longer get it.",
		"id: {readOnly: true} (request, new)", "id stays writable",
		"Add a new property instead of changing who may write or read this one.", sevWarn, sevWarn)
	ruleDiscriminatorChanged = rule("SC-API020", "api-discriminator-changed",
		"A discriminator's property name changed, or a mapping value was removed or changed.",
		"Readers pick the variant by the discriminator; a changed name or mapping makes them decode the wrong shape or fail.",
		"discriminator: {propertyName: type} → {propertyName: kind}", "discriminator: {propertyName: type}",
		"Keep the discriminator and its mapping; add mappings only.", sevErr, sevErr)
	rulePropertyAdded = rule("SC-API021", "api-response-property-added",
		"A property was added to a response read by clients that reject unknown properties.",
		"Strict decoders (reader tolerance unknown_properties: false) fail on a property they do not know.",
		"properties: {id, name} → {id, name, email} (response, strict client)", "add the property after the strict clients tolerate unknown properties",
		"Make the clients ignore unknown properties, or add the property in a new version of the response.", sevOff, sevErr)
)

func init() {
	allRules = append(allRules, ruleBranchChanged, ruleHeaderRemoved, ruleSecurityChanged,
		ruleDefaultChanged, ruleAccessChanged, ruleDiscriminatorChanged, rulePropertyAdded)
}

var (
	ruleSecuritySchemeChanged = rule("SC-API022", "api-security-scheme-changed",
		"A security scheme in components/securitySchemes changed its type, API key name or location, HTTP scheme, or OAuth/OpenID Connect URLs.",
		"Clients send credentials the way the scheme said: under the old header name, in the old place, with the old scheme, or obtained from the old token URL. The server now looks elsewhere.",
		"apiKey: {in: header, name: X-API-Key} → {in: query, name: api_key}", "add a second scheme and accept both until clients move",
		"Add the new scheme beside the old one, accept either, and remove the old one after clients have moved.", sevErr, sevOff)
	ruleStabilityDecreased = rule("SC-API023", "api-stability-decreased",
		"An operation's or property's x-stability-level was lowered (stable → beta → alpha → draft), or is not one of those four values.",
		"A stability level is a promise of how long the API stays as it is; lowering it takes back the promise clients built on. An unknown level makes the promise unreadable.",
		"x-stability-level: stable → beta", "x-stability-level: stable (a new operation for the beta behaviour)",
		"Keep the level, or raise it; write draft, alpha, beta or stable.", sevErr, sevErr)
	ruleDeprecationPolicy = rule("SC-API024", "api-deprecation-policy",
		"A deprecation broke its sunset promise: a parameter or property removed before its x-sunset date, or x-sunset removed while still deprecated, not a date, moved earlier, or sooner than the minimum notice.",
		"Clients plan their migration by the x-sunset date; removing it, making it unreadable or moving it closer shortens the notice they were given.",
		"deprecated: true, x-sunset: 2030-01-01 → deprecated: true (x-sunset removed)", "deprecated: true, x-sunset: 2030-01-01",
		"Keep the x-sunset date, or move it later; write it as YYYY-MM-DD.", sevErr, sevErr)
	ruleServerChanged = rule("SC-API025", "api-server-changed",
		"A server URL an operation was served at was removed: its base path changed (error), or only its host (warning).",
		"Clients call the base URL the document gave them (generated clients take it as their default). A path prefix that changed (Swagger basePath, or the path of a server URL) moves every operation, so their calls now miss; a host that changed may only be a deployment detail clients configure themselves.",
		"servers: [{url: https://api.example.com/v1}] → [{url: https://api.example.com/v2}]",
		"servers: [{url: https://api.example.com/v1}, {url: https://api.example.com/v2}]",
		"Keep serving the old base URL beside the new one until clients have moved.", sevErr, sevOff)
	ruleStyleChanged = rule("SC-API026", "api-parameter-style-changed",
		"A parameter's style or explode changed (or a form-encoded body property's encoding), so some value it takes is written differently.",
		"Clients keep writing the parameter the old way: an array sent as ids=a&ids=b is read as one value once explode is false (the server expects ids=a,b), a path value .a as a literal dot once the label style became simple. The schema did not change, so no schema comparison sees it.",
		"{name: ids, in: query, schema: {type: array}} → {name: ids, in: query, explode: false, schema: {type: array}}",
		"keep style and explode; take the other form under a new parameter",
		"Keep the parameter's style and explode; accept the other form under a new parameter.", sevErr, sevOff)
)

func init() {
	allRules = append(allRules, ruleSecuritySchemeChanged, ruleStabilityDecreased, ruleDeprecationPolicy, ruleServerChanged, ruleStyleChanged)
}
