package config

import (
	"fmt"
	"strings"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/suggest"
)

// CheckRuleNames reports entries under rules: that name no known rule, and
// entries of exclude: and only: that name no rule or category, at their
// line, with the closest rule ID, name or category as a hint. The registry
// lives outside this package, so the caller passes it in.
func (c *Config) CheckRuleNames(known []finding.Rule) error {
	var names []string
	valid := map[string]bool{}
	for _, r := range known {
		names = append(names, r.ID, r.Name)
		valid[strings.ToUpper(r.ID)] = true
		valid[r.Name] = true
	}
	var errs []*Error
	for name := range c.Rules {
		if valid[strings.ToUpper(name)] || valid[name] {
			continue
		}
		p := c.ruleLines[name]
		e := &Error{File: c.File, Line: p.line, Column: p.column, KeyPath: "rules." + name, Message: "unknown rule",
			Hint: "run 'schemacheck rules' for the list"}
		if s, ok := suggest.Closest(name, names); ok {
			e.Hint = fmt.Sprintf("did you mean %q?", s)
		}
		errs = append(errs, e)
	}
	for _, key := range []string{"exclude", "only"} {
		list := c.Exclude
		if key == "only" {
			list = c.Only
		}
		for i, sel := range list {
			if hint, ok := selectorHint(sel, known); !ok {
				p := c.selectorLines[fmt.Sprintf("%s/%d", key, i)]
				errs = append(errs, &Error{File: c.File, Line: p.line, Column: p.column, KeyPath: fmt.Sprintf("%s[%d]", key, i),
					Message: fmt.Sprintf("unknown rule or category %q", sel), Hint: hint})
			}
		}
	}
	return joinErrors(errs)
}

// CheckSelector returns an error unless sel names a rule (by ID or name)
// or a category of known, with the closest one as a hint.
func CheckSelector(sel string, known []finding.Rule) error {
	if hint, ok := selectorHint(sel, known); !ok {
		return fmt.Errorf("unknown rule or category %q; %s", sel, hint)
	}
	return nil
}

// selectorHint reports whether sel names a rule or category of known, and
// when it does not, what to suggest.
func selectorHint(sel string, known []finding.Rule) (string, bool) {
	var names []string
	seen := map[string]bool{}
	for _, r := range known {
		if r.Matches(sel) {
			return "", true
		}
		for _, n := range []string{r.ID, r.Name, string(r.Category)} {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	hint := "run 'schemacheck rules' for the list"
	if s, ok := suggest.Closest(sel, names); ok {
		hint = fmt.Sprintf("did you mean %q?", s)
	}
	return hint, false
}

// SeverityFor returns the severity the config sets for r (by ID, then name,
// then category) and whether it sets one at all.
func (c *Config) SeverityFor(r finding.Rule) (finding.Severity, bool) {
	// The ID wins over the name when both are set, whatever the map order.
	for _, match := range []func(string) bool{
		func(name string) bool { return strings.EqualFold(name, r.ID) },
		func(name string) bool { return name == r.Name },
	} {
		for name, sev := range c.Rules {
			if match(name) {
				s, err := finding.ParseSeverity(sev)
				return s, err == nil
			}
		}
	}
	if sev, ok := c.Categories[string(r.Category)]; ok {
		s, err := finding.ParseSeverity(sev)
		return s, err == nil
	}
	return 0, false
}
