package jsonschema

import (
	"strings"
	"testing"
)

// TestRegexpEngine: patterns are ECMA-262. One RE2 compiles stays RE2; a
// lookahead, which RE2 refuses, is matched as ECMAScript defines it; a
// pattern neither engine reads is an error.
func TestRegexpEngine(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		matches map[string]bool
	}{
		{`^[a-z]+$`, map[string]bool{"abc": true, "ab1": false}},
		{`^[a-zA-Z0-9]((?![_-]{2,})[a-zA-Z0-9-_])+[a-zA-Z0-9]$`, map[string]bool{"a-b_c": true, "a__b": false, "ab": false}},
		{`^(?=.*\d)\w+$`, map[string]bool{"ab1": true, "abc": false}},
	} {
		re, err := RegexpEngine(tc.pattern)
		if err != nil {
			t.Fatalf("%s: %v", tc.pattern, err)
		}
		for s, want := range tc.matches {
			if got := re.MatchString(s); got != want {
				t.Errorf("%s on %q: %v, want %v", tc.pattern, s, got, want)
			}
		}
	}
	if _, err := RegexpEngine(`([a-z`); err == nil {
		t.Error("an unclosed group must be an error")
	}
}

// TestLookaheadPatternCompared: a schema whose pattern only a backtracking
// engine reads is compiled and compared, not left uncompared (Linode's
// username pattern hid a response that stopped being an object).
func TestLookaheadPatternCompared(t *testing.T) {
	load := func(body string) *Schema {
		s, err := Load("s.json", []byte(`{"type": "object", "properties": {
			"name": {"type": "string", "pattern": "^(?![_-])[a-z_-]+$"},
			"n": `+body+`}}`), LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	old, new := load(`{"type": "integer"}`), load(`{"type": "string"}`)
	fs := Diff(old, new, ModeBackward, Options{})
	found := false
	for _, f := range fs {
		found = found || strings.Contains(f.Message, "/n")
		if strings.Contains(f.Message, "could not be compared") {
			t.Errorf("uncompared: %s", f.Message)
		}
	}
	if !found {
		t.Errorf("a type change beside a lookahead pattern was not found: %v", fs)
	}
}
