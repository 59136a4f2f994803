// Package pgtree holds parse trees of package pgast's types (pg_query's,
// without protobuf's runtime): Parse and Scan make them, Walk visits them,
// Deparse prints them and Clone copies them. Walk is the one walker of the
// codebase: it visits every node of every kind, so a search for function
// calls or column references cannot miss one hidden inside CASE, AND/OR, a
// cast or a function argument. All of them run on code generated from
// pg_query's protobuf schema (walk_gen.go, json_gen.go for parse trees,
// which libpg_query writes faster as JSON than as protobuf, decode_gen.go
// for scans, encode_gen.go, clone_gen.go, by ./gen, which also writes
// pgast) instead of protobuf's reflection, so a node kind added by a later
// parser version is handled once the files are regenerated; tests hold
// them to pg_query's own types, Parse, Deparse and Scan, protobuf's
// marshal, clone and reflection over the corpus (oracle_test.go).
package pgtree

//go:generate go run ./gen

import (
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
)

// Walk calls fn for every message in the tree rooted at n, n first, depth
// first with fields in the order pg_query's schema declares them. It does
// not descend below a message for which fn returns false.
func Walk(n pgast.Message, fn func(pgast.Message) bool) {
	walkAny(n, fn)
}

// FuncCalls returns the unqualified, lowercased name of every function
// called in the tree rooted at n, in Walk's order.
func FuncCalls(n pgast.Message) []string {
	var out []string
	Walk(n, func(m pgast.Message) bool {
		if fc, ok := m.(*pgast.FuncCall); ok && len(fc.Funcname) > 0 {
			out = append(out, strings.ToLower(fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval()))
		}
		return true
	})
	return out
}

// Clone returns a deep copy of m, as proto.Clone does, through the
// generated clone functions (clone_gen.go), one per message kind of a
// parse tree or a scan; a summary's message (which nothing clones) comes
// back as T's zero value.
func Clone[T pgast.Message](m T) T {
	c, _ := cloneAny(m).(T)
	return c
}
