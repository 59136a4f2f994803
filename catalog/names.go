package catalog

import (
	"regexp"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"

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

// columnRefs returns the column names expr refers to, once per occurrence,
// in the order they appear. It walks the protobuf tree generically, so
// every expression node kind is covered.
func columnRefs(expr *pg_query.Node) []string {
	var out []string
	pgtree.Walk(expr, func(m proto.Message) bool {
		cr, ok := m.(*pg_query.ColumnRef)
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
func storesDefault(t Type, expr *pg_query.Node) bool {
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
