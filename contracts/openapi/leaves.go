package openapi

import (
	"encoding/binary"
	"strings"

	"github.com/schemacheck/schemacheck/internal/doctree"
)

// leaves are the translations of leaf schema objects, those with neither a
// subschema nor a $ref ({"type": "string", "maxLength": 5000}), by what is
// written in them: both versions' sets of a view share one translation of
// each. A leaf's translation depends on nothing but its own keywords (no
// $ref to resolve, no property a view hides), and the compiler only reads
// translations, so one value can stand wherever the leaf is written. The
// compiler holds every translation of a view until it is done, and most
// schema objects of an API are leaves written alike: on the generated
// 23 MB-each pair every resource's seven properties repeat those of the
// others.
type leaves struct {
	byText map[string]any
	buf    []byte
}

func newLeaves() *leaves { return &leaves{byText: map[string]any{}} }

// text appends what the translation of leaf n reads to l.buf and reports
// whether n is a leaf. The keywords the translator drops are left out
// (but nullable, which it reads).
func (l *leaves) text(n *Node) bool {
	l.buf = l.buf[:0]
	for _, v := range n.Items() {
		k := v.Key
		switch {
		case k == "$ref" || oneSchema[k] || schemaList[k] || schemaMap[k]:
			return false
		case dropped[k] && k != "nullable", strings.HasPrefix(k, "x-"), k == "examples":
			continue
		}
		l.buf = appendText(l.buf, k)
		l.buf = appendValue(l.buf, v)
	}
	return true
}

// appendValue appends an unambiguous encoding of value v: its kind and
// tag, then a scalar's text or a collection's items (with their keys).
func appendValue(b []byte, v *Node) []byte {
	b = append(b, byte(v.Kind), byte(v.Tag))
	if v.Kind == doctree.Scalar {
		return appendText(b, v.Value())
	}
	items := v.Items()
	b = binary.AppendUvarint(b, uint64(len(items)))
	for _, e := range items {
		if v.Kind == doctree.Mapping {
			b = appendText(b, e.Key)
		}
		b = appendValue(b, e)
	}
	return b
}

func appendText(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}
