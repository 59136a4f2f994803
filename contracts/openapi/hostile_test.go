package openapi

import (
	"strings"
	"testing"
)

// TestHostileDocuments: deep nesting, a $ref cycle and a callback that
// declares itself load and diff
// quickly, without a panic, and a document diffed with itself reports
// nothing; an alias bomb, a schema that contains itself through an anchor
// and nesting past the limit are located errors.
func TestHostileDocuments(t *testing.T) {
	deep := "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: " + strings.Repeat("[", 9990) + strings.Repeat("]", 9990) + "\n"
	bomb := "openapi: 3.0.0\ninfo: {title: t, version: '1'}\nx-a: &a [x, x, x, x, x, x, x, x, x, x]\nx-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nx-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nx-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: &s\n                type: object\n                properties:\n                  self: *s\n"
	cyc := "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n"
	selfRef := bomb // the anchor &s holds an alias to itself
	bomb = strings.Replace(bomb, "paths:", "x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nx-f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\npaths:", 1)
	for name, want := range map[string]string{
		"bomb":    "bomb.yaml:7:38: not valid YAML or JSON: aliases expand the document to more than 101050 nodes (105 written)",
		"selfref": "selfref.yaml:18:25: not valid YAML or JSON: alias *s refers to a node that contains it",
		"deeper":  "deeper.yaml:1:10002: not valid YAML or JSON: nesting deeper than 10000 levels",
	} {
		doc := map[string]string{"bomb": bomb, "selfref": selfRef, "deeper": strings.Repeat("[", 10002) + strings.Repeat("]", 10002)}[name]
		if _, err := Parse(name+".yaml", []byte(doc), LoadOptions{}); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: got %v, want %s…", name, err, want)
		}
	}
	// A callback whose operation declares the callback itself again.
	callbacks := "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /s:\n    post:\n      responses: {'201': {description: c}}\n      callbacks:\n        loop: {$ref: '#/components/callbacks/Loop'}\ncomponents:\n  callbacks:\n    Loop:\n      '{$request.body#/url}':\n        post:\n          responses: {'200': {description: ok}}\n          callbacks:\n            again: {$ref: '#/components/callbacks/Loop'}\n"
	for name, doc := range map[string]string{"deep": deep, "cycle": cyc, "callbacks": callbacks} {
		s, err := Parse(name+".yaml", []byte(doc), LoadOptions{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if fs := Diff(s, s, Options{All: true, Direction: "both"}); len(fs) != 0 {
			t.Errorf("%s: a document diffed with itself reports %d findings", name, len(fs))
		}
	}
}

// Found by FuzzDiffSelf: a duplicate key made a document differ from itself.
func TestDuplicateKeysAreRefused(t *testing.T) {
	doc := "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /b: {}\n  /b:\n    post: {}\n"
	_, err := Parse("dup.yaml", []byte(doc), LoadOptions{})
	if err == nil || err.Error() != `dup.yaml:5:3: not valid YAML or JSON: duplicate key "/b" (first at line 4): remove one of them` {
		t.Fatalf("got %v", err)
	}
}
