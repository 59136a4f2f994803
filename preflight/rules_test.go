package preflight

import (
	"testing"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/rules"
)

// TestEveryLockRuleIsClassified keeps lockRules complete: a new lock,
// rewrite or scan rule must say whether a small table makes it brief.
func TestEveryLockRuleIsClassified(t *testing.T) {
	for _, r := range rules.Rules() {
		if _, ok := lockRules[r.ID]; r.Category == finding.CategorySafety && !ok {
			t.Errorf("%s (%s) is a safety rule missing from lockRules", r.ID, r.Name)
		}
	}
	for id := range lockRules {
		if !safety[id] {
			t.Errorf("lockRules lists %s, which is not a safety rule", id)
		}
	}
}

func TestRulesHaveFullMetadata(t *testing.T) {
	for _, r := range Rules() {
		if r.ID == "" || r.Name == "" || r.Summary == "" || r.Rationale == "" || r.Bad == "" || r.Good == "" || r.Fix == "" ||
			r.Category != finding.CategoryPreflight || r.Layer != finding.LayerDB {
			t.Errorf("%s: incomplete metadata: %+v", r.ID, r)
		}
	}
}

// TestAlwaysFits: conversions that can never fail are not read; every
// other one is.
func TestAlwaysFits(t *testing.T) {
	ty := func(name string, mods ...int) catalog.Type { return catalog.Type{Name: name, Mods: mods} }
	for _, tc := range []struct {
		from, to catalog.Type
		want     bool
	}{
		{ty("character varying", 20), ty("character varying", 40), true},
		{ty("character varying", 40), ty("character varying", 20), false},
		{ty("text"), ty("character varying", 20), false},
		{ty("character varying", 20), ty("character varying"), true},
		{ty("integer"), ty("bigint"), true},
		{ty("bigint"), ty("integer"), false},
		{ty("integer"), ty("numeric", 10, 0), true},
		{ty("integer"), ty("numeric", 12, 4), false},
		{ty("numeric", 10, 2), ty("numeric", 12, 2), true},
		{ty("numeric", 10, 2), ty("numeric", 12, 4), true},
		{ty("numeric", 10, 3), ty("numeric", 5, 2), false},
		{ty("numeric"), ty("numeric", 5, 2), false},
		{ty("jsonb"), ty("text"), true},
		{ty("text"), ty("integer"), false},
		{ty("timestamp without time zone", 6), ty("timestamp without time zone", 0), true},
		{catalog.Type{Name: "integer", ArrayDims: 1}, ty("integer"), false},
	} {
		if got := alwaysFits(tc.from, tc.to); got != tc.want {
			t.Errorf("alwaysFits(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}
