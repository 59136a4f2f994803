package doctree

import (
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// MaxDepth bounds the nesting of a document, so a hostile one cannot
// exhaust the stack of the parser or of any later walk.
const MaxDepth = 10000

// SyntaxError is a located parse error.
type SyntaxError struct {
	Line, Column int
	Msg          string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg) }

// jsonParser reads RFC 8259 JSON. The tree's strings are copies: a tree
// that held substrings of the text would keep all of it, indentation and
// punctuation included, for as long as it lives (a pretty-printed OpenAPI
// document is mostly whitespace and repeated keys). Keys and short values
// are interned: a document writes "type", "description" or "string"
// thousands of times, one copy each is enough.
type jsonParser struct {
	text      string
	pos       int
	line      int
	lineStart int
	nodes     int
	interned  map[string]string
	// slab is where nodes are allocated, a block at a time; open holds
	// the items of the objects and arrays being read, innermost last,
	// each moved to an exact-size part of items once closed.
	slab  []Node
	open  []*Node
	items []*Node
}

// maxInterned is the longest string interned; longer ones (descriptions)
// rarely repeat and are copied.
const maxInterned = 40

// keep returns a copy of s, a substring of the text that need not outlive
// the parse. A parser without a table (isJSONNumber's, which checks a
// value and keeps nothing) returns s itself.
func (p *jsonParser) keep(s string) string {
	if p.interned == nil {
		return s
	}
	if len(s) > maxInterned {
		return strings.Clone(s)
	}
	if k, ok := p.interned[s]; ok {
		return k
	}
	k := strings.Clone(s)
	p.interned[k] = k
	return k
}

// ParseJSON reads a JSON document. Duplicate keys in an object are an
// error: the document would mean different things to different readers.
//
// The tree shares no memory with src, which the caller may drop once
// parsed (src is only read, never modified).
func ParseJSON(src []byte) (*Tree, error) {
	text := ""
	if len(src) > 0 {
		text = unsafe.String(&src[0], len(src))
	}
	p := &jsonParser{text: text, line: 1, interned: map[string]string{}}
	p.skipBOM()
	p.space()
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.text) {
		return nil, p.errorf("unexpected %s after the top-level value", p.describe())
	}
	return newTree(n, p.nodes), nil
}

func (p *jsonParser) skipBOM() {
	if strings.HasPrefix(p.text, "\ufeff") {
		p.pos = len("\ufeff")
	}
}

func (p *jsonParser) errorf(format string, args ...any) error {
	return &SyntaxError{Line: p.line, Column: p.pos - p.lineStart + 1, Msg: fmt.Sprintf(format, args...)}
}

