// Package pgtree walks pg_query parse trees. It is the one walker of the
// codebase: it visits every node of every kind generically (through
// protobuf reflection), so a search for function calls or column references
// cannot miss one hidden inside CASE, AND/OR, a cast, a function argument or
// any node kind added by a later parser version.
package pgtree

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Walk calls fn for every message in the tree rooted at n, n first, depth
// first in field order. It does not descend below a message for which fn
// returns false.
func Walk(n proto.Message, fn func(proto.Message) bool) {
	if n == nil {
		return
	}
	walk(n.ProtoReflect(), fn)
}

func walk(m protoreflect.Message, fn func(proto.Message) bool) {
	if !m.IsValid() {
		return
	}
	if !fn(m.Interface()) {
		return
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				walk(l.Get(i).Message(), fn)
			}
		case fd.Message() != nil && !fd.IsMap():
			walk(v.Message(), fn)
		}
		return true
	})
}

// FuncCalls returns the unqualified, lowercased name of every function
// called in the tree rooted at n, in the order they appear.
func FuncCalls(n proto.Message) []string {
	var out []string
	Walk(n, func(m proto.Message) bool {
		if fc, ok := m.(*pg_query.FuncCall); ok && len(fc.Funcname) > 0 {
			out = append(out, strings.ToLower(fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval()))
		}
		return true
	})
	return out
}
