package openapi

import (
	"strings"
	"testing"
)

// TestSurrogatePairEscapesLoad: "\uD83D\uDC4D" is one character written
// as a UTF-16 surrogate pair, valid JSON that every Twilio spec contains;
// yaml.v3 refused it, so such a document could not be diffed at all.
func TestSurrogatePairEscapesLoad(t *testing.T) {
	doc := `{"openapi": "3.0.3", "info": {"title": "t \uD83D\uDC4D", "version": "1"},
  "paths": {"/a": {"get": {"description": "\ud83d\udc4d", "responses": {"200": {"description": "ok",
    "content": {"application/json": {"schema": {"type": "string", "enum": ["\uD83D\uDC4D"]}}}}}}}}}`
	s, err := Parse("twilio.json", []byte(doc), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := str(get(s.root, "info"), "title"); got != "t 👍" {
		t.Errorf("title = %q", got)
	}
	other, err := Parse("twilio2.json", []byte(strings.Replace(doc, `["\uD83D\uDC4D"]`, `["👍"]`, 1)), LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if fs := Diff(s, other, Options{Direction: "both", All: true}); len(fs) != 0 {
		t.Errorf("the escaped and the literal character differ: %v", fs)
	}
}
