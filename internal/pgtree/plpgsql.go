package pgtree

import (
	"strings"

	"github.com/pganalyze/pg_query_go/v6/parser"
)

// ParsePlPgSQL parses a CREATE FUNCTION statement of a PL/pgSQL function
// as pg_query.ParsePlPgSqlToJSON does and returns libpg_query's JSON tree
// as plain values: objects as map[string]any, arrays as []any, strings,
// numbers as float64, booleans and nil. That tree has no schema to
// generate decoders from; read once this way, it replaced decoding every
// level again with encoding/json, which took most of the time DO blocks
// cost a lint.
func ParsePlPgSQL(source string) (any, error) {
	s, err := parser.ParsePlPgSqlToJSON(source)
	if err != nil {
		return nil, err
	}
	return decodePlain(s)
}

// decodePlain reads JSON text s as ParsePlPgSQL returns it.
func decodePlain(s string) (any, error) {
	d := &jdec{s: s}
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	if d.ws(); d.i != len(d.s) {
		return nil, errJSON
	}
	return v, nil
}

// value reads one value of any kind as ParsePlPgSQL returns it.
func (d *jdec) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errDepth
	}
	d.ws()
	if d.i >= len(d.s) {
		return nil, errJSON
	}
	switch d.s[d.i] {
	case '{':
		d.i++
		obj := map[string]any{}
		for first := true; d.more(&first, '}'); {
			k, err := d.key()
			if err != nil {
				return nil, err
			}
			v, err := d.value(depth + 1)
			if err != nil {
				return nil, err
			}
			obj[strings.Clone(k)] = v
		}
		return obj, d.close('}')
	case '[':
		d.i++
		arr := []any{}
		for first := true; d.more(&first, ']'); {
			v, err := d.value(depth + 1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		return arr, d.close(']')
	case '"':
		return d.str()
	case 't', 'f':
		return d.boolean()
	case 'n':
		if strings.HasPrefix(d.s[d.i:], "null") {
			d.i += 4
			return nil, nil
		}
		return nil, errJSON
	}
	return d.float64()
}
