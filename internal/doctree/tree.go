// Package doctree reads JSON and YAML documents into one compact tree that
// keeps the line and column of every value and of every mapping key.
//
// It exists because a contract is read once and then walked many times:
// yaml.v3's node tree costs about 160 bytes per node plus a second node per
// mapping key, which made two 46 MB OpenAPI documents take 1.4 GB. Here a
// mapping's children are its values, each carrying its key and the key's
// position (48 bytes per value, no key nodes), JSON is read by a parser of
// its own that interns keys and short values and keeps nothing of the
// source text (and, unlike yaml.v3, accepts escaped surrogate pairs such
// as "\uD83D\uDC4D"), and YAML
// aliases and merge keys are expanded into plain nodes under a node budget,
// so every walk of the tree is a walk of a tree.
package doctree

import (
	"strconv"
	"strings"
	"unsafe"
)

// Kind is the kind of a node.
type Kind uint8

const (
	Scalar Kind = iota + 1
	Sequence
	Mapping
)

// Tag is the type of a scalar, resolved as YAML 1.2's core schema does
// (JSON's types for JSON input).
type Tag uint8

const (
	TagStr Tag = iota
	TagInt
	TagFloat
	TagBool
	TagNull
)

// Node is one value of a document. For a mapping, Items are its values in
// document order, each with its Key; for a sequence, its elements. Lines
// and columns are 1-based; columns count bytes.
//
// A node is 48 bytes: a scalar's text and a collection's items share one
// pointer and length (a node has one or the other), where a string and a
// slice side by side made it 80. A document has a node per value (Stripe's
// 4 MB holds 80,000), and both versions' trees live for the whole diff.
type Node struct {
	Key       string // the key of a mapping value
	data      unsafe.Pointer
	size      int32 // bytes of a scalar's text, or the number of items
	Line      int32
	Column    int32
	KeyLine   int32 // where this value's key is written, when it is a mapping value
	KeyColumn int32
	Kind      Kind
	Tag       Tag
}

// Value returns a scalar's text (for JSON strings: decoded), "" for a
// mapping or a sequence.
func (n *Node) Value() string {
	if n.Kind != Scalar || n.size == 0 {
		return ""
	}
	return unsafe.String((*byte)(n.data), n.size)
}

// Items returns a mapping's values or a sequence's elements, nil for a
// scalar. The slice is the tree's own: callers must not modify it.
func (n *Node) Items() []*Node {
	if n.Kind == Scalar || n.size == 0 {
		return nil
	}
	return unsafe.Slice((**Node)(n.data), n.size)
}

func (n *Node) setValue(s string) {
	n.data, n.size = unsafe.Pointer(unsafe.StringData(s)), int32(len(s))
}

func (n *Node) setItems(items []*Node) {
	n.data, n.size = unsafe.Pointer(unsafe.SliceData(items)), int32(len(items))
}

// Pos returns the line and column of the node's key when it is a mapping
// value (where a reader looks for it), else of the node itself.
func (n *Node) Pos() (line, column int) {
	if n.KeyLine > 0 {
		return int(n.KeyLine), int(n.KeyColumn)
	}
	return int(n.Line), int(n.Column)
}

// ShortTag returns the YAML short tag of a scalar ("!!str", "!!int", …),
// "!!map" or "!!seq".
func (n *Node) ShortTag() string {
	switch n.Kind {
	case Mapping:
		return "!!map"
	case Sequence:
		return "!!seq"
	}
	return [...]string{"!!str", "!!int", "!!float", "!!bool", "!!null"}[n.Tag]
}

// IsNull reports whether n is a null scalar.
func (n *Node) IsNull() bool { return n != nil && n.Kind == Scalar && n.Tag == TagNull }

// Get returns the value of key in mapping m, or nil. It scans the mapping;
// Tree.Get uses an index for large ones.
func Get(m *Node, key string) *Node {
	if m == nil || m.Kind != Mapping {
		return nil
	}
	for _, v := range m.Items() {
		if v.Key == key {
			return v
		}
	}
	return nil
}

// Str returns the scalar value of key in m, or "".
func Str(m *Node, key string) string {
	if v := Get(m, key); v != nil && v.Kind == Scalar {
		return v.Value()
	}
	return ""
}

// Pairs calls fn for each key and value of mapping m in document order.
func Pairs(m *Node, fn func(k string, v *Node)) {
	if m == nil || m.Kind != Mapping {
		return
	}
	for _, v := range m.Items() {
		fn(v.Key, v)
	}
}

// largeMapping is the size above which a Tree indexes a mapping's values.
const largeMapping = 32

// Tree is a parsed document: its root and an index of its large mappings.
type Tree struct {
	Root *Node
	// Nodes is the number of nodes in the tree (after alias expansion).
	Nodes int
	index map[*Node]map[string]*Node
}

func newTree(root *Node, nodes int) *Tree {
	t := &Tree{Root: root, Nodes: nodes}
	t.indexLarge(root)
	return t
}

func (t *Tree) indexLarge(root *Node) {
	stack := []*Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Kind == Mapping && len(n.Items()) > largeMapping {
			if t.index == nil {
				t.index = map[*Node]map[string]*Node{}
			}
			m := make(map[string]*Node, len(n.Items()))
			for _, v := range n.Items() {
				m[v.Key] = v
			}
			t.index[n] = m
		}
		for _, c := range n.Items() {
			if len(c.Items()) > 0 {
				stack = append(stack, c)
			}
		}
	}
}

// Get is Get(m, key), through the index for large mappings.
func (t *Tree) Get(m *Node, key string) *Node {
	if idx, ok := t.index[m]; ok {
		return idx[key]
	}
	return Get(m, key)
}

// Lookup finds key in m through the index when m is a large mapping of
// this tree; ok is false when m is not indexed here.
func (t *Tree) Lookup(m *Node, key string) (v *Node, ok bool) {
	idx, ok := t.index[m]
	if !ok {
		return nil, false
	}
	return idx[key], true
}

// Pointer resolves a JSON pointer ("/a/b~1c", "" for the root) below root.
func (t *Tree) Pointer(root *Node, ptr string) *Node {
	if ptr == "" {
		return root
	}
	if !strings.HasPrefix(ptr, "/") {
		return nil
	}
	n := root
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = UnescapeToken(tok)
		switch {
		case n == nil:
			return nil
		case n.Kind == Mapping:
			n = t.Get(n, tok)
		case n.Kind == Sequence:
			n = Item(n, tok)
		default:
			return nil
		}
	}
	return n
}

// Item returns the item of sequence n that JSON pointer token tok names
// ("0", "12"; no sign, no leading zero), or nil.
func Item(n *Node, tok string) *Node {
	i, err := strconv.Atoi(tok)
	if n == nil || n.Kind != Sequence || err != nil || i < 0 || i >= len(n.Items()) || tok != strconv.Itoa(i) {
		return nil
	}
	return n.Items()[i]
}

// EscapeToken and UnescapeToken are JSON pointer (RFC 6901) token escaping.
func EscapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func UnescapeToken(s string) string {
	if !strings.Contains(s, "~") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}
