package jsonschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/schemacheck/schemacheck/internal/doctree"
	"github.com/schemacheck/schemacheck/internal/lines"
)

// lineIndex maps every JSON pointer of a document to the line where its key
// (or, for array elements and the root, its first token) is written, so a
// finding about a subschema points at the line a reader would edit.
type lineIndex struct {
	lines map[string]int
	text  lines.Index
}

func newLineIndex(data []byte) (*lineIndex, error) {
	ix := &lineIndex{lines: map[string]int{}, text: lines.New(data)}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := ix.value(dec, "", 0); err != nil {
		return nil, err
	}
	return ix, nil
}

// treeLineIndex is newLineIndex for a document parsed into a tree (YAML):
// a mapping value's pointer is at its key's line, a sequence element's at
// its own.
func treeLineIndex(data []byte, root *doctree.Node) (*lineIndex, error) {
	ix := &lineIndex{lines: map[string]int{}, text: lines.New(data)}
	var walk func(n *doctree.Node, ptr string, line, depth int) error
	walk = func(n *doctree.Node, ptr string, line, depth int) error {
		if depth > maxNesting {
			return fmt.Errorf("%d: nesting deeper than %d levels (define deep parts under $defs and $ref them)", line, maxNesting)
		}
		ix.lines[ptr] = line
		for i, c := range n.Items() {
			if n.Kind == doctree.Mapping {
				if err := walk(c, ptr+"/"+escapeToken(c.Key), int(c.KeyLine), depth+1); err != nil {
					return err
				}
				continue
			}
			at, _ := c.Pos()
			if err := walk(c, ptr+"/"+strconv.Itoa(i), at, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	at, _ := root.Pos()
	return ix, walk(root, "", at, 0)
}

// maxNesting bounds the nesting of a schema document. The validator checks
// a schema against its meta-schema in time that grows with the square of
// its depth (allOf nested 3,000 deep took minutes), so the bound is set
// where that check still takes well under a second; real schemas nest a
// few dozen levels and deeper structures are written with $ref.
const maxNesting = 1000

func (ix *lineIndex) line(offset int64) int {
	line, _ := ix.text.Position(int(offset))
	return line
}

func (ix *lineIndex) value(dec *json.Decoder, ptr string, depth int) error {
	if depth > maxNesting {
		return fmt.Errorf("line %d: nesting deeper than %d levels (define deep parts under $defs and $ref them)", ix.line(dec.InputOffset()), maxNesting)
	}
	tok, err := dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return fmt.Errorf("unexpected end of JSON")
		}
		return fmt.Errorf("line %d: %w", ix.line(dec.InputOffset()), err)
	}
	if _, seen := ix.lines[ptr]; !seen {
		ix.lines[ptr] = ix.line(dec.InputOffset())
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return fmt.Errorf("line %d: %w", ix.line(dec.InputOffset()), err)
			}
			name, _ := key.(string)
			child := ptr + "/" + escapeToken(name)
			ix.lines[child] = ix.line(dec.InputOffset())
			if err := ix.value(dec, child, depth+1); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if err := ix.value(dec, ptr+"/"+strconv.Itoa(i), depth+1); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	}
	if err != nil {
		return fmt.Errorf("line %d: %w", ix.line(dec.InputOffset()), err)
	}
	return nil
}

// first returns the smallest line of the pointers ptrs, 0 for none.
func (ix *lineIndex) first(ptrs []string) int {
	first := 0
	for _, p := range ptrs {
		if l := ix.lookup(p); l > 0 && (first == 0 || l < first) {
			first = l
		}
	}
	return first
}

// lookup returns the line of ptr, or of its nearest ancestor that has one.
func (ix *lineIndex) lookup(ptr string) int {
	for {
		if l, ok := ix.lines[ptr]; ok {
			return l
		}
		i := strings.LastIndexByte(ptr, '/')
		if i < 0 {
			return 0
		}
		ptr = ptr[:i]
	}
}

var (
	tokenEscaper   = strings.NewReplacer("~", "~0", "/", "~1")
	tokenUnescaper = strings.NewReplacer("~1", "/", "~0", "~")
)

func escapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return tokenEscaper.Replace(s)
}

// splitLocation splits a compiled schema's location ("file:///a.json#/properties/x")
// into the document URL and the decoded JSON pointer.
func splitLocation(loc string) (doc, ptr string) {
	doc, frag, _ := strings.Cut(loc, "#")
	if p, err := url.PathUnescape(frag); err == nil {
		frag = p
	}
	return doc, frag
}
