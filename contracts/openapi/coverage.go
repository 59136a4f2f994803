package openapi

import (
	"fmt"
	"strings"
)

// This file is the coverage table: for every check oasdiff reports at ERR
// or WARN, the schemacheck rules that report the same change and the
// fixture (testdata/cases/NAME/{old,new}.yaml) that proves it, or why
// schemacheck deliberately differs. COVERAGE.md is generated from it
// (go generate); coverage_test.go fails on a covered row whose fixture does
// not make schemacheck report one of its rules at the check's level, and,
// with oasdiff installed, on a fixture where oasdiff does not report the
// check, or on a table that no longer lists exactly oasdiff's checks.

// OasdiffVersion is the oasdiff release the table describes.
const OasdiffVersion = "v1.35.0"

// OasdiffCheck is one oasdiff check and how schemacheck covers it.
type OasdiffCheck struct {
	ID    string // oasdiff's check ID
	Level string // "error" or "warning", as oasdiff reports it by default
	// Rules are the schemacheck rules that report the same change; nil
	// when schemacheck deliberately differs (Note says why).
	Rules []string
	// Fixture names the case under testdata/coverage on which oasdiff
	// reports this check and schemacheck one of Rules for the same operation.
	Fixture string
	Note    string
}

const (
	levelError   = "error"
	levelWarning = "warning"
)

func covered(rules ...ruleDef) []string {
	ids := make([]string, len(rules))
	for i, r := range rules {
		ids[i] = r.ID
	}
	return ids
}

const (
	noteFalseResponse  = "a response schema that became false promises no valid body of that media type any more: as if the media type were removed (SC-API006), though no response an old client reads is rejected, so there is no witness"
	notePattern        = "a pattern added or changed narrows requests and a pattern removed or changed widens responses; regex containment is not proven, so any change is reported"
	noteEnumAdded      = "an error unless clients tolerate unknown enum values (clients[].tolerance.unknown_enum_values)"
	noteConst          = "const (3.1) is compared as a one-value enum"
	noteGlobalSecurity = "oasdiff reports a change of the document's security list here only when no operation inherits it, and then at info; where operations inherit it, each operation's effective requirement is compared (SC-API017, api-security-*). A list no operation uses breaks no one"
	noteOverlap        = "the original schema stays a oneOf branch, so old bodies still match it; the schema engine reports the change only when a body matches two branches (a witness), as request-body-wrapped-in-one-of"
	notePathParameter  = "declaring a parameter the path template already has changes nothing on the wire: clients already send the value in the URL"
	noteAllOf          = "an allOf branch narrows by what it asserts: the schema engine reports that assertion with its own rule and a witness (the fixture's branch requires a property: SC-API008)"
	noteUnionBranch    = "a oneOf/anyOf branch whose values another branch still accepts is reported as a warning (no data is rejected; readers that tell branches apart meet a shape they do not know); an error, with a witness, when no branch accepts them"
	noteRequiredGone   = "a required response property the server no longer sends is an error of SC-API008 with a witness (a response without it); an optional one removed is an error of SC-API007 by design (see below), with no witness since no response is rejected"
	noteBodiless       = "not where the response has no content whatever the document says (a 1xx, 204 or 304 status, or any response to HEAD; RFC 9110): oasdiff reports it there too, but no client ever received that body"
	noteWrapped        = "the schema engine reports what the union lets the server omit or change, with a witness (the fixture's branches each drop a required property: SC-API008)"
)

// OasdiffChecks returns the coverage table, in oasdiff's order of check IDs.
func OasdiffChecks() []OasdiffCheck { return oasdiffChecks }

