package pgtree

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"google.golang.org/protobuf/encoding/protowire"
)

// Parse parses sql as pg_query.Parse does, with the same result and the
// same errors for everything libpg_query writes: libpg_query parses and
// writes the tree in protobuf's wire format, and the generated decoders
// (decode_gen.go) read it into pg_query's structs without protobuf's
// reflection, which was a tenth of lint's time.
func Parse(sql string) (*pg_query.ParseResult, error) {
	b, err := parser.ParseToProtobuf(sql)
	if err != nil {
		return nil, err
	}
	tree := &pg_query.ParseResult{}
	if err := decodeParseResult(b, tree, 0); err != nil {
		return nil, err
	}
	return tree, nil
}

// Scan splits sql into tokens as pg_query.Scan does, decoding as Parse does.
func Scan(sql string) (*pg_query.ScanResult, error) {
	b, err := parser.ScanToProtobuf(sql)
	if err != nil {
		return nil, err
	}
	res := &pg_query.ScanResult{}
	if err := decodeScanResult(b, res, 0); err != nil {
		return nil, err
	}
	return res, nil
}

// maxDepth is how deep messages may nest, as protobuf's unmarshal allows
// by default (protowire.DefaultRecursionLimit).
const maxDepth = 10000

var (
	errWire  = errors.New("pgtree: parse tree is not valid protobuf wire format")
	errUTF8  = errors.New("pgtree: parse tree holds a string that is not valid UTF-8")
	errDepth = errors.New("pgtree: parse tree nests deeper than protobuf's recursion limit")
)

// consumeBytes reads a length-delimited field's value.
func consumeBytes(b []byte) (v, rest []byte, err error) {
	v, n := protowire.ConsumeBytes(b)
	if n < 0 {
		return nil, nil, errWire
	}
	return v, b[n:], nil
}

// consumeVarint reads a varint field's value.
func consumeVarint(b []byte) (x uint64, rest []byte, err error) {
	x, n := protowire.ConsumeVarint(b)
	if n < 0 {
		return 0, nil, errWire
	}
	return x, b[n:], nil
}

// consumeTag reads a field's number and wire type, refusing numbers
// protobuf does not allow.
func consumeTag(b []byte) (protowire.Number, protowire.Type, []byte, error) {
	num, typ, n := protowire.ConsumeTag(b)
	if n < 0 || num > protowire.MaxValidNumber {
		return 0, 0, nil, errWire
	}
	return num, typ, b[n:], nil
}

// skipField skips the value of a field the decoder does not read.
func skipField(num protowire.Number, typ protowire.Type, b []byte) ([]byte, error) {
	n := protowire.ConsumeFieldValue(num, typ, b)
	if n < 0 {
		return nil, errWire
	}
	return b[n:], nil
}

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
