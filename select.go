package schemacheck

import (
	"fmt"
	"slices"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/finding"
)

// Selection picks what a run reports. Only and Exclude hold rule IDs,
// names or categories: with Only set, only the rules it names are
// reported (and findings that an input was not checked, Rule.NotChecked,
// so a narrow selection never passes an unchecked file); Exclude drops the
// rules it names. Findings below MinSeverity are not reported. Results
// count what each leaves out.
type Selection struct {
	Only, Exclude []string
	MinSeverity   finding.Severity
}

// SetSelection applies the command line's rule selection on top of the
// config's: --only replaces only:, --exclude adds to exclude:. An entry
// that names no rule or category is an error with a suggestion.
func (p *Project) SetSelection(s Selection) error {
	for _, list := range [][]string{s.Only, s.Exclude} {
		for _, sel := range list {
			if err := config.CheckSelector(sel, Rules()); err != nil {
				return err
			}
		}
	}
	if s.MinSeverity < finding.SeverityOff || s.MinSeverity > finding.SeverityError {
		return fmt.Errorf("minimum severity %d is out of range", s.MinSeverity)
	}
	p.selection = s
	return nil
}

// Selection returns the selection set with SetSelection.
func (p *Project) Selection() Selection { return p.selection }

// selector decides, per finding, whether the selection keeps it.
type selector struct {
	only, exclude []string
	min           finding.Severity
	rules         map[string]finding.Rule
}

func (p *Project) selector() selector {
	only := p.cfg.Only
	if len(p.selection.Only) > 0 {
		only = p.selection.Only
	}
	s := selector{
		only:    only,
		exclude: slices.Concat(p.cfg.Exclude, p.selection.Exclude),
		min:     p.selection.MinSeverity,
		rules:   map[string]finding.Rule{},
	}
	for _, r := range Rules() {
		s.rules[r.ID] = r
	}
	return s
}

// selected reports whether the rule selection keeps f (severity aside).
func (s selector) selected(f finding.Finding) bool {
	r, ok := s.rules[f.RuleID]
	if !ok { // not in the registry: match what the finding says of itself
		r = finding.Rule{ID: f.RuleID, Name: f.RuleName}
	}
	named := func(list []string) bool {
		return slices.ContainsFunc(list, r.Matches)
	}
	if named(s.exclude) {
		return false
	}
	return len(s.only) == 0 || named(s.only) || f.NotChecked || r.NotChecked
}
