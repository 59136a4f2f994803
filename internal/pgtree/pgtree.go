// Package pgtree holds pg_query parse trees: Parse and Scan make them,
// Walk visits them, Deparse prints them and Clone copies them. Walk is the
// one walker of the codebase: it visits every node of every kind, so a
// search for function calls or column references cannot miss one hidden
// inside CASE, AND/OR, a cast or a function argument. All of them run on
// code generated from pg_query's protobuf schema (walk_gen.go,
// json_gen.go for parse trees, which libpg_query writes faster as JSON
// than as protobuf, decode_gen.go for scans, encode_gen.go, clone_gen.go,
// by ./gen) instead of protobuf's reflection, so a node kind added by a
// later parser version is handled once the files are regenerated; tests
// hold them to pg_query's own Parse, protobuf's marshal, clone and
// reflection over the corpus.
package pgtree

//go:generate go run ./gen

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Walk calls fn for every message in the tree rooted at n, n first, depth
// first with fields in the order pg_query's schema declares them. It does
// not descend below a message for which fn returns false.
func Walk(n proto.Message, fn func(proto.Message) bool) {
	if n == nil || walkAny(n, fn) {
		return
	}
	walkReflect(n.ProtoReflect(), fn)
}

// walkReflect walks any message through protobuf reflection. Its order is
// not stable: protobuf's Range swaps two fields in some builds (detrand).
func walkReflect(m protoreflect.Message, fn func(proto.Message) bool) {
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
				walkReflect(l.Get(i).Message(), fn)
			}
		case fd.Message() != nil && !fd.IsMap():
			walkReflect(v.Message(), fn)
		}
		return true
	})
}

// FuncCalls returns the unqualified, lowercased name of every function
// called in the tree rooted at n, in Walk's order.
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

// Clone returns a deep copy of m, as proto.Clone does, through the
// generated clone functions (clone_gen.go) for pg_query's tree.
func Clone[T proto.Message](m T) T {
	if c, ok := cloneAny(m).(T); ok {
		return c
	}
	return proto.Clone(m).(T)
}
