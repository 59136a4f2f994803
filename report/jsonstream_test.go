package report

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestEncodeStreamed: a document written with its array streamed is byte
// for byte what json.Encoder writes for the same document, for arrays
// empty, of one and of several items, at the top level and nested, with
// text the encoder escapes (HTML characters, a NUL, the token's own text).
func TestEncodeStreamed(t *testing.T) {
	type item struct {
		Name  string   `json:"name"`
		Tags  []string `json:"tags,omitempty"`
		Count int      `json:"count"`
	}
	items := []item{
		{Name: "a <b> & c", Tags: []string{"x", "y"}, Count: 1},
		{Name: "\u0000streamed\u0000", Count: 2},
		{Name: `"\u0000streamed\u0000"`},
	}
	type nested struct {
		Schema string `json:"$schema"`
		Runs   []struct {
			Tool    map[string]string `json:"tool"`
			Results any               `json:"results"`
		} `json:"runs"`
	}
	docs := map[string]func(arr any) any{
		"top level": func(arr any) any { return arr },
		"field": func(arr any) any {
			return struct {
				Version int    `json:"version"`
				Items   any    `json:"items"`
				After   string `json:"after"`
			}{1, arr, "end"}
		},
		"nested": func(arr any) any {
			d := nested{Schema: "s"}
			d.Runs = append(d.Runs, struct {
				Tool    map[string]string `json:"tool"`
				Results any               `json:"results"`
			}{map[string]string{"name": "t"}, arr})
			return d
		},
	}
	for name, doc := range docs {
		for _, n := range []int{0, 1, len(items)} {
			var want bytes.Buffer
			enc := json.NewEncoder(&want)
			enc.SetIndent("", "  ")
			if err := enc.Encode(doc(append([]item{}, items[:n]...))); err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := encodeStreamed(&got, doc(streamed), n, func(i int) any { return items[i] }); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%s, %d items:\ngot\n%s\nwant\n%s", name, n, got.String(), want.String())
			}
		}
	}
	if err := encodeStreamed(&bytes.Buffer{}, map[string]int{"a": 1}, 0, nil); err == nil {
		t.Error("a document without the streamed array must be an error")
	}
}
