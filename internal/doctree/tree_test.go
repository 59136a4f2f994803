package doctree

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// decodeStd decodes with encoding/json, the reference for JSON values.
func decodeStd(t testing.TB, src []byte) (any, error) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data")
	}
	return v, nil
}

func TestParseJSONValues(t *testing.T) {
	for _, src := range []string{
		`{"a": 1, "b": [true, false, null, -0.5e+3, "x"], "c": {}}`,
		`"\uD83D\uDC4D thumbs"`, // a surrogate pair: one character, as in every Twilio spec
		`"lone \uD83D surrogate"`,
		`"\uD83D\u0041 high then not low"`,
		`"\"\\\/\b\f\n\r\t\u00e9"`,
		`[]`, `[[[]]]`, `0`, `-0`, `1E9`, "\ufeff{\"bom\": 1}",
	} {
		tree, err := ParseJSON([]byte(src))
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		want, err := decodeStd(t, bytes.TrimPrefix([]byte(src), []byte("\ufeff")))
		if err != nil {
			t.Fatalf("%s: reference: %v", src, err)
		}
		if got := ToAny(tree.Root); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v, want %#v", src, got, want)
		}
	}
}

func TestParseJSONErrorsAreLocated(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"{\n  \"a\": 1,\n  \"a\": 2\n}", `3:3: duplicate key "a" (first at line 2)`},
		{"{\"a\": tru}", "1:7: unexpected character 't', want a JSON value"},
		{"[1,\n 2,]", "2:4: unexpected character ']', want a JSON value"},
		{"{\"a\": \"x\ny\"}", `1:9: control character '\n' in a string`},
		{"[01]", "1:3: unexpected character '1', want ',' or ']'"},
		{"{} {}", "1:4: unexpected character '{' after the top-level value"},
		{`"\x"`, `1:4: invalid escape \x`},
		{strings.Repeat("[", MaxDepth+2), fmt.Sprintf("1:%d: nesting deeper than %d levels", MaxDepth+2, MaxDepth)},
	} {
		_, err := ParseJSON([]byte(tc.src))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: got %v, want %s", tc.src, err, tc.want)
		}
	}
}

func TestPositions(t *testing.T) {
	for src, keyLine := range map[string]int32{
		"{\n  \"paths\": {\n    \"/a\": {\"get\": {}}\n  }\n}": 3,
		"paths:\n  /a:\n    get: {}\n":                         2,
	} {
		tree, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		get := tree.Pointer(tree.Root, "/paths/~1a/get")
		if line, _ := get.Pos(); line != 3 {
			t.Errorf("%q: get at line %d, want 3", src, line)
		}
		if a := tree.Pointer(tree.Root, "/paths/~1a"); a.KeyLine != keyLine || a.Key != "/a" {
			t.Errorf("%q: /a key at line %d (%q), want %d", src, a.KeyLine, a.Key, keyLine)
		}
	}
}

