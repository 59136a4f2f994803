package pgtree

import (
	"errors"
	"unicode/utf8"

	"github.com/pganalyze/pg_query_go/v6/parser"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"google.golang.org/protobuf/encoding/protowire"
)

// Parse parses sql as pg_query.Parse does, with the same result and the
// same errors for everything libpg_query writes. It reads libpg_query's
// JSON output with the generated decoders (json_gen.go), not its protobuf
// output: libpg_query's protobuf writer (protobuf-c, which walks all 260
// members of every Node twice) was a third of lint's instructions, and the
// JSON path, decoding included, takes half the time over the corpus.
func Parse(sql string) (*pgast.ParseResult, error) {
	s, err := parser.ParseToJSON(sql)
	if err != nil {
		return nil, err
	}
	return decodeJSON(s)
}

// decodeJSON reads the tree libpg_query wrote as JSON text s.
func decodeJSON(s string) (*pgast.ParseResult, error) {
	if !utf8.ValidString(s) { // a string protobuf's decoder would refuse
		return nil, errUTF8
	}
	d := &jdec{s: s}
	tree := &pgast.ParseResult{}
	if err := jsonParseResult(d, tree, 0); err != nil {
		return nil, err
	}
	if d.ws(); d.i != len(d.s) {
		return nil, errJSON
	}
	return tree, nil
}

// Scan splits sql into tokens as pg_query.Scan does, decoding as Parse does.
func Scan(sql string) (*pgast.ScanResult, error) {
	b, err := parser.ScanToProtobuf(sql)
	if err != nil {
		return nil, err
	}
	res := &pgast.ScanResult{}
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
