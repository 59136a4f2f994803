package jsonschema

import (
	"slices"
	"strings"
	"testing"
)

// TestSharedComponentReachedAgain: a change in S is listed for every
// context that reaches it. Context 0 compares Q and S first; context 1
// meets Q's property s again below P's list, a pair it compares first;
// context 2 meets that list again. Before, only the pairs the list itself
// met again were followed, not those met below it, so context 2 was missing
// (found on Plaid's API: AccountSubtype, reached from /accounts/get
// through AccountsGetResponse and AccountBase, was not listed for
// /accounts/balance/get, which meets AccountsGetResponse again).
func TestSharedComponentReachedAgain(t *testing.T) {
	doc := func(enum string) *Schema {
		s, err := Load("s.json", []byte(`{"$defs": {
			"S": {"type": "string", "enum": [`+enum+`]},
			"Q": {"type": "object", "properties": {"s": {"$ref": "#/$defs/S"}}},
			"P": {"type": "object", "properties": {"list": {"type": "array", "items": {"$ref": "#/$defs/Q"}}}}},
		  "type": "object",
		  "properties": {"a": {"$ref": "#/$defs/Q"}, "p1": {"$ref": "#/$defs/P"}, "p2": {"$ref": "#/$defs/P"}}}`), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	old, new := doc(`"x", "y"`), doc(`"x", "y", "z"`)
	x := NewComparison(new, old, true, CompareOptions{})
	for _, p := range []string{"a", "p1", "p2"} {
		x.Compare(new.root.Properties[p], old.root.Properties[p])
	}
	var ctxs []int
	for _, r := range x.Results() {
		if strings.Contains(r.What, `"z"`) {
			ctxs = append(ctxs, r.Contexts...)
		}
	}
	slices.Sort(ctxs)
	if ctxs = slices.Compact(ctxs); !slices.Equal(ctxs, []int{0, 1, 2}) {
		t.Errorf("contexts reaching the change: %v, want [0 1 2]", ctxs)
	}
}
