package preflight

import (
	"fmt"
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
	"github.com/schemacheck/schemacheck/migration"
)

// Expressions are kept as parse trees. A pending statement's expression
// (a CHECK, an index key, a USING clause) names the columns of the schema
// the migrations build at that point; substitute rewrites each column into
// the expression that gives its value in the rows the database holds now,
// over live columns only. qualify then points those at a query's alias,
// and text deparses the result: no SQL is built by pasting user text.

// columnRef is a reference to one (live) column.
func columnRef(name string) *pgast.Node {
	return pgast.MakeColumnRefNode([]*pgast.Node{pgast.MakeStrNode(name)}, -1)
}

// nullConst is the SQL NULL constant.
func nullConst() *pgast.Node {
	return &pgast.Node{Node: &pgast.Node_AConst{AConst: &pgast.A_Const{Isnull: true, Location: -1}}}
}

// walkNodes calls fn on every Node below n (n included) until fn returns
// false for a node, whose children are then skipped.
func walkNodes(n *pgast.Node, fn func(*pgast.Node) bool) {
	if n == nil {
		return
	}
	pgtree.Walk(n, func(m pgast.Message) bool {
		if node, ok := m.(*pgast.Node); ok {
			return fn(node)
		}
		return true
	})
}

// refName returns the column a ColumnRef names (its last field), or "".
func refName(n *pgast.Node) string {
	cr := n.GetColumnRef()
	if cr == nil || len(cr.Fields) == 0 {
		return ""
	}
	return cr.Fields[len(cr.Fields)-1].GetString_().GetSval()
}

// substitute returns a copy of expr with every column reference replaced by
// value(column). It fails, with value's reason, when a column's value in
// the existing rows is unknown.
func substitute(expr *pgast.Node, value func(col string) (*pgast.Node, error)) (*pgast.Node, error) {
	out := pgtree.Clone(expr)
	var err error
	walkNodes(out, func(n *pgast.Node) bool {
		if err != nil {
			return false
		}
		name := refName(n)
		if name == "" {
			return true
		}
		v, e := value(name)
		if e != nil {
			err = e
			return false
		}
		n.Node = pgtree.Clone(v).Node
		return false
	})
	return out, err
}

// qualify returns a copy of expr (over live columns) whose column
// references name the query's alias.
func qualify(expr *pgast.Node, alias string) *pgast.Node {
	out := pgtree.Clone(expr)
	walkNodes(out, func(n *pgast.Node) bool {
		if name := refName(n); name != "" {
			n.GetColumnRef().Fields = []*pgast.Node{pgast.MakeStrNode(alias), pgast.MakeStrNode(name)}
			return false
		}
		return true
	})
	return out
}

// columnsOf returns the distinct columns expr references, in order.
func columnsOf(expr *pgast.Node) []string {
	var out []string
	walkNodes(expr, func(n *pgast.Node) bool {
		if name := refName(n); name != "" {
			for _, c := range out {
				if c == name {
					return false
				}
			}
			out = append(out, name)
			return false
		}
		return true
	})
	return out
}

// text deparses an expression.
func text(expr *pgast.Node) (string, error) {
	s, err := pgtree.DeparseExpr(expr)
	if err != nil {
		return "", fmt.Errorf("deparse: %w", err)
	}
	return s, nil
}

// parseExpr parses one expression (as the catalog keeps CHECK expressions).
func parseExpr(s string) (*pgast.Node, error) {
	if len(migration.DeepStatements("SELECT "+s)) > 0 { // text read from a database is not bounded by the migration parser
		return nil, fmt.Errorf("expression nests too deep to parse: %.80s…", s)
	}
	res, err := pgtree.Parse("SELECT " + s)
	if err != nil {
		return nil, err
	}
	if len(res.Stmts) != 1 {
		return nil, fmt.Errorf("not one expression: %q", s)
	}
	sel := res.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 || len(sel.FromClause) > 0 || sel.WhereClause != nil {
		return nil, fmt.Errorf("not one expression: %q", s)
	}
	return sel.TargetList[0].GetResTarget().GetVal(), nil
}

// typeText deparses a type name ("character varying(40)", "public.mood").
func typeText(tn *pgast.TypeName) (string, error) {
	cast := &pgast.Node{Node: &pgast.Node_TypeCast{TypeCast: &pgast.TypeCast{Arg: nullConst(), TypeName: tn, Location: -1}}}
	s, err := text(cast)
	if err != nil {
		return "", err
	}
	t, ok := strings.CutPrefix(s, "NULL::")
	if !ok {
		return "", fmt.Errorf("deparse type: unexpected %q", s)
	}
	return t, nil
}

// ident quotes an identifier.
func ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// literal quotes a string constant.
func literal(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
