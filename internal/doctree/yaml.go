package doctree

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// Budget bounds the nodes a YAML document may expand to through aliases
// and merge keys: a fixed allowance plus a multiple of the nodes written.
// A document that reuses anchors the way people do (shared error
// responses, a base schema merged into variants) stays far below it; an
// alias bomb (aliases of aliases of …) is refused before it is expanded.
const (
	budgetBase    = 100_000
	budgetPerNode = 10
)

// Parse reads a JSON or YAML document: JSON when it starts with '{' or '['
// and parses as JSON, else YAML (of which JSON is a subset, so a JSON
// document with a syntax error is reported with the JSON parser's error).
// The tree shares no memory with src.
func Parse(src []byte) (*Tree, error) {
	if LooksJSON(src) {
		t, err := ParseJSON(src)
		if err == nil {
			return t, nil
		}
		if yt, yerr := ParseYAML(src); yerr == nil {
			return yt, nil
		}
		return nil, err
	}
	return ParseYAML(src)
}

// LooksJSON reports whether src starts, after white space and a byte
// order mark, as a JSON document does: with '{' or '['.
func LooksJSON(src []byte) bool {
	trimmed := bytes.TrimLeft(src, " \t\r\n\ufeff")
	return len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[')
}

// ParseYAML reads the first document of a YAML stream. Aliases are
// replaced by copies of their anchor's node and merge keys (<<: *base) by
// the pairs they merge, so the result is a tree, within a node budget.
func ParseYAML(src []byte) (*Tree, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &SyntaxError{Line: 1, Column: 1, Msg: "the document is empty"}
		}
		return nil, yamlError(err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return nil, &SyntaxError{Line: 1, Column: 1, Msg: "the document is empty"}
		}
		root = root.Content[0]
	}
	written := countWritten(root)
	c := &converter{written: written, budget: budgetBase + budgetPerNode*written, expanding: map[*yaml.Node]bool{}}
	n, err := c.convert(root, 0)
	if err != nil {
		return nil, err
	}
	return newTree(n, c.nodes), nil
}

// yamlError turns yaml.v3's "yaml: line N: msg" into a located error,
// with what to do for the mistakes real documents make.
func yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if _, scanErr := fmt.Sscanf(msg, "line %d:", &line); scanErr == nil && line > 0 {
		_, rest, _ := strings.Cut(msg, ": ")
		return &SyntaxError{Line: line, Msg: withHint(rest)}
	}
	return &SyntaxError{Msg: withHint(msg)}
}

// yamlHints say how to fix yaml.v3's errors, by the start of the message.
// Linode's 2018 description wrote "example: `fieldname` must be …": a
// backquote (like @) is reserved and may not start a plain value.
var yamlHints = []struct{ prefix, hint string }{
	{"found character that cannot start any token", "a plain value may not start with ` or @, nor be indented with a tab: quote the value, indent with spaces"},
	{"mapping values are not allowed in this context", `a plain value may not hold ": ": quote the value`},
	{"did not find expected key", "check this line's indentation against the lines above it"},
}

func withHint(msg string) string {
	for _, h := range yamlHints {
		if strings.HasPrefix(msg, h.prefix) {
			return msg + "; " + h.hint
		}
	}
	return msg
}

// countWritten counts the nodes of a yaml.v3 tree without following aliases.
func countWritten(root *yaml.Node) int {
	n := 0
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n++
		stack = append(stack, x.Content...)
	}
	return n
}

type converter struct {
	written   int
	budget    int
	nodes     int
	aliases   []*yaml.Node        // aliases being expanded, outermost first
	expanding map[*yaml.Node]bool // anchors being expanded, to refuse an alias inside itself
}

func (c *converter) errorAt(n *yaml.Node, format string, args ...any) error {
	return &SyntaxError{Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, args...)}
}

func (c *converter) convert(y *yaml.Node, depth int) (*Node, error) {
	if depth > MaxDepth {
		return nil, c.errorAt(y, "nesting deeper than %d levels", MaxDepth)
	}
	c.nodes++
	if c.nodes > c.budget {
		at := y
		if len(c.aliases) > 0 {
			at = c.aliases[0] // the alias whose expansion went over, as written
		}
		return nil, c.errorAt(at, "aliases expand the document to more than %d nodes (%d written); refusing to expand it further (an alias bomb?)", c.budget, c.written)
	}
	if y.Kind == yaml.AliasNode {
		c.nodes-- // the alias itself is replaced, not kept
		if y.Alias == nil || c.expanding[y.Alias] {
			return nil, c.errorAt(y, "alias *%s refers to a node that contains it", y.Value)
		}
		c.aliases = append(c.aliases, y)
		defer func() { c.aliases = c.aliases[:len(c.aliases)-1] }()
		return c.convert(y.Alias, depth)
	}
	if y.Anchor != "" {
		c.expanding[y] = true
		defer delete(c.expanding, y)
	}
	n := &Node{Line: int32(y.Line), Column: int32(y.Column)}
	switch y.Kind {
	case yaml.ScalarNode:
		n.Kind = Scalar
		n.setValue(y.Value)
		switch y.ShortTag() {
		case "!!int":
			n.Tag = TagInt
		case "!!float":
			n.Tag = TagFloat
		case "!!bool":
			n.Tag = TagBool
		case "!!null":
			n.Tag = TagNull
		}
	case yaml.SequenceNode:
		n.Kind = Sequence
		items := make([]*Node, 0, len(y.Content))
		for _, e := range y.Content {
			v, err := c.convert(e, depth+1)
			if err != nil {
				return nil, err
			}
			items = append(items, v)
		}
		n.setItems(items)
	case yaml.MappingNode:
		n.Kind = Mapping
		items, err := c.mapping(y, depth)
		if err != nil {
			return nil, err
		}
		n.setItems(items)
	default:
		return nil, c.errorAt(y, "unsupported YAML node")
	}
	return n, nil
}

// mapping returns the values of the pairs of y. Pairs written in y come
// first, in order; merged pairs whose keys y does not write follow, earlier
// merge sources first, as the YAML merge key type defines.
func (c *converter) mapping(y *yaml.Node, depth int) ([]*Node, error) {
	items := make([]*Node, 0, len(y.Content)/2)
	seen := map[string]*yaml.Node{}
	var merges []*yaml.Node
	for i := 0; i+1 < len(y.Content); i += 2 {
		k, v := y.Content[i], y.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			return nil, c.errorAt(k, "a mapping key must be a plain string")
		}
		if first, dup := seen[k.Value]; dup {
			return nil, c.errorAt(k, "duplicate key %q (first at line %d): remove one of them", k.Value, first.Line)
		}
		seen[k.Value] = k
		val, err := c.convert(v, depth+1)
		if err != nil {
			return nil, err
		}
		val.Key, val.KeyLine, val.KeyColumn = k.Value, int32(k.Line), int32(k.Column)
		items = append(items, val)
	}
	for _, m := range merges {
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, src := range sources {
			target := src
			if target.Kind == yaml.AliasNode {
				target = target.Alias
			}
			if target == nil || target.Kind != yaml.MappingNode {
				return nil, c.errorAt(src, "a merge key (<<) takes a mapping or a list of mappings")
			}
			if c.expanding[target] {
				return nil, c.errorAt(src, "merge of a mapping into itself")
			}
			c.expanding[target] = true
			merged, err := c.mapping(target, depth)
			delete(c.expanding, target)
			if err != nil {
				return nil, err
			}
			for _, v := range merged {
				if _, own := seen[v.Key]; own {
					continue
				}
				seen[v.Key] = target
				items = append(items, v)
			}
		}
	}
	return items, nil
}
