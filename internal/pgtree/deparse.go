package pgtree

import (
	"fmt"
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"google.golang.org/protobuf/encoding/protowire"
)

// Deparse turns tree back into SQL text as pg_query.Deparse does, writing
// the protobuf bytes the deparser reads with the generated encoders.
func Deparse(tree *pg_query.ParseResult) (string, error) {
	return parser.DeparseFromProtobuf(encodeParseResult(nil, tree))
}

// DeparseStmt prints one statement's tree as PostgreSQL's deparser does:
// one canonical text whatever the statement's layout, case and quoting.
func DeparseStmt(stmt *pg_query.Node) (string, error) {
	return Deparse(&pg_query.ParseResult{Version: treeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: stmt}}})
}

// DeparseExpr prints an expression, deparsed as the statement SELECT expr.
func DeparseExpr(expr *pg_query.Node) (string, error) {
	sel := &pg_query.SelectStmt{TargetList: []*pg_query.Node{{Node: &pg_query.Node_ResTarget{ResTarget: &pg_query.ResTarget{Val: expr}}}}}
	out, err := DeparseStmt(&pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}})
	if err != nil {
		return "", err
	}
	s, ok := strings.CutPrefix(out, "SELECT ")
	if !ok {
		return "", fmt.Errorf("the deparser printed %q, not a SELECT", out)
	}
	return s, nil
}

// treeVersion is the tree version the deparser expects: the parser's own
// (pg_query exports no constant for it).
var treeVersion = sync.OnceValue(func() int32 {
	res, err := Parse("SELECT 1")
	if err != nil {
		return 0
	}
	return res.Version
})

// putLength writes the length of the message appended after b[at], where
// one byte was kept for it, as a varint, moving the message when its
// length needs more than one byte.
func putLength(b []byte, at int) []byte {
	n := len(b) - at - 1
	if n < 0x80 {
		b[at] = byte(n)
		return b
	}
	size := protowire.SizeVarint(uint64(n))
	b = append(b, make([]byte, size-1)...)
	copy(b[at+size:], b[at+1:at+1+n])
	protowire.AppendVarint(b[at:at], uint64(n))
	return b
}
