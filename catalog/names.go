package catalog

import (
	"regexp"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
)

// maxIdentifier is NAMEDATALEN-1: PostgreSQL truncates longer names.
const maxIdentifier = 63

// objectName builds a generated name the way PostgreSQL's makeObjectName
// does: name1_name2_label, shortening the longer of name1 and name2 one
// byte at a time until the whole fits in 63 bytes.
func objectName(name1, name2, label string) string {
	overhead := len(label) + 1
	if name2 != "" {
		overhead++
	}
	avail := maxIdentifier - overhead
	n1, n2 := len(name1), len(name2)
	for n1+n2 > avail {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	s := name1[:n1]
	if name2 != "" {
		s += "_" + name2[:n2]
	}
	return s + "_" + label
}

// GeneratedName is the name PostgreSQL gives an unnamed index or
// constraint of table over cols: table_col1_col2_label, the column part
// cut to 63 bytes and the whole shortened as makeObjectName shortens it.
func GeneratedName(table string, cols []string, label string) string {
	joined := strings.Join(cols, "_")
	if len(joined) > maxIdentifier {
		joined = joined[:maxIdentifier]
	}
	return objectName(table, joined, label)
}

var constraintLabel = map[pgast.ConstrType]string{
	pgast.ConstrType_CONSTR_PRIMARY: "pkey", pgast.ConstrType_CONSTR_UNIQUE: "key",
	pgast.ConstrType_CONSTR_CHECK: "check", pgast.ConstrType_CONSTR_FOREIGN: "fkey",
	pgast.ConstrType_CONSTR_EXCLUSION: "excl",
}

// ConstraintName returns con's name, or the one PostgreSQL gives it on
// table; column is set for a constraint written on a column definition.
func ConstraintName(table string, con *pgast.Constraint, column string) string {
	if con.Conname != "" {
		return con.Conname
	}
	if con.Indexname != "" { // ADD UNIQUE USING INDEX: the constraint takes the index's name
		return con.Indexname
	}
	var cols []string
	switch con.Contype {
	case pgast.ConstrType_CONSTR_PRIMARY:
		return GeneratedName(table, nil, "pkey")
	case pgast.ConstrType_CONSTR_CHECK:
		// A CHECK is named after its column only when the expression reads
		// exactly one (t_price_check), else after the table (t_check),
		// even when written on a column definition.
		if refs := distinct(columnRefs(con.RawExpr)); len(refs) == 1 {
			cols = refs
		}
		return GeneratedName(table, cols, "check")
	case pgast.ConstrType_CONSTR_FOREIGN:
		cols = stringList(con.FkAttrs)
	default:
		cols = stringList(con.Keys)
	}
	if len(cols) == 0 && column != "" {
		cols = []string{column}
	}
	return GeneratedName(table, cols, constraintLabel[con.Contype])
}

// columnRefs returns the column names expr refers to, once per occurrence,
// in the order they appear. It walks the protobuf tree generically, so
// every expression node kind is covered.
func columnRefs(expr *pgast.Node) []string {
	var out []string
	pgtree.Walk(expr, func(m pgast.Message) bool {
		cr, ok := m.(*pgast.ColumnRef)
		if !ok {
			return true
		}
		if fields := cr.GetFields(); len(fields) > 0 {
			if s := fields[len(fields)-1].GetString_(); s != nil {
				out = append(out, s.Sval)
			}
		}
		return false
	})
	return out
}

// inTableOrder returns the distinct names of cols that are columns of t,
// ordered as the table's columns are (as pg_constraint.conkey is).
func inTableOrder(t *Table, cols []string) []string {
	var out []string
	for _, c := range t.Columns {
		if slices.Contains(cols, c.Name) {
			out = append(out, c.Name)
		}
	}
	return out
}

var plainIdentifier = regexp.MustCompile(`^[a-z_][a-z0-9_$]*$`)

// quoteIdent quotes a name as format_type() prints it: only when it is not
// a plain lowercase identifier.
func quoteIdent(s string) string {
	if plainIdentifier.MatchString(s) {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// storesDefault reports whether PostgreSQL keeps expr as the default of a
// column of type t. A NULL default folds to a plain constant and is not
// stored, unless the type has a modifier (varchar(40)): then the length
// coercion makes it an expression, which is stored.
func storesDefault(t Type, expr *pgast.Node) bool {
	if tc := expr.GetTypeCast(); tc != nil {
		expr = tc.Arg
	}
	c := expr.GetAConst()
	return c == nil || !c.Isnull || len(t.Mods) > 0
}

func distinct(names []string) []string {
	var out []string
	for _, n := range names {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}
