package rules

import (
	"strconv"
	"strings"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
)

// truth is SQL's three-valued logic, plus unknown: a value that depends on
// what a writer stores.
type truth int

const (
	unknown truth = iota
	sqlTrue
	sqlFalse
	sqlNull
)

// checkPassesOldWrites reports whether CHECK expression expr on t holds
// for every row code deployed before the change can write. That code does
// not know the columns this change added, so they hold their default (or
// NULL); whatever it stores in the other columns, the check must come out
// true or NULL (a CHECK lets NULL through). Only comparisons of those
// columns with constants, IN lists, AND, OR and NOT are folded; anything
// else is unknown, and the constraint stays reported. storage's
// versioning_status CHECKs hold for its default 'DISABLED'.
func checkPassesOldWrites(p *Pass, t catalog.Name, expr *pgast.Node) bool {
	v := fold(p, t, expr)
	return v == sqlTrue || v == sqlNull
}

// fold evaluates n as far as the values of the change's new columns decide
// it.
func fold(p *Pass, t catalog.Name, n *pgast.Node) truth {
	switch {
	case n.GetBoolExpr() != nil:
		b := n.GetBoolExpr()
		var args []truth
		for _, a := range b.Args {
			args = append(args, fold(p, t, a))
		}
		switch b.Boolop {
		case pgast.BoolExprType_AND_EXPR:
			return and(args)
		case pgast.BoolExprType_OR_EXPR:
			return or(args)
		case pgast.BoolExprType_NOT_EXPR:
			return not(args[0])
		}
	case n.GetAExpr() != nil:
		return compare(p, t, n.GetAExpr())
	case n.GetNullTest() != nil:
		return nullTest(p, t, n.GetNullTest())
	}
	return unknown
}

// nullTest folds col IS [NOT] NULL: a new column holds its default, and
// code deployed before writes a value into a column that is NOT NULL
// without a default before the statement (it could not insert a row
// without one). One with a default is left unknown: the change may drop
// it, and that code's INSERTs that omit the column then store NULL.
func nullTest(p *Pass, t catalog.Name, e *pgast.NullTest) truth {
	isNull := unknown
	if c, ok := value(p, t, e.Arg); ok {
		isNull = truthOf(c.null)
	} else if ref := e.Arg.GetColumnRef(); ref != nil {
		fields := ref.Fields
		col := columnOf(p, t, fields[len(fields)-1].GetString_().GetSval())
		if col != nil && col.NotNull && col.Default == nil && col.Identity == "" && col.Generated == "" {
			isNull = sqlFalse
		}
	}
	if e.Nulltesttype == pgast.NullTestType_IS_NOT_NULL {
		return not(isNull)
	}
	return isNull
}

func truthOf(b bool) truth {
	if b {
		return sqlTrue
	}
	return sqlFalse
}

func and(args []truth) truth {
	out := sqlTrue
	for _, a := range args {
		switch {
		case a == sqlFalse:
			return sqlFalse
		case a == unknown:
			out = unknown
		case a == sqlNull && out == sqlTrue:
			out = sqlNull
		}
	}
	return out
}

func or(args []truth) truth {
	out := sqlFalse
	for _, a := range args {
		switch {
		case a == sqlTrue:
			return sqlTrue
		case a == unknown:
			out = unknown
		case a == sqlNull && out == sqlFalse:
			out = sqlNull
		}
	}
	return out
}

func not(a truth) truth {
	switch a {
	case sqlTrue:
		return sqlFalse
	case sqlFalse:
		return sqlTrue
	}
	return a
}

// constant is a value known before any row is written: a literal, or a new
// column's default. null marks SQL NULL.
type constant struct {
	text string
	null bool
}

