package pgtree

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/pganalyze/pg_query_go/v6/parser"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"google.golang.org/protobuf/encoding/protowire"
)

// Deparse turns tree back into SQL text as pg_query.Deparse does, writing
// the protobuf bytes the deparser reads with the generated encoders.
func Deparse(tree *pgast.ParseResult) (string, error) {
	return parser.DeparseFromProtobuf(encodeParseResult(nil, tree))
}

// DeparseStmt prints one statement's tree as PostgreSQL's deparser does:
// one canonical text whatever the statement's layout, case and quoting.
func DeparseStmt(stmt *pgast.Node) (string, error) {
	return Deparse(&pgast.ParseResult{Version: treeVersion(), Stmts: []*pgast.RawStmt{{Stmt: stmt}}})
}

// DeparseExpr prints an expression, deparsed as the statement SELECT expr.
func DeparseExpr(expr *pgast.Node) (string, error) {
	if s, ok := deparseConstant(expr); ok {
		return s, nil
	}
	return deparseSelected(expr)
}

// deparseSelected is DeparseExpr through the deparser, always.
func deparseSelected(expr *pgast.Node) (string, error) {
	sel := &pgast.SelectStmt{TargetList: []*pgast.Node{{Node: &pgast.Node_ResTarget{ResTarget: &pgast.ResTarget{Val: expr}}}}}
	out, err := DeparseStmt(&pgast.Node{Node: &pgast.Node_SelectStmt{SelectStmt: sel}})
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

// deparseConstant prints, as the deparser does, the expressions column
// defaults most often are: true, false, a non-negative integer and the
// SQL value functions (current_timestamp). They were half the catalog's
// deparses on the corpus, and a deparse is mostly protobuf-c unpacking
// and freeing the tree, a walk over the 260 members of every Node's
// oneof. ok is false for any other expression.
// TestDeparseConstantMatchesDeparser holds it to the deparser on every
// such expression of the corpus.
func deparseConstant(expr *pgast.Node) (string, bool) {
	switch n := expr.GetNode().(type) {
	case *pgast.Node_AConst:
		switch v := n.AConst.GetVal().(type) {
		case *pgast.A_Const_Boolval:
			if n.AConst.Isnull {
				return "", false
			}
			return strconv.FormatBool(v.Boolval.Boolval), true
		case *pgast.A_Const_Ival:
			if n.AConst.Isnull || v.Ival.Ival < 0 {
				return "", false
			}
			return strconv.Itoa(int(v.Ival.Ival)), true
		}
	case *pgast.Node_SqlvalueFunction:
		f := n.SqlvalueFunction
		name, ok := sqlValueFunctions[f.Op]
		if !ok {
			return "", false
		}
		if f.Typmod != -1 {
			return name + "(" + strconv.Itoa(int(f.Typmod)) + ")", true
		}
		return name, true
	}
	return "", false
}

// sqlValueFunctions are the names the deparser prints for each SQL value
// function (the _N forms carry a precision, printed after the name).
var sqlValueFunctions = map[pgast.SQLValueFunctionOp]string{
	pgast.SQLValueFunctionOp_SVFOP_CURRENT_DATE:        "current_date",
	pgast.SQLValueFunctionOp_SVFOP_CURRENT_TIME:        "current_time",
	pgast.SQLValueFunctionOp_SVFOP_CURRENT_TIME_N:      "current_time",
	pgast.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP:   "current_timestamp",
	pgast.SQLValueFunctionOp_SVFOP_CURRENT_TIMESTAMP_N: "current_timestamp",
	pgast.SQLValueFunctionOp_SVFOP_LOCALTIME:           "localtime",
	pgast.SQLValueFunctionOp_SVFOP_LOCALTIME_N:         "localtime",
	pgast.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP:      "localtimestamp",
	pgast.SQLValueFunctionOp_SVFOP_LOCALTIMESTAMP_N:    "localtimestamp",
	pgast.SQLValueFunctionOp_SVFOP_CURRENT_ROLE:        "current_role",
	pgast.SQLValueFunctionOp_SVFOP_CURRENT_USER:        "current_user",
	pgast.SQLValueFunctionOp_SVFOP_USER:                "user",
	pgast.SQLValueFunctionOp_SVFOP_SESSION_USER:        "session_user",
	pgast.SQLValueFunctionOp_SVFOP_CURRENT_CATALOG:     "current_catalog",
	pgast.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA:      "current_schema",
}
