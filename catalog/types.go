package catalog

import (
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
)

// typeAliases maps the spellings the parser produces (pg_catalog internal
// names and SQL keywords) to the names format_type() prints.
var typeAliases = map[string]string{
	"int2": "smallint", "int4": "integer", "int": "integer", "int8": "bigint",
	"smallserial": "smallint", "serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
	"float4": "real", "float8": "double precision", "bool": "boolean",
	"varchar": "character varying", "bpchar": "character", "char": "character",
	"timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone",
	"time": "time without time zone", "timetz": "time with time zone",
	"varbit": "bit varying", "decimal": "numeric",
}

// serialTypes are the pseudo-types that create a sequence and a default.
var serialTypes = map[string]bool{
	"smallserial": true, "serial": true, "serial2": true, "serial4": true, "bigserial": true, "serial8": true,
}

// TypeOf normalizes a parsed type name.
func TypeOf(tn *pgast.TypeName) Type {
	if tn == nil {
		return Type{}
	}
	names := typeNames(tn)
	name := names[len(names)-1]
	schema := ""
	if len(names) > 1 {
		schema = names[0]
	}
	t := Type{ArrayDims: len(tn.ArrayBounds)}
	// The parser has already folded unquoted names to lower case; a name
	// that still has capitals was quoted and keeps them.
	if alias, ok := typeAliases[name]; ok && (schema == "" || schema == "pg_catalog") {
		t.Name = alias
	} else if schema != "" && schema != "pg_catalog" {
		t.Name = quoteIdent(schema) + "." + quoteIdent(name)
	} else {
		t.Name = quoteIdent(name)
	}
	for _, m := range tn.Typmods {
		if c := m.GetAConst(); c != nil && c.GetIval() != nil {
			t.Mods = append(t.Mods, int(c.GetIval().Ival))
		}
	}
	// float(p) is real or double precision, not a modifier.
	if t.Name == "float" {
		t.Name, t.Mods = "double precision", nil
	}
	return t
}

// IsSerial reports whether tn is one of the serial pseudo-types.
func IsSerial(tn *pgast.TypeName) bool {
	if tn == nil {
		return false
	}
	names := typeNames(tn)
	return serialTypes[strings.ToLower(names[len(names)-1])]
}

func typeNames(tn *pgast.TypeName) []string {
	var names []string
	for _, n := range tn.Names {
		names = append(names, n.GetString_().GetSval())
	}
	if len(names) == 0 {
		return []string{""}
	}
	return names
}