// compare folds col = c, col <> c, col IN (…) and col NOT IN (…) when
// both sides are constants. Values compare by their literal text, so only
// identical texts are equal; different texts are unequal only when both
// are strings or integers (as '1.0' and '1' may be equal numbers).
func compare(p *Pass, t catalog.Name, e *pgast.A_Expr) truth {
	op := ""
	if len(e.Name) == 1 {
		op = e.Name[0].GetString_().GetSval()
	}
	left, ok := value(p, t, e.Lexpr)
	if !ok {
		return compareTruths(p, t, e, op)
	}
	switch {
	case e.Kind == pgast.A_Expr_Kind_AEXPR_OP && (op == "=" || op == "<>" || op == "!="):
		right, ok := value(p, t, e.Rexpr)
		if !ok {
			return unknown
		}
		eq := equal(left, right)
		if op == "=" {
			return eq
		}
		return not(eq)
	case e.Kind == pgast.A_Expr_Kind_AEXPR_IN && (op == "=" || op == "<>"):
		var each []truth
		for _, item := range e.Rexpr.GetList().GetItems() {
			right, ok := value(p, t, item)
			if !ok {
				return unknown
			}
			each = append(each, equal(left, right))
		}
		if op == "=" {
			return or(each)
		}
		return not(or(each))
	}
	return unknown
}

// compareTruths folds a = b and a <> b between two conditions, as in
// CHECK ((a IS NULL) = (b IS NULL)).
func compareTruths(p *Pass, t catalog.Name, e *pgast.A_Expr, op string) truth {
	if e.Kind != pgast.A_Expr_Kind_AEXPR_OP || op != "=" && op != "<>" && op != "!=" {
		return unknown
	}
	l, r := fold(p, t, e.Lexpr), fold(p, t, e.Rexpr)
	switch {
	case l == unknown || r == unknown:
		return unknown
	case l == sqlNull || r == sqlNull:
		return sqlNull
	case op == "=":
		return truthOf(l == r)
	}
	return truthOf(l != r)
}

func equal(a, b constant) truth {
	switch {
	case a.null || b.null:
		return sqlNull
	case a.text == b.text:
		return sqlTrue
	case plainLiteral(a.text) && plainLiteral(b.text):
		return sqlFalse
	}
	return unknown
}

// plainLiteral reports whether a constant's text is a string literal or a
// decimal integer, whose different texts are different values.
func plainLiteral(s string) bool {
	if strings.HasPrefix(s, "'") {
		return true
	}
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// value is the constant n stands for: a literal (with or without a cast to
// a string type or an enum, whose labels are equal when written alike), or
// a column this change added, which code deployed before leaves at its
// default. Other columns hold whatever that code writes.
func value(p *Pass, t catalog.Name, n *pgast.Node) (constant, bool) {
	if tc := n.GetTypeCast(); tc != nil {
		if !stringType(tc.TypeName) && p.Catalog.EnumOf(catalog.TypeOf(tc.TypeName)) == nil {
			return constant{}, false
		}
		n = tc.Arg
	}
	if c := n.GetAConst(); c != nil {
		switch {
		case c.Isnull:
			return constant{null: true}, true
		case c.GetSval() != nil:
			return constant{text: "'" + c.GetSval().Sval + "'"}, true
		case c.GetIval() != nil:
			return constant{text: strconv.Itoa(int(c.GetIval().Ival))}, true
		}
		return constant{}, false
	}
	ref := n.GetColumnRef()
	if ref == nil {
		return constant{}, false
	}
	fields := ref.Fields
	name := fields[len(fields)-1].GetString_().GetSval()
	col := columnOf(p, t, name)
	if name == "" || !p.columnIsNew(t, name) || col == nil || col.Identity != "" || col.Generated != "" {
		return constant{}, false
	}
	if col.Default == nil {
		return constant{null: true}, true
	}
	res, err := pgtree.Parse("SELECT " + col.Default.Expr)
	if err != nil || len(res.Stmts) != 1 {
		return constant{}, false
	}
	targets := res.Stmts[0].Stmt.GetSelectStmt().GetTargetList()
	if len(targets) != 1 {
		return constant{}, false
	}
	def := targets[0].GetResTarget().GetVal()
	if def.GetColumnRef() != nil { // a default names no column; a deparsed one never does
		return constant{}, false
	}
	return value(p, t, def)
}

// stringType reports whether a cast keeps a literal's text: to text or
// varchar without a length (char(n) pads it, varchar(n) cuts it).
func stringType(tn *pgast.TypeName) bool {
	names := stringList(tn.GetNames())
	if len(names) == 0 {
		return false
	}
	switch names[len(names)-1] {
	case "text", "varchar":
		return len(tn.GetTypmods()) == 0 // varchar(n) cuts a longer literal
	}
	return false
}
