package oasdiffrun

import (
	"testing"

	"github.com/schemacheck/schemacheck/finding"
)

func TestFound(t *testing.T) {
	fs := []finding.Finding{
		{RuleID: "SC-API009", Severity: finding.SeverityError, Operations: []string{"GET /books/{bookId} response", "POST /books request"}},
		{RuleID: "SC-API003", Severity: finding.SeverityWarning, Operations: []string{"GET /books request"}},
		{RuleID: "SC-API022", Severity: finding.SeverityError},
	}
	for _, tc := range []struct {
		name  string
		c     Change
		rules []string
		sev   finding.Severity
		want  bool
	}{
		{"same operation, path parameter renamed", Change{Operation: "GET", Path: "/books/{id}"}, []string{"SC-API009"}, finding.SeverityError, true},
		{"same operation and part", Change{ID: "response-body-type-changed", Operation: "GET", Path: "/books/{id}"}, []string{"SC-API009"}, finding.SeverityError, true},
		{"same operation, other part", Change{ID: "request-body-type-changed", Operation: "GET", Path: "/books/{id}"}, []string{"SC-API009"}, finding.SeverityError, false},
		{"a check about the whole operation", Change{ID: "api-removed-without-deprecation", Operation: "POST", Path: "/books"}, []string{"SC-API009"}, finding.SeverityError, true},
		{"method in lower case", Change{Operation: "post", Path: "/books"}, []string{"SC-API009"}, finding.SeverityError, true},
		{"another operation", Change{Operation: "DELETE", Path: "/books"}, []string{"SC-API009"}, finding.SeverityError, false},
		{"another rule", Change{Operation: "GET", Path: "/books/{id}"}, []string{"SC-API010"}, finding.SeverityError, false},
		{"below the severity", Change{Operation: "GET", Path: "/books"}, []string{"SC-API003"}, finding.SeverityError, false},
		{"at the severity", Change{Operation: "GET", Path: "/books"}, []string{"SC-API003"}, finding.SeverityWarning, true},
		{"a component change matches any finding of the rule", Change{}, []string{"SC-API022"}, finding.SeverityError, true},
		{"no rule", Change{}, nil, finding.SeverityInfo, false},
	} {
		if got := Found(tc.c, tc.rules, tc.sev, fs); got != tc.want {
			t.Errorf("%s: Found = %t, want %t", tc.name, got, tc.want)
		}
	}
}

func TestPart(t *testing.T) {
	for check, want := range map[string]string{
		"request-body-type-changed": "request", "new-required-request-property": "request", "new-request-path-parameter": "request",
		"response-body-type-changed": "response", "required-response-header-removed": "response",
		"api-removed-without-deprecation": "", "sunset-deleted": "", "webhook-removed": "",
	} {
		if got := Part(check); got != want {
			t.Errorf("Part(%q) = %q, want %q", check, got, want)
		}
	}
}