var oasdiffChecks = []OasdiffCheck{
	{"api-deprecated-sunset-missing", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"api-deprecated-sunset-parse", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"api-global-security-removed", levelError, nil, "", noteGlobalSecurity},
	{"api-global-security-scope-added", levelError, nil, "", noteGlobalSecurity},
	{"api-invalid-stability-level", levelError, covered(ruleStabilityDecreased), "oasdiff-stability", ""},
	{"api-path-removed-before-sunset", levelError, covered(ruleOperationRemoved), "oasdiff-operation-removed", ""},
	{"api-path-removed-without-deprecation", levelError, covered(ruleOperationRemoved), "oasdiff-operation-removed", ""},
	{"api-path-sunset-parse", levelError, covered(ruleOperationRemoved, ruleDeprecationPolicy), "oasdiff-operation-removed", ""},
	{"api-removed-before-sunset", levelError, covered(ruleOperationRemoved), "oasdiff-operation-removed", ""},
	{"api-removed-without-deprecation", levelError, covered(ruleOperationRemoved), "oasdiff-operation-removed", ""},
	{"api-security-anonymous-access-removed", levelError, covered(ruleSecurityChanged), "oasdiff-security", ""},
	{"api-security-component-api-key-in-changed", levelError, covered(ruleSecuritySchemeChanged), "oasdiff-security-schemes", ""},
	{"api-security-component-api-key-name-changed", levelError, covered(ruleSecuritySchemeChanged), "oasdiff-security-schemes", ""},
	{"api-security-component-http-scheme-changed", levelError, covered(ruleSecuritySchemeChanged), "oasdiff-security-schemes", ""},
	{"api-security-component-oauth-refresh-url-changed", levelWarning, covered(ruleSecuritySchemeChanged), "oasdiff-security-schemes", ""},
	{"api-security-component-oauth-token-url-changed", levelWarning, covered(ruleSecuritySchemeChanged), "oasdiff-security-schemes", ""},
	{"api-security-component-oauth-url-changed", levelWarning, covered(ruleSecuritySchemeChanged), "oasdiff-security-schemes", ""},
	{"api-security-component-openid-connect-url-changed", levelWarning, covered(ruleSecuritySchemeChanged), "oasdiff-security-schemes", ""},
	{"api-security-component-type-changed", levelError, covered(ruleSecuritySchemeChanged), "oasdiff-security-schemes", ""},
	{"api-security-removed", levelError, covered(ruleSecurityChanged), "oasdiff-security", ""},
	{"api-security-scope-added", levelError, covered(ruleSecurityChanged), "oasdiff-security", ""},
	{"api-stability-decreased", levelError, covered(ruleStabilityDecreased), "oasdiff-stability", ""},
	{"api-sunset-date-changed-too-small", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"api-sunset-date-too-small", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"new-request-path-parameter", levelError, nil, "", notePathParameter},
	{"new-required-request-default-parameter-to-existing-path", levelError, covered(ruleRequiredParamAdded), "oasdiff-parameters", ""},
	{"new-required-request-header-property", levelError, covered(ruleRequiredChanged), "oasdiff-required-property", ""},
	{"new-required-request-parameter", levelError, covered(ruleRequiredParamAdded), "oasdiff-parameters", ""},
	{"new-required-request-property", levelError, covered(ruleRequiredChanged), "oasdiff-required-property", ""},
	{"new-required-request-property-with-default", levelError, covered(ruleRequiredChanged), "oasdiff-required-property", ""},
	{"request-body-added-required", levelError, covered(ruleRequestBodyRequired), "oasdiff-request-body", ""},
	{"request-body-all-of-added", levelError, covered(ruleBranchChanged, ruleRequiredChanged), "oasdiff-composition", noteAllOf},
	{"request-body-any-of-removed", levelError, covered(ruleBranchChanged, ruleTypeChanged), "oasdiff-composition", noteUnionBranch},
	{"request-body-became-enum", levelError, covered(ruleBoundsChanged), "oasdiff-enum", ""},
	{"request-body-became-not-nullable", levelError, covered(ruleNullableChanged), "oasdiff-nullable", ""},
	{"request-body-became-required", levelError, covered(ruleRequestBodyRequired), "oasdiff-request-body", ""},
	{"request-body-const-added", levelError, covered(ruleEnumRemoved, ruleBoundsChanged), "oasdiff-const", noteConst},
	{"request-body-const-changed", levelError, covered(ruleEnumRemoved, ruleEnumAdded, ruleBoundsChanged), "oasdiff-const", noteConst},
	{"request-body-contains-added", levelError, covered(ruleBoundsChanged), "engine-contains", ""},
	{"request-body-content-encoding-changed", levelError, covered(ruleBoundsChanged), "engine-content", ""},
	{"request-body-content-media-type-changed", levelError, covered(ruleBoundsChanged), "engine-content", ""},
	{"request-body-content-schema-added", levelError, covered(ruleBoundsChanged), "engine-content", ""},
	{"request-body-dependent-required-added", levelError, covered(ruleBoundsChanged), "engine-dependent", ""},
	{"request-body-dependent-required-changed", levelError, covered(ruleBoundsChanged), "engine-dependent", ""},
	{"request-body-dependent-schema-added", levelError, covered(ruleBoundsChanged), "engine-dependent", ""},
	{"request-body-else-added", levelError, covered(ruleBoundsChanged), "engine-conditional", ""},
	{"request-body-enum-value-removed", levelError, covered(ruleEnumRemoved), "oasdiff-enum", ""},
	{"request-body-exclusive-max-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-maximum", ""},
	{"request-body-exclusive-max-set", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-maximum", ""},
	{"request-body-exclusive-min-increased", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-minimum", ""},
	{"request-body-exclusive-min-set", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-minimum", ""},
	{"request-body-if-added", levelError, covered(ruleBoundsChanged), "engine-conditional", ""},
	{"request-body-list-of-types-narrowed", levelError, covered(ruleTypeChanged, ruleBranchChanged), "oasdiff-type", ""},
	{"request-body-max-contains-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-max-contains", ""},
	{"request-body-max-contains-set", levelError, covered(ruleBoundsChanged), "oasdiff-max-contains", ""},
	{"request-body-max-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-maximum", ""},
	{"request-body-max-items-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-max-items", ""},
	{"request-body-max-items-set", levelError, covered(ruleBoundsChanged), "oasdiff-max-items", ""},
	{"request-body-max-length-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-max-length", ""},
	{"request-body-max-length-set", levelError, covered(ruleBoundsChanged), "oasdiff-max-length", ""},
	{"request-body-max-properties-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-max-properties", ""},
	{"request-body-max-properties-set", levelError, covered(ruleBoundsChanged), "oasdiff-max-properties", ""},
	{"request-body-max-set", levelError, covered(ruleBoundsChanged), "oasdiff-maximum", ""},
	{"request-body-media-type-item-schema-added", levelError, covered(ruleBoundsChanged), "oasdiff-item-schema", ""},
	{"request-body-media-type-removed", levelError, covered(ruleMediaTypeRemoved), "oasdiff-media-types", ""},
	{"request-body-media-type-schema-added", levelError, covered(ruleBoundsChanged), "oasdiff-media-types", ""},
	{"request-body-min-contains-increased", levelError, covered(ruleBoundsChanged), "oasdiff-min-contains", ""},
	{"request-body-min-contains-set", levelError, covered(ruleBoundsChanged), "oasdiff-min-contains", ""},
	{"request-body-min-increased", levelError, covered(ruleBoundsChanged), "oasdiff-minimum", ""},
	{"request-body-min-items-increased", levelError, covered(ruleBoundsChanged), "oasdiff-min-items", ""},
	{"request-body-min-items-set", levelError, covered(ruleBoundsChanged), "oasdiff-min-items", ""},
	{"request-body-min-length-increased", levelError, covered(ruleBoundsChanged), "oasdiff-min-length", ""},
	{"request-body-min-length-set", levelError, covered(ruleBoundsChanged), "oasdiff-min-length", ""},
	{"request-body-min-properties-increased", levelError, covered(ruleBoundsChanged), "oasdiff-min-properties", ""},
	{"request-body-min-properties-set", levelError, covered(ruleBoundsChanged), "oasdiff-min-properties", ""},
	{"request-body-min-set", levelError, covered(ruleBoundsChanged), "oasdiff-minimum", ""},
	{"request-body-multiple-of-changed", levelError, covered(ruleBoundsChanged), "oasdiff-multiple-of", ""},
	{"request-body-multiple-of-set", levelError, covered(ruleBoundsChanged), "oasdiff-multiple-of", ""},
	{"request-body-one-of-removed", levelError, covered(ruleBranchChanged, ruleTypeChanged), "oasdiff-composition", noteUnionBranch},
	{"request-body-pattern-property-added", levelError, covered(ruleTypeChanged, ruleBoundsChanged, ruleAdditionalProps, rulePropertyAdded), "engine-pattern-properties", ""},
	{"request-body-prefix-items-added", levelWarning, covered(ruleTypeChanged, ruleBoundsChanged), "engine-prefix-items", ""},
	{"request-body-prefix-items-removed", levelWarning, covered(ruleTypeChanged, ruleBoundsChanged), "engine-prefix-items", ""},
	{"request-body-property-names-added", levelError, covered(ruleBoundsChanged), "engine-property-names", ""},
	{"request-body-removed", levelError, covered(ruleMediaTypeRemoved), "oasdiff-request-body", ""},
	{"request-body-schema-became-false", levelError, covered(ruleTypeChanged, rulePropertyRemoved, ruleBoundsChanged), "engine-boolean-schema", ""},
	{"request-body-then-added", levelError, covered(ruleBoundsChanged), "engine-conditional", ""},
	{"request-body-type-changed", levelError, covered(ruleTypeChanged), "oasdiff-type", ""},
	{"request-body-unevaluated-items-added", levelError, covered(ruleTypeChanged, ruleBoundsChanged, ruleAdditionalProps, rulePropertyAdded), "engine-unevaluated", ""},
	{"request-body-unevaluated-properties-added", levelError, covered(ruleTypeChanged, ruleBoundsChanged, ruleAdditionalProps, rulePropertyAdded), "engine-unevaluated", ""},
	{"request-body-unique-items-set", levelError, covered(ruleBoundsChanged), "oasdiff-unique-items", ""},
	{"request-body-wrapped-in-one-of", levelError, covered(ruleBranchChanged), "oasdiff-composition", ""},
	{"request-body-wrapped-in-one-of-original-preserved", levelWarning, nil, "", noteOverlap},
	{"request-header-property-became-enum", levelError, covered(ruleBoundsChanged), "oasdiff-enum", ""},
	{"request-header-property-became-required", levelError, covered(ruleRequiredChanged), "oasdiff-required-property", ""},
	{"request-optional-property-became-read-only", levelWarning, covered(ruleAccessChanged), "oasdiff-read-write-only", ""},
	{"request-parameter-became-enum", levelError, covered(ruleBoundsChanged), "oasdiff-enum", ""},
	{"request-parameter-became-not-nullable", levelError, covered(ruleNullableChanged), "oasdiff-nullable", ""},
	{"request-parameter-became-required", levelError, covered(ruleRequiredParamAdded), "oasdiff-parameters", ""},
	{"request-parameter-deprecated-sunset-missing", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"request-parameter-enum-value-removed", levelError, covered(ruleEnumRemoved), "oasdiff-enum", ""},
	{"request-parameter-exclusive-max-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-maximum", ""},
	{"request-parameter-exclusive-max-set", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-maximum", ""},
	{"request-parameter-exclusive-min-increased", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-minimum", ""},
	{"request-parameter-exclusive-min-set", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-minimum", ""},
	{"request-parameter-list-of-types-narrowed", levelError, covered(ruleTypeChanged, ruleBranchChanged), "oasdiff-type", ""},
	{"request-parameter-max-contains-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-max-contains", ""},
	{"request-parameter-max-contains-set", levelError, covered(ruleBoundsChanged), "oasdiff-max-contains", ""},
	{"request-parameter-max-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-maximum", ""},
	{"request-parameter-max-items-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-max-items", ""},
	{"request-parameter-max-items-set", levelError, covered(ruleBoundsChanged), "oasdiff-max-items", ""},
	{"request-parameter-max-length-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-max-length", ""},
	{"request-parameter-max-length-set", levelError, covered(ruleBoundsChanged), "oasdiff-max-length", ""},
	{"request-parameter-max-properties-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-max-properties", ""},
	{"request-parameter-max-properties-set", levelError, covered(ruleBoundsChanged), "oasdiff-max-properties", ""},
	{"request-parameter-max-set", levelError, covered(ruleBoundsChanged), "oasdiff-maximum", ""},
	{"request-parameter-min-contains-increased", levelError, covered(ruleBoundsChanged), "oasdiff-min-contains", ""},
	{"request-parameter-min-contains-set", levelError, covered(ruleBoundsChanged), "oasdiff-min-contains", ""},
	{"request-parameter-min-increased", levelError, covered(ruleBoundsChanged), "oasdiff-minimum", ""},
	{"request-parameter-min-items-increased", levelError, covered(ruleBoundsChanged), "oasdiff-min-items", ""},
	{"request-parameter-min-items-set", levelError, covered(ruleBoundsChanged), "oasdiff-min-items", ""},
	{"request-parameter-min-length-increased", levelError, covered(ruleBoundsChanged), "oasdiff-min-length", ""},
	{"request-parameter-min-length-set", levelError, covered(ruleBoundsChanged), "oasdiff-min-length", ""},
	{"request-parameter-min-properties-increased", levelError, covered(ruleBoundsChanged), "oasdiff-min-properties", ""},
	{"request-parameter-min-properties-set", levelError, covered(ruleBoundsChanged), "oasdiff-min-properties", ""},
	{"request-parameter-min-set", levelError, covered(ruleBoundsChanged), "oasdiff-minimum", ""},
	{"request-parameter-multiple-of-set", levelError, covered(ruleBoundsChanged), "oasdiff-multiple-of", ""},
	{"request-parameter-pattern-added", levelError, covered(ruleBoundsChanged), "oasdiff-pattern", notePattern},
	{"request-parameter-pattern-changed", levelWarning, covered(ruleBoundsChanged), "oasdiff-pattern", notePattern},
	{"request-parameter-property-became-not-nullable", levelError, covered(ruleNullableChanged), "oasdiff-nullable", ""},
	{"request-parameter-property-enum-value-removed", levelError, covered(ruleEnumRemoved), "oasdiff-enum", ""},
	{"request-parameter-property-list-of-types-narrowed", levelError, covered(ruleTypeChanged, ruleBranchChanged), "oasdiff-type", ""},
	{"request-parameter-property-schema-became-false", levelError, covered(ruleTypeChanged, rulePropertyRemoved, ruleBoundsChanged), "engine-boolean-schema", ""},
	{"request-parameter-property-type-changed", levelWarning, covered(ruleTypeChanged), "oasdiff-type", ""},
	{"request-parameter-property-type-specialized", levelError, covered(ruleTypeChanged), "oasdiff-type", ""},
	{"request-parameter-removed", levelWarning, covered(ruleParamRemoved), "oasdiff-parameters", ""},
	{"request-parameter-removed-before-sunset", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"request-parameter-schema-became-false", levelError, covered(ruleTypeChanged, rulePropertyRemoved, ruleBoundsChanged), "engine-boolean-schema", ""},
	{"request-parameter-sunset-date-changed-too-small", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"request-parameter-sunset-date-too-small", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"request-parameter-sunset-deleted", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"request-parameter-sunset-parse", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"request-parameter-type-changed", levelError, covered(ruleTypeChanged), "oasdiff-type", ""},
	{"request-parameter-x-extensible-enum-value-removed", levelError, covered(ruleEnumRemoved), "oasdiff-x-extensible-enum", ""},
	{"request-property-all-of-added", levelError, covered(ruleBranchChanged, ruleRequiredChanged), "oasdiff-composition", noteAllOf},
	{"request-property-any-of-removed", levelError, covered(ruleBranchChanged, ruleTypeChanged), "oasdiff-composition", noteUnionBranch},
	{"request-property-became-enum", levelError, covered(ruleBoundsChanged), "oasdiff-enum", ""},
	{"request-property-became-not-nullable", levelError, covered(ruleNullableChanged), "oasdiff-nullable", ""},
	{"request-property-became-required", levelError, covered(ruleRequiredChanged), "oasdiff-required-property", ""},
	{"request-property-became-required-with-default", levelError, covered(ruleRequiredChanged), "oasdiff-required-property", ""},
	{"request-property-const-added", levelError, covered(ruleEnumRemoved, ruleBoundsChanged), "oasdiff-const", noteConst},
	{"request-property-const-changed", levelError, covered(ruleEnumRemoved, ruleEnumAdded, ruleBoundsChanged), "oasdiff-const", noteConst},
	{"request-property-contains-added", levelError, covered(ruleBoundsChanged), "engine-contains", ""},
	{"request-property-content-encoding-changed", levelError, covered(ruleBoundsChanged), "engine-content", ""},
	{"request-property-content-media-type-changed", levelError, covered(ruleBoundsChanged), "engine-content", ""},
	{"request-property-content-schema-added", levelError, covered(ruleBoundsChanged), "engine-content", ""},
	{"request-property-dependent-required-added", levelError, covered(ruleBoundsChanged), "engine-dependent", ""},
	{"request-property-dependent-required-changed", levelError, covered(ruleBoundsChanged), "engine-dependent", ""},
	{"request-property-dependent-schema-added", levelError, covered(ruleBoundsChanged), "engine-dependent", ""},
	{"request-property-deprecated-sunset-invalid", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"request-property-deprecated-sunset-missing", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"request-property-else-added", levelError, covered(ruleBoundsChanged), "engine-conditional", ""},
	{"request-property-enum-value-removed", levelError, covered(ruleEnumRemoved), "oasdiff-enum", ""},
	{"request-property-exclusive-max-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-maximum", ""},
	{"request-property-exclusive-max-set", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-maximum", ""},
	{"request-property-exclusive-min-increased", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-minimum", ""},
	{"request-property-exclusive-min-set", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-minimum", ""},
	{"request-property-if-added", levelError, covered(ruleBoundsChanged), "engine-conditional", ""},
	{"request-property-list-of-types-narrowed", levelError, covered(ruleTypeChanged, ruleBranchChanged), "oasdiff-type", ""},
	{"request-property-max-contains-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-max-contains", ""},
	{"request-property-max-contains-set", levelError, covered(ruleBoundsChanged), "oasdiff-max-contains", ""},
	{"request-property-max-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-maximum", ""},
	{"request-property-max-items-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-max-items", ""},
	{"request-property-max-items-set", levelError, covered(ruleBoundsChanged), "oasdiff-max-items", ""},
	{"request-property-max-length-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-max-length", ""},
	{"request-property-max-length-set", levelError, covered(ruleBoundsChanged), "oasdiff-max-length", ""},
	{"request-property-max-properties-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-max-properties", ""},
	{"request-property-max-properties-set", levelError, covered(ruleBoundsChanged), "oasdiff-max-properties", ""},
	{"request-property-max-set", levelError, covered(ruleBoundsChanged), "oasdiff-maximum", ""},
	{"request-property-min-contains-increased", levelError, covered(ruleBoundsChanged), "oasdiff-min-contains", ""},
	{"request-property-min-contains-set", levelError, covered(ruleBoundsChanged), "oasdiff-min-contains", ""},
	{"request-property-min-increased", levelError, covered(ruleBoundsChanged), "oasdiff-minimum", ""},
	{"request-property-min-items-increased", levelError, covered(ruleBoundsChanged), "oasdiff-min-items", ""},
	{"request-property-min-items-set", levelError, covered(ruleBoundsChanged), "oasdiff-min-items", ""},
	{"request-property-min-length-increased", levelError, covered(ruleBoundsChanged), "oasdiff-min-length", ""},
	{"request-property-min-length-set", levelError, covered(ruleBoundsChanged), "oasdiff-min-length", ""},
	{"request-property-min-properties-increased", levelError, covered(ruleBoundsChanged), "oasdiff-min-properties", ""},
	{"request-property-min-properties-set", levelError, covered(ruleBoundsChanged), "oasdiff-min-properties", ""},
	{"request-property-min-set", levelError, covered(ruleBoundsChanged), "oasdiff-minimum", ""},
	{"request-property-multiple-of-changed", levelError, covered(ruleBoundsChanged), "oasdiff-multiple-of", ""},
	{"request-property-multiple-of-set", levelError, covered(ruleBoundsChanged), "oasdiff-multiple-of", ""},
	{"request-property-one-of-removed", levelError, covered(ruleBranchChanged, ruleTypeChanged), "oasdiff-composition", noteUnionBranch},
	{"request-property-pattern-added", levelError, covered(ruleBoundsChanged), "oasdiff-pattern", notePattern},
	{"request-property-pattern-changed", levelWarning, covered(ruleBoundsChanged), "oasdiff-pattern", notePattern},
	{"request-property-pattern-property-added", levelError, covered(ruleTypeChanged, ruleBoundsChanged, ruleAdditionalProps, rulePropertyAdded), "engine-pattern-properties", ""},
	{"request-property-prefix-items-added", levelWarning, covered(ruleTypeChanged, ruleBoundsChanged), "engine-prefix-items", ""},
	{"request-property-prefix-items-removed", levelWarning, covered(ruleTypeChanged, ruleBoundsChanged), "engine-prefix-items", ""},
	{"request-property-property-names-added", levelError, covered(ruleBoundsChanged), "engine-property-names", ""},
	{"request-property-removed", levelWarning, covered(rulePropertyRemoved), "oasdiff-property-removed", ""},
	{"request-property-removed-before-sunset", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"request-property-schema-became-false", levelError, covered(ruleTypeChanged, rulePropertyRemoved, ruleBoundsChanged), "engine-boolean-schema", ""},
	{"request-property-stability-decreased", levelError, covered(ruleStabilityDecreased), "oasdiff-stability", ""},
	{"request-property-sunset-date-too-small", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"request-property-then-added", levelError, covered(ruleBoundsChanged), "engine-conditional", ""},
	{"request-property-type-changed", levelError, covered(ruleTypeChanged), "oasdiff-type", ""},
	{"request-property-unevaluated-items-added", levelError, covered(ruleTypeChanged, ruleBoundsChanged, ruleAdditionalProps, rulePropertyAdded), "engine-unevaluated", ""},
	{"request-property-unevaluated-properties-added", levelError, covered(ruleTypeChanged, ruleBoundsChanged, ruleAdditionalProps, rulePropertyAdded), "engine-unevaluated", ""},
	{"request-property-unique-items-set", levelError, covered(ruleBoundsChanged), "oasdiff-unique-items", ""},
	{"request-property-x-extensible-enum-value-removed", levelError, covered(ruleEnumRemoved), "oasdiff-x-extensible-enum", ""},
	{"request-required-property-became-not-read-only", levelError, covered(ruleRequiredChanged), "oasdiff-read-write-only", ""},
	{"request-required-property-became-read-only", levelWarning, covered(ruleAccessChanged), "oasdiff-read-write-only", ""},
	{"required-response-header-removed", levelError, covered(ruleHeaderRemoved), "oasdiff-response-header", ""},
	{"response-body-all-of-removed", levelError, covered(ruleBranchChanged, ruleRequiredChanged), "oasdiff-composition", noteAllOf},
	{"response-body-any-of-added", levelError, covered(ruleBranchChanged, ruleTypeChanged), "oasdiff-composition", noteUnionBranch},
	{"response-body-became-nullable", levelError, covered(ruleNullableChanged), "oasdiff-nullable", ""},
	{"response-body-const-changed", levelError, covered(ruleEnumRemoved, ruleEnumAdded, ruleBoundsChanged), "oasdiff-const", noteConst},
	{"response-body-const-removed", levelError, covered(ruleEnumRemoved, ruleBoundsChanged), "oasdiff-const", noteConst},
	{"response-body-contains-removed", levelError, covered(ruleBoundsChanged), "engine-contains", ""},
	{"response-body-content-encoding-changed", levelError, covered(ruleBoundsChanged), "engine-content", ""},
	{"response-body-content-media-type-changed", levelError, covered(ruleBoundsChanged), "engine-content", ""},
	{"response-body-content-schema-removed", levelError, covered(ruleBoundsChanged), "engine-content", ""},
	{"response-body-dependent-required-changed", levelError, covered(ruleBoundsChanged), "engine-dependent", ""},
	{"response-body-dependent-required-removed", levelError, covered(ruleBoundsChanged), "engine-dependent", ""},
	{"response-body-dependent-schema-removed", levelError, covered(ruleBoundsChanged), "engine-dependent", ""},
	{"response-body-else-removed", levelError, covered(ruleBoundsChanged), "engine-conditional", ""},
	{"response-body-exclusive-max-increased", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-maximum", ""},
	{"response-body-exclusive-max-unset", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-maximum", ""},
	{"response-body-exclusive-min-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-minimum", ""},
	{"response-body-exclusive-min-unset", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-minimum", ""},
	{"response-body-if-removed", levelError, covered(ruleBoundsChanged), "engine-conditional", ""},
	{"response-body-list-of-types-widened", levelError, covered(ruleTypeChanged, ruleBranchChanged), "oasdiff-type", ""},
	{"response-body-max-contains-increased", levelError, covered(ruleBoundsChanged), "oasdiff-max-contains", ""},
	{"response-body-max-contains-unset", levelError, covered(ruleBoundsChanged), "oasdiff-max-contains", ""},
	{"response-body-max-increased", levelError, covered(ruleBoundsChanged), "oasdiff-maximum", ""},
	{"response-body-max-items-increased", levelError, covered(ruleBoundsChanged), "oasdiff-max-items", ""},
	{"response-body-max-items-unset", levelError, covered(ruleBoundsChanged), "oasdiff-max-items", ""},
	{"response-body-max-length-increased", levelError, covered(ruleBoundsChanged), "oasdiff-max-length", ""},
	{"response-body-max-length-unset", levelError, covered(ruleBoundsChanged), "oasdiff-max-length", ""},
	{"response-body-max-properties-increased", levelError, covered(ruleBoundsChanged), "oasdiff-max-properties", ""},
	{"response-body-max-properties-unset", levelError, covered(ruleBoundsChanged), "oasdiff-max-properties", ""},
	{"response-body-max-unset", levelError, covered(ruleBoundsChanged), "oasdiff-maximum", ""},
	{"response-body-media-type-item-schema-removed", levelError, covered(ruleBoundsChanged), "oasdiff-item-schema", ""},
	{"response-body-media-type-item-schema-removed-untyped", levelError, covered(ruleBoundsChanged), "oasdiff-item-schema", ""},
	{"response-body-media-type-schema-removed", levelError, covered(ruleBoundsChanged), "oasdiff-media-types", ""},
	{"response-body-min-contains-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-min-contains", ""},
	{"response-body-min-contains-unset", levelError, covered(ruleBoundsChanged), "oasdiff-min-contains", ""},
	{"response-body-min-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-minimum", ""},
	{"response-body-min-items-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-min-items", ""},
	{"response-body-min-items-unset", levelError, covered(ruleBoundsChanged), "oasdiff-min-items", ""},
	{"response-body-min-length-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-min-length", ""},
	{"response-body-min-length-unset", levelError, covered(ruleBoundsChanged), "oasdiff-min-length", ""},
	{"response-body-min-properties-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-min-properties", ""},
	{"response-body-min-properties-unset", levelError, covered(ruleBoundsChanged), "oasdiff-min-properties", ""},
	{"response-body-min-unset", levelError, covered(ruleBoundsChanged), "oasdiff-minimum", ""},
	{"response-body-multiple-of-changed", levelError, covered(ruleBoundsChanged), "oasdiff-multiple-of", ""},
	{"response-body-multiple-of-unset", levelError, covered(ruleBoundsChanged), "oasdiff-multiple-of", ""},
	{"response-body-one-of-added", levelError, covered(ruleBranchChanged, ruleTypeChanged), "oasdiff-composition", noteUnionBranch},
	{"response-body-pattern-property-removed", levelError, covered(ruleTypeChanged, ruleBoundsChanged, ruleAdditionalProps, rulePropertyAdded), "engine-pattern-properties", ""},
	{"response-body-prefix-items-added", levelWarning, covered(ruleTypeChanged, ruleBoundsChanged), "engine-prefix-items", ""},
	{"response-body-prefix-items-removed", levelWarning, covered(ruleTypeChanged, ruleBoundsChanged), "engine-prefix-items", ""},
	{"response-body-property-names-removed", levelError, covered(ruleBoundsChanged), "engine-property-names", ""},
	{"response-body-schema-became-false", levelError, covered(ruleMediaTypeRemoved), "response-schema-false", noteFalseResponse},
	{"response-body-then-removed", levelError, covered(ruleBoundsChanged), "engine-conditional", ""},
	{"response-body-type-changed", levelError, covered(ruleTypeChanged), "oasdiff-type", ""},
	{"response-body-type-generalized", levelError, covered(ruleTypeChanged), "oasdiff-type", ""},
	{"response-body-unevaluated-items-removed", levelError, covered(ruleTypeChanged, ruleBoundsChanged, ruleAdditionalProps, rulePropertyAdded), "engine-unevaluated", ""},
	{"response-body-unevaluated-properties-removed", levelError, covered(ruleTypeChanged, ruleBoundsChanged, ruleAdditionalProps, rulePropertyAdded), "engine-unevaluated", ""},
	{"response-body-unique-items-unset", levelError, covered(ruleBoundsChanged), "oasdiff-unique-items", ""},
	{"response-body-wrapped-in-one-of", levelError, covered(ruleBranchChanged, ruleRequiredChanged), "oasdiff-composition", noteWrapped},
	{"response-body-wrapped-in-one-of-original-preserved", levelWarning, covered(ruleBranchChanged), "oasdiff-composition", ""},
	{"response-header-became-nullable", levelError, covered(ruleNullableChanged), "oasdiff-nullable", ""},
	{"response-header-became-optional", levelError, covered(ruleHeaderRemoved), "oasdiff-response-header", ""},
	{"response-header-exclusive-max-increased", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-maximum", ""},
	{"response-header-exclusive-max-unset", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-maximum", ""},
	{"response-header-exclusive-min-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-minimum", ""},
	{"response-header-exclusive-min-unset", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-minimum", ""},
	{"response-header-max-contains-increased", levelError, covered(ruleBoundsChanged), "oasdiff-max-contains", ""},
	{"response-header-max-contains-unset", levelError, covered(ruleBoundsChanged), "oasdiff-max-contains", ""},
	{"response-header-max-increased", levelError, covered(ruleBoundsChanged), "oasdiff-maximum", ""},
	{"response-header-max-items-increased", levelError, covered(ruleBoundsChanged), "oasdiff-max-items", ""},
	{"response-header-max-items-unset", levelError, covered(ruleBoundsChanged), "oasdiff-max-items", ""},
	{"response-header-max-length-increased", levelError, covered(ruleBoundsChanged), "oasdiff-max-length", ""},
	{"response-header-max-length-unset", levelError, covered(ruleBoundsChanged), "oasdiff-max-length", ""},
	{"response-header-max-properties-increased", levelError, covered(ruleBoundsChanged), "oasdiff-max-properties", ""},
	{"response-header-max-properties-unset", levelError, covered(ruleBoundsChanged), "oasdiff-max-properties", ""},
	{"response-header-max-unset", levelError, covered(ruleBoundsChanged), "oasdiff-maximum", ""},
	{"response-header-min-contains-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-min-contains", ""},
	{"response-header-min-contains-unset", levelError, covered(ruleBoundsChanged), "oasdiff-min-contains", ""},
	{"response-header-min-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-minimum", ""},
	{"response-header-min-items-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-min-items", ""},
	{"response-header-min-items-unset", levelError, covered(ruleBoundsChanged), "oasdiff-min-items", ""},
	{"response-header-min-length-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-min-length", ""},
	{"response-header-min-length-unset", levelError, covered(ruleBoundsChanged), "oasdiff-min-length", ""},
	{"response-header-min-properties-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-min-properties", ""},
	{"response-header-min-properties-unset", levelError, covered(ruleBoundsChanged), "oasdiff-min-properties", ""},
	{"response-header-min-unset", levelError, covered(ruleBoundsChanged), "oasdiff-minimum", ""},
	{"response-header-multiple-of-unset", levelError, covered(ruleBoundsChanged), "oasdiff-multiple-of", ""},
	{"response-header-schema-became-not-false", levelError, covered(ruleTypeChanged, rulePropertyAdded, ruleBoundsChanged), "engine-boolean-schema", ""},
	{"response-header-type-changed", levelError, covered(ruleTypeChanged), "oasdiff-type", ""},
	{"response-header-type-generalized", levelError, covered(ruleTypeChanged), "oasdiff-type", ""},
	{"response-media-type-name-changed", levelWarning, covered(ruleMediaTypeRemoved), "oasdiff-media-types", ""},
	{"response-media-type-name-generalized", levelError, covered(ruleMediaTypeRemoved), "oasdiff-media-types", ""},
	{"response-media-type-parameter-changed", levelError, covered(ruleMediaTypeRemoved), "oasdiff-media-types", ""},
	{"response-media-type-parameter-removed", levelError, covered(ruleMediaTypeRemoved), "oasdiff-media-types", ""},
	{"response-media-type-removed", levelError, covered(ruleMediaTypeRemoved), "oasdiff-media-types", noteBodiless},
	{"response-mediatype-became-not-enum", levelError, covered(ruleBoundsChanged), "oasdiff-enum", ""},
	{"response-mediatype-enum-value-added", levelError, covered(ruleEnumAdded), "oasdiff-enum", noteEnumAdded},
	{"response-property-all-of-removed", levelError, covered(ruleBranchChanged, ruleRequiredChanged), "oasdiff-composition", noteAllOf},
	{"response-property-any-of-added", levelError, covered(ruleBranchChanged, ruleTypeChanged), "oasdiff-composition", noteUnionBranch},
	{"response-property-became-not-enum", levelError, covered(ruleBoundsChanged), "oasdiff-enum", ""},
	{"response-property-became-nullable", levelError, covered(ruleNullableChanged), "oasdiff-nullable", ""},
	{"response-property-became-optional", levelError, covered(ruleRequiredChanged), "oasdiff-required-property", ""},
	{"response-property-const-changed", levelError, covered(ruleEnumRemoved, ruleEnumAdded, ruleBoundsChanged), "oasdiff-const", noteConst},
	{"response-property-const-removed", levelError, covered(ruleEnumRemoved, ruleBoundsChanged), "oasdiff-const", noteConst},
	{"response-property-contains-removed", levelError, covered(ruleBoundsChanged), "engine-contains", ""},
	{"response-property-content-encoding-changed", levelError, covered(ruleBoundsChanged), "engine-content", ""},
	{"response-property-content-media-type-changed", levelError, covered(ruleBoundsChanged), "engine-content", ""},
	{"response-property-content-schema-removed", levelError, covered(ruleBoundsChanged), "engine-content", ""},
	{"response-property-dependent-required-changed", levelError, covered(ruleBoundsChanged), "engine-dependent", ""},
	{"response-property-dependent-required-removed", levelError, covered(ruleBoundsChanged), "engine-dependent", ""},
	{"response-property-dependent-schema-removed", levelError, covered(ruleBoundsChanged), "engine-dependent", ""},
	{"response-property-deprecated-sunset-invalid", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"response-property-deprecated-sunset-missing", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"response-property-else-removed", levelError, covered(ruleBoundsChanged), "engine-conditional", ""},
	{"response-property-enum-value-added", levelError, covered(ruleEnumAdded), "oasdiff-enum", noteEnumAdded},
	{"response-property-exclusive-max-increased", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-maximum", ""},
	{"response-property-exclusive-max-unset", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-maximum", ""},
	{"response-property-exclusive-min-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-minimum", ""},
	{"response-property-exclusive-min-unset", levelError, covered(ruleBoundsChanged), "oasdiff-exclusive-minimum", ""},
	{"response-property-if-removed", levelError, covered(ruleBoundsChanged), "engine-conditional", ""},
	{"response-property-list-of-types-widened", levelError, covered(ruleTypeChanged, ruleBranchChanged), "oasdiff-type", ""},
	{"response-property-max-contains-increased", levelError, covered(ruleBoundsChanged), "oasdiff-max-contains", ""},
	{"response-property-max-contains-unset", levelError, covered(ruleBoundsChanged), "oasdiff-max-contains", ""},
	{"response-property-max-increased", levelError, covered(ruleBoundsChanged), "oasdiff-maximum", ""},
	{"response-property-max-items-increased", levelError, covered(ruleBoundsChanged), "oasdiff-max-items", ""},
	{"response-property-max-items-unset", levelError, covered(ruleBoundsChanged), "oasdiff-max-items", ""},
	{"response-property-max-length-increased", levelError, covered(ruleBoundsChanged), "oasdiff-max-length", ""},
	{"response-property-max-length-unset", levelError, covered(ruleBoundsChanged), "oasdiff-max-length", ""},
	{"response-property-max-properties-increased", levelError, covered(ruleBoundsChanged), "oasdiff-max-properties", ""},
	{"response-property-max-properties-unset", levelError, covered(ruleBoundsChanged), "oasdiff-max-properties", ""},
	{"response-property-max-unset", levelError, covered(ruleBoundsChanged), "oasdiff-maximum", ""},
	{"response-property-min-contains-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-min-contains", ""},
	{"response-property-min-contains-unset", levelError, covered(ruleBoundsChanged), "oasdiff-min-contains", ""},
	{"response-property-min-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-minimum", ""},
	{"response-property-min-items-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-min-items", ""},
	{"response-property-min-items-unset", levelError, covered(ruleBoundsChanged), "oasdiff-min-items", ""},
	{"response-property-min-length-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-min-length", ""},
	{"response-property-min-length-unset", levelError, covered(ruleBoundsChanged), "oasdiff-min-length", ""},
	{"response-property-min-properties-decreased", levelError, covered(ruleBoundsChanged), "oasdiff-min-properties", ""},
	{"response-property-min-properties-unset", levelError, covered(ruleBoundsChanged), "oasdiff-min-properties", ""},
	{"response-property-min-unset", levelError, covered(ruleBoundsChanged), "oasdiff-minimum", ""},
	{"response-property-multiple-of-changed", levelError, covered(ruleBoundsChanged), "oasdiff-multiple-of", ""},
	{"response-property-multiple-of-unset", levelError, covered(ruleBoundsChanged), "oasdiff-multiple-of", ""},
	{"response-property-one-of-added", levelError, covered(ruleBranchChanged, ruleTypeChanged), "oasdiff-composition", noteUnionBranch},
	{"response-property-pattern-changed", levelWarning, covered(ruleBoundsChanged), "oasdiff-pattern", notePattern},
	{"response-property-pattern-property-removed", levelError, covered(ruleTypeChanged, ruleBoundsChanged, ruleAdditionalProps, rulePropertyAdded), "engine-pattern-properties", ""},
	{"response-property-pattern-removed", levelError, covered(ruleBoundsChanged), "oasdiff-pattern", notePattern},
	{"response-property-prefix-items-added", levelWarning, covered(ruleTypeChanged, ruleBoundsChanged), "engine-prefix-items", ""},
	{"response-property-prefix-items-removed", levelWarning, covered(ruleTypeChanged, ruleBoundsChanged), "engine-prefix-items", ""},
	{"response-property-property-names-removed", levelError, covered(ruleBoundsChanged), "engine-property-names", ""},
	{"response-property-schema-became-not-false", levelError, covered(ruleTypeChanged, rulePropertyAdded, ruleBoundsChanged), "engine-boolean-schema", ""},
	{"response-property-stability-decreased", levelError, covered(ruleStabilityDecreased), "oasdiff-stability", ""},
	{"response-property-sunset-date-too-small", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"response-property-then-removed", levelError, covered(ruleBoundsChanged), "engine-conditional", ""},
	{"response-property-type-changed", levelError, covered(ruleTypeChanged), "oasdiff-type", ""},
	{"response-property-type-generalized", levelError, covered(ruleTypeChanged), "oasdiff-type", ""},
	{"response-property-unevaluated-items-removed", levelError, covered(ruleTypeChanged, ruleBoundsChanged, ruleAdditionalProps, rulePropertyAdded), "engine-unevaluated", ""},
	{"response-property-unevaluated-properties-removed", levelError, covered(ruleTypeChanged, ruleBoundsChanged, ruleAdditionalProps, rulePropertyAdded), "engine-unevaluated", ""},
	{"response-property-unique-items-unset", levelError, covered(ruleBoundsChanged), "oasdiff-unique-items", ""},
	{"response-required-property-became-write-only", levelError, covered(ruleAccessChanged, ruleRequiredChanged), "oasdiff-read-write-only", noteRequiredGone},
	{"response-required-property-removed", levelError, covered(rulePropertyRemoved, ruleRequiredChanged), "oasdiff-property-removed", noteRequiredGone},
	{"response-required-property-removed-before-sunset", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"response-success-status-removed", levelError, covered(ruleStatusRemoved), "oasdiff-response-status", ""},
	{"sunset-deleted", levelError, covered(ruleDeprecationPolicy), "oasdiff-deprecation-policy", ""},
	{"webhook-removed", levelError, covered(ruleOperationRemoved), "oasdiff-webhooks", ""},
}

// coverageIntro is COVERAGE.md before the table.
const coverageIntro = `# OpenAPI diff coverage against oasdiff

Every check oasdiff ` + OasdiffVersion + ` reports at level ERR or WARN (` + "`oasdiff checks changelog`" + `), the
schemacheck rule that reports the same change, and the fixture that proves it
(` + "`testdata/cases/NAME/{old,new}.yaml`" + `), or why schemacheck deliberately differs. This file is
generated from the table in coverage.go (` + "`go generate ./...`" + `). coverage_test.go fails when a
fixture does not make schemacheck report one of its rules at the check's level, and, with
oasdiff installed, when oasdiff does not report the check on the fixture for the same
operation, or when oasdiff's list of checks is not the table's.

How to read it:

- oasdiff names a check per place (` + "`request-body-…`, `request-parameter-…`, `request-property-…`,\n  `response-body-…`, `response-header-…`, `response-property-…`" + `). schemacheck has one rule per
  kind of change and compares every schema (body, parameter, header, property, array item,
  ` + "`additionalProperties`" + `, composition branch) with the same code, once per side of the wire, so
  one rule covers all the places. The side decides the severity: a narrowing breaks request
  writers, a widening breaks response readers.
- A change inside a shared component is one finding at the component listing the operations
  it affects; oasdiff reports it once per operation and place.
- oasdiff's own test data is diffed by both tools in the differential test
  (TestOasdiffDifferential, testdata/oasdiff); the disagreements that remain are reviewed in
  testdata/oasdiff/disagreements.tsv.

## Differences by design

- **Webhooks** (3.1) are compared like operations with the sides swapped: the server writes
  a webhook's request and clients read it, so it may only narrow, like a response. oasdiff
  compares them as ordinary operations (a webhook request body that became required is an
  error there, harmless here).
- **Removed optional response headers and properties** are errors (SC-API016, SC-API007)
  because generated clients often map them to non-optional fields. oasdiff reports
  ` + "`optional-response-header-removed`" + ` and ` + "`response-optional-property-removed`" + ` at info.
- **x-stability-level** follows oasdiff's default (` + "`--stability-level beta`" + `): draft and alpha
  operations are not compared, and lowering a level is an error. An invalid level is
  reported when the new version writes it, not when the old version had it (a change that fixes
  it is no error); like oasdiff, an invalid level counts as compared, so an invalid old level the
  new version replaces by draft or alpha is reported as lowered.
- **One change, one finding.** A schema change is reported once, under the rule of the change
  itself, with a witness: a type changed (SC-API009) also covers what the new type asks for (its
  enum, its required properties: oasdiff's ` + "`*-became-enum`" + ` and ` + "`new-required-request-property`" + `
  beside ` + "`*-type-changed`" + `), a new ` + "`if`/`then`/`else`" + ` (SC-API012) the properties it requires, a
  query parameter that became an array whose items add a pattern (a single value is still a valid
  one-element array) the pattern (SC-API012). The mapping of those oasdiff checks does not accept
  the enclosing change's rule: an oasdiff change is matched by operation and side, not by place, so
  on other pairs that rule would be about another change. The differential test lists these
  changes as policy rows.
- **Swagger 2.0** is converted with kin-openapi's ` + "`openapi2conv`" + ` (never read as 3.x) and then
  compared like any 3.0 document. Findings on a converted document name the file and the
  operation or schema but no line, since the lines would be the conversion's.

## Beyond oasdiff

| schemacheck | what oasdiff does |
|---|---|
| ` + "`SC-API018`" + ` request default added, changed or removed: warning | ` + "`*-default-value-*`" + ` at info |
| ` + "`SC-API020`" + ` a discriminator the reader routes by that the writer's data may not satisfy (added to a request, removed from a response, renamed, a mapping value the reader lacks or maps elsewhere): error | ` + "`*-discriminator-*`" + ` at info |
| ` + "`SC-API021`" + ` response property added, for clients that reject unknown properties (` + "`clients[].tolerance.unknown_properties: false`" + `) | ` + "`response-*-property-added`" + ` at info, no reader setting |
| ` + "`SC-API011`" + ` response enum value added only breaks clients that reject unknown values (` + "`clients[].tolerance.unknown_enum_values`" + `) | always error |
| ` + "`contracts[].deprecation_grace`" + `: removal allowed once x-sunset plus the grace period has passed | sunset date only |
| ` + "`--direction forward`" + ` or ` + "`both`" + `: the same rules for new clients against an old server | backward only |
| ` + "`SC-API025`" + ` a server URL removed: an error when nothing serves its base path any more (Swagger ` + "`basePath`" + `, or the path of a server URL), a warning when only the host changed | no check for servers |
| callbacks (the requests an operation's server sends to a URL the client gave) compared like webhooks, with the sides swapped | no check for callbacks |
| ` + "`SC-API026`" + ` a parameter's ` + "`style`" + ` or ` + "`explode`" + ` changed so that a value it takes is written differently (an array ` + "`ids=a&ids=b`" + ` becoming ` + "`ids=a,b`" + `): error, with both forms | no check for serialization |
`

// CoverageMarkdown renders COVERAGE.md from the table.
func CoverageMarkdown() string {
	var b strings.Builder
	b.WriteString(coverageIntro)
	n := 0
	for _, c := range oasdiffChecks {
		if c.Rules != nil {
			n++
		}
	}
	fmt.Fprintf(&b, "\n## Table\n\n%d checks at ERR or WARN: %d covered, %d not covered.\n\n", len(oasdiffChecks), n, len(oasdiffChecks)-n)
	b.WriteString("| oasdiff check | level | schemacheck | fixture | note |\n|---|---|---|---|---|\n")
	for _, c := range oasdiffChecks {
		rules, fixture := "not covered", ""
		if c.Rules != nil {
			rules = "`" + strings.Join(c.Rules, "` / `") + "`"
			fixture = "[" + c.Fixture + "](testdata/cases/" + c.Fixture + ")"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", c.ID, c.Level, rules, fixture, strings.ReplaceAll(c.Note, "|", "\\|"))
	}
	return b.String()
}
