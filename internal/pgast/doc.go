// Package pgast holds the Go types of PostgreSQL parse trees: the same
// names, fields, getters, oneof wrappers and enum constants as
// github.com/pganalyze/pg_query_go/v6, generated from pg_query's protobuf
// schema by internal/pgtree/gen (ast_gen.go), but plain structs with no
// protobuf runtime behind them. pg_query's types register their
// descriptors at init and link protobuf's reflection runtime, which cost
// lint 3.3 MB of peak RSS while the program never used them:
// internal/pgtree parses, walks, clones and deparses trees of these types
// with generated code, and its TestTypesMatchPgQuery holds every type,
// field, getter and enum name here to pg_query's.
package pgast

// Message is any message of the schema (a *Node, a *RangeVar, …); Walk
// hands each to its callback as one.
type Message interface {
	isMessage()
}

// MakeStrNode is pg_query.MakeStrNode: a Node holding the String str.
func MakeStrNode(str string) *Node {
	return &Node{Node: &Node_String_{String_: &String{Sval: str}}}
}

// MakeColumnRefNode is pg_query.MakeColumnRefNode: a Node holding a
// ColumnRef of fields.
func MakeColumnRefNode(fields []*Node, location int32) *Node {
	return &Node{Node: &Node_ColumnRef{ColumnRef: &ColumnRef{Fields: fields, Location: location}}}
}