func (p *jsonParser) describe() string {
	if p.pos >= len(p.text) {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(p.text[p.pos:])
	return fmt.Sprintf("character %q", r)
}

func (p *jsonParser) space() {
	for p.pos < len(p.text) {
		switch p.text[p.pos] {
		case ' ', '\t', '\r':
			p.pos++
		case '\n':
			p.pos++
			p.line++
			p.lineStart = p.pos
		default:
			return
		}
	}
}

// slabNodes and slabItems are the sizes of the blocks nodes and item
// lists are cut from: a node or a list is then one slice of a block, not
// an allocation of its own.
const (
	slabNodes = 256
	slabItems = 1024
)

func (p *jsonParser) node(k Kind) *Node {
	p.nodes++
	if len(p.slab) == 0 {
		p.slab = make([]Node, slabNodes)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.Kind, n.Line, n.Column = k, int32(p.line), int32(p.pos-p.lineStart+1)
	return n
}

// close gives n the items read since mark (an index into p.open).
func (p *jsonParser) close(n *Node, mark int) {
	open := p.open[mark:]
	k := len(open)
	var dst []*Node
	switch {
	case k > slabItems/4:
		dst = make([]*Node, k)
	default:
		if len(p.items) < k {
			p.items = make([]*Node, slabItems)
		}
		dst = p.items[:k:k]
		p.items = p.items[k:]
	}
	copy(dst, open)
	clear(open)
	p.open = p.open[:mark]
	n.setItems(dst)
}

func (p *jsonParser) value(depth int) (*Node, error) {
	if depth > MaxDepth {
		return nil, p.errorf("nesting deeper than %d levels", MaxDepth)
	}
	if p.pos >= len(p.text) {
		return nil, p.errorf("unexpected end of input")
	}
	switch c := p.text[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		n := p.node(Scalar)
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		n.setValue(s)
		return n, nil
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	default:
		for _, lit := range []struct {
			word string
			tag  Tag
		}{{"true", TagBool}, {"false", TagBool}, {"null", TagNull}} {
			if strings.HasPrefix(p.text[p.pos:], lit.word) {
				n := p.node(Scalar)
				n.Tag = lit.tag
				n.setValue(lit.word)
				p.pos += len(lit.word)
				return n, nil
			}
		}
		return nil, p.errorf("unexpected %s, want a JSON value", p.describe())
	}
}

func (p *jsonParser) object(depth int) (*Node, error) {
	n := p.node(Mapping)
	p.pos++ // {
	p.space()
	if p.pos < len(p.text) && p.text[p.pos] == '}' {
		p.pos++
		return n, nil
	}
	var seen map[string]bool
	mark := len(p.open)
	for {
		if p.pos >= len(p.text) || p.text[p.pos] != '"' {
			return nil, p.errorf("unexpected %s, want a string key", p.describe())
		}
		keyLine, keyCol := int32(p.line), int32(p.pos-p.lineStart+1)
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		// Small objects are checked by scanning, large ones through a set.
		if read := p.open[mark:]; len(read) < 16 {
			for _, v := range read {
				if v.Key == key {
					return nil, &SyntaxError{Line: int(keyLine), Column: int(keyCol), Msg: fmt.Sprintf("duplicate key %q (first at line %d)", key, v.KeyLine)}
				}
			}
		} else {
			if seen == nil {
				seen = make(map[string]bool, 2*len(read))
				for _, v := range read {
					seen[v.Key] = true
				}
			}
			if seen[key] {
				var first *Node
				for _, v := range read {
					if v.Key == key {
						first = v
					}
				}
				return nil, &SyntaxError{Line: int(keyLine), Column: int(keyCol), Msg: fmt.Sprintf("duplicate key %q (first at line %d)", key, first.KeyLine)}
			}
			seen[key] = true
		}
		p.space()
		if p.pos >= len(p.text) || p.text[p.pos] != ':' {
			return nil, p.errorf("unexpected %s, want ':' after an object key", p.describe())
		}
		p.pos++
		p.space()
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		v.Key, v.KeyLine, v.KeyColumn = key, keyLine, keyCol
		p.open = append(p.open, v)
		p.space()
		if p.pos >= len(p.text) {
			return nil, p.errorf("unexpected end of input in an object")
		}
		switch p.text[p.pos] {
		case ',':
			p.pos++
			p.space()
		case '}':
			p.pos++
			p.close(n, mark)
			return n, nil
		default:
			return nil, p.errorf("unexpected %s, want ',' or '}'", p.describe())
		}
	}
}

func (p *jsonParser) array(depth int) (*Node, error) {
	n := p.node(Sequence)
	p.pos++ // [
	p.space()
	if p.pos < len(p.text) && p.text[p.pos] == ']' {
		p.pos++
		return n, nil
	}
	mark := len(p.open)
	for {
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		p.open = append(p.open, v)
		p.space()
		if p.pos >= len(p.text) {
			return nil, p.errorf("unexpected end of input in an array")
		}
		switch p.text[p.pos] {
		case ',':
			p.pos++
			p.space()
		case ']':
			p.pos++
			p.close(n, mark)
			return n, nil
		default:
			return nil, p.errorf("unexpected %s, want ',' or ']'", p.describe())
		}
	}
}

func (p *jsonParser) number() (*Node, error) {
	n := p.node(Scalar)
	start := p.pos
	tag, err := p.scanNumber()
	if err != nil {
		return nil, err
	}
	n.Tag = tag
	n.setValue(p.keep(p.text[start:p.pos]))
	return n, nil
}

// scanNumber moves past the number at p.pos and returns its tag.
func (p *jsonParser) scanNumber() (Tag, error) {
	tag := TagInt
	t := p.text
	if p.pos < len(t) && t[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		s := p.pos
		for p.pos < len(t) && t[p.pos] >= '0' && t[p.pos] <= '9' {
			p.pos++
		}
		return p.pos - s
	}
	switch {
	case p.pos < len(t) && t[p.pos] == '0':
		p.pos++
	case digits() == 0:
		return tag, p.errorf("invalid number")
	}
	if p.pos < len(t) && t[p.pos] == '.' {
		p.pos++
		tag = TagFloat
		if digits() == 0 {
			return tag, p.errorf("invalid number: digits expected after '.'")
		}
	}
	if p.pos < len(t) && (t[p.pos] == 'e' || t[p.pos] == 'E') {
		p.pos++
		tag = TagFloat
		if p.pos < len(t) && (t[p.pos] == '+' || t[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return tag, p.errorf("invalid number: digits expected in the exponent")
		}
	}
	return tag, nil
}

// str reads a string literal at p.pos (an opening quote).
func (p *jsonParser) str() (string, error) {
	t := p.text
	p.pos++
	start := p.pos
	for p.pos < len(t) {
		c := t[p.pos]
		switch {
		case c == '"':
			s := p.keep(t[start:p.pos])
			p.pos++
			return s, nil
		case c == '\\':
			return p.escaped(start)
		case c < 0x20:
			return "", p.errorf("control character %q in a string", c)
		}
		p.pos++
	}
	return "", p.errorf("unterminated string")
}

// escaped decodes the rest of a string that has escapes, from start.
func (p *jsonParser) escaped(start int) (string, error) {
	t := p.text
	var sb strings.Builder
	sb.WriteString(t[start:p.pos])
	for p.pos < len(t) {
		c := t[p.pos]
		switch {
		case c == '"':
			p.pos++
			if sb.Len() <= maxInterned {
				return p.keep(sb.String()), nil
			}
			return sb.String(), nil
		case c < 0x20:
			return "", p.errorf("control character %q in a string", c)
		case c != '\\':
			sb.WriteByte(c)
			p.pos++
			continue
		}
		if p.pos+1 >= len(t) {
			return "", p.errorf("unterminated string")
		}
		e := t[p.pos+1]
		p.pos += 2
		switch e {
		case '"', '\\', '/':
			sb.WriteByte(e)
		case 'b':
			sb.WriteByte('\b')
		case 'f':
			sb.WriteByte('\f')
		case 'n':
			sb.WriteByte('\n')
		case 'r':
			sb.WriteByte('\r')
		case 't':
			sb.WriteByte('\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.errorf("invalid \\u escape")
			}
			if utf16.IsSurrogate(r) {
				// A surrogate pair is one character written as two escapes;
				// a lone surrogate becomes U+FFFD, as encoding/json does.
				r2 := rune(-1)
				if strings.HasPrefix(t[p.pos:], `\u`) {
					save := p.pos
					p.pos += 2
					if r2, ok = p.hex4(); !ok {
						return "", p.errorf("invalid \\u escape")
					}
					if utf16.DecodeRune(r, r2) == utf8.RuneError {
						p.pos, r2 = save, -1
					}
				}
				if r2 < 0 {
					r = utf8.RuneError
				} else {
					r = utf16.DecodeRune(r, r2)
				}
			}
			sb.WriteRune(r)
		default:
			return "", p.errorf("invalid escape \\%c", e)
		}
	}
	return "", p.errorf("unterminated string")
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.pos+4 > len(p.text) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.text[p.pos : p.pos+4]) {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	p.pos += 4
	return r, true
}
