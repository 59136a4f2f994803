package pgtree

import (
	"errors"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"google.golang.org/protobuf/encoding/protowire"
)

// Parse parses sql as pg_query.Parse does, with the same result and the
// same errors for everything libpg_query writes: libpg_query writes the
// tree in protobuf's wire format, and the generated decoders
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
// by default.
const maxDepth = protowire.DefaultRecursionLimit

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