func TestYAMLAliasesAndMergeKeys(t *testing.T) {
	src := `
base: &base
  type: string
  maxLength: 10
named: *base
merged:
  <<: *base
  maxLength: 20
multi:
  <<: [*base, {format: email, type: integer}]
list: &l [1, 2]
again: *l
`
	tree, err := ParseYAML([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := ToAny(tree.Root)
	want := map[string]any{
		"base":   map[string]any{"type": "string", "maxLength": json.Number("10")},
		"named":  map[string]any{"type": "string", "maxLength": json.Number("10")},
		"merged": map[string]any{"type": "string", "maxLength": json.Number("20")},
		"multi":  map[string]any{"type": "string", "maxLength": json.Number("10"), "format": "email"},
		"list":   []any{json.Number("1"), json.Number("2")},
		"again":  []any{json.Number("1"), json.Number("2")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v\nwant %#v", got, want)
	}
	// The copies are nodes of their own: a walk of the tree is a walk of a tree.
	if tree.Pointer(tree.Root, "/named") == tree.Pointer(tree.Root, "/base") {
		t.Error("an alias must be expanded into its own node")
	}
	// A merged key keeps its position where it is written (the anchor).
	if ml := tree.Pointer(tree.Root, "/merged/type"); ml.KeyLine != 3 {
		t.Errorf("merged key at line %d, want 3", ml.KeyLine)
	}
}

func TestYAMLErrors(t *testing.T) {
	// An alias bomb: each level doubles... nine aliases of nine aliases.
	var bomb strings.Builder
	bomb.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&bomb, "a%d: &a%d [", i, i)
		for j := 0; j < 9; j++ {
			if j > 0 {
				bomb.WriteString(", ")
			}
			fmt.Fprintf(&bomb, "*a%d", i-1)
		}
		bomb.WriteString("]\n")
	}
	for _, tc := range []struct{ src, want string }{
		{bomb.String(), "aliases expand the document to more than"},
		{"a: 1\nb: 2\na: 3\n", `3:1: duplicate key "a" (first at line 1)`},
		{"a: [1, 2\n", "did not find expected ',' or ']'"},
		{"", "the document is empty"},
		{"a: &x\n  <<: *x\n", "merge of a mapping into itself"},
		{"a: &x [*x]\n", "refers to a node that contains it"},
		{"a: &x {b: 1}\nc:\n  <<: [1]\n", "a merge key (<<) takes a mapping"},
		// What to do, for the mistakes real documents make (Linode, 2018).
		{"a:\n  example: `fieldname` must be valid\n", "2:0: found character that cannot start any token; a plain value may not start with ` or @, nor be indented with a tab: quote the value"},
		{"a: b: c\n", `mapping values are not allowed in this context; a plain value may not hold ": ": quote the value`},
	} {
		_, err := ParseYAML([]byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.40q: got %v, want %s", tc.src, err, tc.want)
		}
	}
}

func TestYAMLScalarsResolveLikeYAMLv3(t *testing.T) {
	tree, err := ParseYAML([]byte("a: 0x1F\nb: 1_000\nc: .5\nd: ~\ne: 'true'\nf: true\ng: \"1\"\nh: 2024-01-02\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": json.Number("31"), "b": json.Number("1000"), "c": json.Number("0.5"), "d": nil,
		"e": "true", "f": true, "g": "1", "h": "2024-01-02"}
	if got := ToAny(tree.Root); !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

// TestCorpusJSONMatchesEncodingJSON: every JSON document of the corpus
// reads to the same values as encoding/json decodes.
func TestCorpusJSONMatchesEncodingJSON(t *testing.T) {
	root := testenv.Corpus(t)
	var files []string
	for _, g := range []string{"openapi/*/*.json", "jsonschema/*/*.json"} {
		m, _ := filepath.Glob(filepath.Join(root, g))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no JSON documents in the corpus")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		tree, err := ParseJSON(src)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		want, err := decodeStd(t, src)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ToAny(tree.Root), want) {
			t.Errorf("%s: values differ from encoding/json's", f)
		}
	}
}

// FuzzParseJSON: the parser accepts exactly what encoding/json accepts
// (except duplicate keys, which it refuses), with the same values, and
// never panics.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"a": [1, 2.5, "x\u00e9"]}`, `"\uD83D\uDC4D"`, `[{"a": null}, true]`, `{"a": {"b": {}}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		tree, err := ParseJSON(src)
		want, stdErr := decodeStd(t, bytes.TrimPrefix(src, []byte("\ufeff")))
		if err != nil {
			if stdErr == nil && !strings.Contains(err.Error(), "duplicate key") && !strings.Contains(err.Error(), "nesting deeper") {
				t.Fatalf("refused what encoding/json accepts: %v", err)
			}
			return
		}
		if stdErr != nil {
			t.Fatalf("accepted what encoding/json refuses (%v)", stdErr)
		}
		if !bytes.ContainsRune(src, 0xFFFD) && !reflect.DeepEqual(ToAny(tree.Root), want) {
			t.Fatalf("values differ: %#v vs %#v", ToAny(tree.Root), want)
		}
	})
}

// The tree keeps none of the source's memory, so callers can drop the
// text once it is parsed: overwriting the source changes nothing in it.
func TestParseJSONKeepsNoSource(t *testing.T) {
	src := []byte(`{"type": "object", "properties": {"a long property name, longer than an interned one": {"type": "string", "maximum": 12.5}}, "t": "type"}`)
	tree, err := ParseJSON(src)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint(ToAny(tree.Root))
	for i := range src {
		src[i] = 'x'
	}
	if got := fmt.Sprint(ToAny(tree.Root)); got != want {
		t.Errorf("the tree changed with its source:\n got %s\nwant %s", got, want)
	}
}

// TestNodeSize: both versions' trees live for a whole diff, a node per
// value; at 80 bytes a node was most of Stripe's trees (bench/README.md).
func TestNodeSize(t *testing.T) {
	if got := unsafe.Sizeof(Node{}); got > 48 {
		t.Errorf("a Node is %d bytes, want at most 48", got)
	}
}

func TestValueAndItemsShareOneField(t *testing.T) {
	tree, err := ParseJSON([]byte(`{"s": "text", "e": "", "m": {}, "l": [], "n": {"k": [1]}}`))
	if err != nil {
		t.Fatal(err)
	}
	r := tree.Root
	for _, c := range []struct {
		key   string
		value string
		items int
	}{{"s", "text", 0}, {"e", "", 0}, {"m", "", 0}, {"l", "", 0}, {"n", "", 1}} {
		n := Get(r, c.key)
		if n.Value() != c.value || len(n.Items()) != c.items {
			t.Errorf("%s: Value %q, %d items; want %q, %d", c.key, n.Value(), len(n.Items()), c.value, c.items)
		}
	}
	if v := Get(r, "n").Items()[0].Items()[0]; v.Value() != "1" || v.Tag != TagInt {
		t.Errorf("n.k[0] = %q (tag %d), want the integer 1", v.Value(), v.Tag)
	}
}
