package catalog

import (
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
)

// routine is what the catalog knows about a function the migrations
// create: how many arguments it takes, and whether a call of it is
// volatile once PostgreSQL has planned it. ADD COLUMN … DEFAULT asks
// that question of the planned default (StoreAttrDefault runs
// expression_planner first), and the planner inlines a simple SQL
// function into its body: ente's now_utc_micro_seconds(), declared
// LANGUAGE sql without a volatility (so VOLATILE), is inlined to an
// expression over now(), which is stable, and the column is added
// without a rewrite.
type routine struct {
	args       int
	volatile   bool
	overloaded bool // created again with another number of arguments: which one a call means is not known
}

// noteRoutine records function f of a CREATE [OR REPLACE] FUNCTION.
func (c *Catalog) noteRoutine(f *pgast.CreateFunctionStmt) {
	if f.IsProcedure || len(f.Funcname) == 0 {
		return
	}
	name := strings.ToLower(f.Funcname[len(f.Funcname)-1].GetString_().GetSval())
	r := routine{args: inArgs(f), volatile: c.routineVolatile(f)}
	if old, ok := c.routines[name]; ok && (old.overloaded || old.args != r.args) {
		r.overloaded = true
	}
	c.routines[name] = r
}

// inArgs counts the arguments a call of f passes: its parameters but the
// OUT and TABLE ones.
func inArgs(f *pgast.CreateFunctionStmt) int {
	n := 0
	for _, p := range f.Parameters {
		switch p.GetFunctionParameter().GetMode() {
		case pgast.FunctionParameterMode_FUNC_PARAM_OUT, pgast.FunctionParameterMode_FUNC_PARAM_TABLE:
		default:
			n++
		}
	}
	return n
}

// routineVolatile reports whether a call of f is volatile after planning:
// declared IMMUTABLE or STABLE it is not; declared VOLATILE (the default)
// it is, unless the planner inlines it (inline_function) into a body that
// calls nothing volatile. Only a function this can tell for sure is
// inlined counts: LANGUAGE sql, not SECURITY DEFINER, STRICT or with SET
// options, returning one value, taking no arguments (with arguments,
// inlining also depends on how often the body uses each), and whose body
// is one SELECT of one expression with no FROM, WHERE or other clause and
// no subquery (or a RETURN expression).
func (c *Catalog) routineVolatile(f *pgast.CreateFunctionStmt) bool {
	var lang, volatility, body string
	var definer, strict, set bool
	for _, o := range f.Options {
		d := o.GetDefElem()
		switch d.GetDefname() {
		case "volatility":
			volatility = strings.ToLower(d.Arg.GetString_().GetSval())
		case "language":
			lang = strings.ToLower(d.Arg.GetString_().GetSval())
		case "security":
			definer = d.Arg.GetBoolean().GetBoolval()
		case "strict":
			strict = d.Arg.GetBoolean().GetBoolval()
		case "set":
			set = true
		case "as":
			if parts := stringList(d.Arg.GetList().GetItems()); len(parts) == 1 {
				body = parts[0]
			}
		}
	}
	if volatility == "immutable" || volatility == "stable" {
		return false
	}
	if lang != "sql" || definer || strict || set || f.ReturnType == nil || f.ReturnType.Setof || inArgs(f) > 0 {
		return true
	}
	if names := stringList(f.ReturnType.Names); len(names) > 0 && strings.EqualFold(names[len(names)-1], "record") {
		return true
	}
	var expr *pgast.Node
	if rs := f.SqlBody.GetReturnStmt(); rs != nil {
		expr = rs.Returnval
	} else if body != "" && f.SqlBody == nil {
		expr = singleExpression(body)
	}
	return expr == nil || hasSubquery(expr) || c.Volatile(expr)
}

// singleExpression returns the expression of body when body is one SELECT
// of one expression and nothing else (no FROM, WHERE, GROUP BY, HAVING,
// window, DISTINCT, ORDER BY, LIMIT, WITH, set operation or INTO), the
// shape inline_function accepts; nil for any other body.
func singleExpression(body string) *pgast.Node {
	res, err := pgtree.Parse(body)
	if err != nil || len(res.Stmts) != 1 {
		return nil
	}
	s := res.Stmts[0].Stmt.GetSelectStmt()
	if s == nil || len(s.TargetList) != 1 || len(s.FromClause) > 0 || s.WhereClause != nil || len(s.GroupClause) > 0 ||
		s.HavingClause != nil || len(s.WindowClause) > 0 || len(s.DistinctClause) > 0 || len(s.SortClause) > 0 ||
		s.LimitCount != nil || s.LimitOffset != nil || s.WithClause != nil || s.IntoClause != nil || len(s.ValuesLists) > 0 ||
		len(s.LockingClause) > 0 || s.Op > pgast.SetOperation_SETOP_NONE {
		return nil
	}
	return s.TargetList[0].GetResTarget().GetVal()
}

// hasSubquery reports whether expr holds a subquery (a SubLink), which
// keeps the planner from inlining the function.
func hasSubquery(expr *pgast.Node) bool {
	found := false
	pgtree.Walk(expr, func(m pgast.Message) bool {
		if _, ok := m.(*pgast.SubLink); ok {
			found = true
		}
		return !found
	})
	return found
}

// Volatile reports whether expr calls a volatile function, anywhere in
// it (inside CASE, AND/OR, casts, function arguments), as PostgreSQL
// judges it after planning. A function the migrations created counts as
// what its definition says (see routine); other unknown functions count
// as volatile: assuming a rewrite is the safe side. A nil catalog knows
// only the built-in functions.
func (c *Catalog) Volatile(expr *pgast.Node) bool {
	volatile := false
	pgtree.Walk(expr, func(m pgast.Message) bool {
		fc, ok := m.(*pgast.FuncCall)
		if !ok || len(fc.Funcname) == 0 {
			return true
		}
		name := strings.ToLower(fc.Funcname[len(fc.Funcname)-1].GetString_().GetSval())
		switch {
		case volatileFunctions[name]:
			volatile = true
		case stableFunctions[name]:
		default:
			var r routine
			known := false
			if c != nil {
				r, known = c.routines[name]
			}
			volatile = !known || r.volatile || r.overloaded || r.args != len(fc.Args)
		}
		return !volatile
	})
	return volatile
}
