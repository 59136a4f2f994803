package migration

import (
	"regexp"
	"strings"

	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/pgtree"
)

// InnerStatement is a SQL statement a DO block always runs as written.
type InnerStatement struct {
	Node *pgast.Node
	SQL  string
	// Line is the line of the block's body the statement starts on (1 is
	// the line the body starts on, after its opening quote); 0 when not
	// known.
	Line int
	// Guarded is set when the statement runs in a BEGIN … EXCEPTION
	// block: an error it raises may be handled, not fail the migration.
	Guarded bool
}

// DoBlock is what a DO block's body does, as far as it can be known
// without running it. ReadDo reads it once, where the file is parsed
// (Statement.Do): parsing a body is costly (its PL/pgSQL and then each
// statement in it); the lint, the replay and the rules then ask the same
// value. What it does to a schema is the catalog's to apply.
type DoBlock struct {
	body string
	// statics are the SQL statements the body always runs as written: at
	// its top level and in nested BEGIN … END blocks (an error handler only
	// means one may fail harmlessly, e.g. the type already exists).
	statics []InnerStatement
	// conditional are statements that run only under a condition (IF,
	// CASE, loops, exception handlers): they may or may not have run.
	conditional []InnerStatement
	// exprs are the expressions the body evaluates (PERFORM, conditions,
	// assignments), as SELECTs: a function they call may change anything.
	exprs []string
	// dynamic is set by EXECUTE and whatever the walker does not know.
	dynamic bool
	// why, when set, says why the body could not be read at all.
	why string
}

// ReadDo reads a DO statement's body; nil when stmt is not a DO.
func ReadDo(stmt *pgast.Node) *DoBlock {
	do := stmt.GetDoStmt()
	if do == nil {
		return nil
	}
	b := &DoBlock{}
	language := "plpgsql"
	for _, a := range do.Args {
		d := a.GetDefElem()
		switch d.GetDefname() {
		case "as":
			b.body = d.Arg.GetString_().GetSval()
		case "language":
			language = strings.ToLower(d.Arg.GetString_().GetSval())
		}
	}
	switch {
	case language != "plpgsql":
		b.why = "a DO block in " + language
	case len(DeepStatements(b.body)) > 0: // parsing it could overflow the C stack
		b.why = "a DO block with an expression too long to parse"
	case !b.walk():
		b.why = "a DO block that does not parse"
	}
	return b
}

// Body is the block's body, as written between its quotes.
func (b *DoBlock) Body() string { return b.body }

// Statements returns the statements the block always runs as written,
// parsed, in order (nil for a nil block: any other statement), so rules
// can check them like top-level statements. Replaying the block is still
// Apply's job.
func (b *DoBlock) Statements() []InnerStatement {
	if b != nil && b.why == "" {
		return b.statics
	}
	return nil
}

// ConditionalStatements returns the statements that change the schema and
// that the block runs only under a condition, parsed, in order (nil for a
// nil block), so rules can check what each would do if it ran. The replay
// marks what they name uncertain instead of applying them.
func (b *DoBlock) ConditionalStatements() []InnerStatement {
	if b == nil || b.why != "" {
		return nil
	}
	var out []InnerStatement
	for _, s := range b.conditional {
		if !ChangesData(s.Node) {
			out = append(out, s)
		}
	}
	return out
}

// Unreadable says why the body could not be read at all; "" when it was.
func (b *DoBlock) Unreadable() string { return b.why }

// Dynamic reports whether the body runs SQL that cannot be known from its
// text: EXECUTE, or a statement the reader does not know.
func (b *DoBlock) Dynamic() bool { return b.dynamic }

// MayRun returns every statement the body runs only under a condition,
// data changes included.
func (b *DoBlock) MayRun() []InnerStatement { return b.conditional }

// Exprs returns the expressions the body evaluates (PERFORM, conditions,
// assignments), each as a SELECT: a function they call may change
// anything.
func (b *DoBlock) Exprs() []string { return b.exprs }

// ChangesData reports whether a statement only reads or writes rows.
func ChangesData(n *pgast.Node) bool {
	switch {
	case n.GetInsertStmt() != nil, n.GetUpdateStmt() != nil, n.GetDeleteStmt() != nil, n.GetMergeStmt() != nil:
		return true
	case n.GetSelectStmt() != nil:
		return n.GetSelectStmt().IntoClause == nil // SELECT … INTO new_table creates one
	}
	return false
}

// walk reads the body; false when it does not parse.
func (b *DoBlock) walk() bool {
	const quote = "$schemacheck_do$"
	if strings.Contains(b.body, quote) {
		return false
	}
	tree, err := pgtree.ParsePlPgSQL("CREATE FUNCTION pg_temp.do_block() RETURNS void LANGUAGE plpgsql AS " + quote + b.body + quote)
	fns, _ := tree.([]any)
	if err != nil || len(fns) != 1 {
		return false
	}
	b.stmt(member(fns[0], "PLpgSQL_function")["action"], false, false)
	return true
}

// member is the object v holds under key, or nil: libpg_query writes each
// node of a PL/pgSQL tree as an object of one member named for its kind.
func member(v any, key string) map[string]any {
	obj, _ := v.(map[string]any)
	m, _ := obj[key].(map[string]any)
	return m
}

// stmt walks one PL/pgSQL statement, a value of the JSON tree;
// conditional says whether it runs only under a condition, guarded
// whether a block around it handles errors.
func (b *DoBlock) stmt(v any, conditional, guarded bool) {
	node, ok := v.(map[string]any)
	if !ok {
		b.dynamic = true
		return
	}
	list := func(v any, cond, guard bool) {
		for _, s := range asList(v) {
			b.stmt(s, cond, guard)
		}
	}
	expr := func(v any) {
		if q, _ := member(v, "PLpgSQL_expr")["query"].(string); q != "" {
			b.exprs = append(b.exprs, "SELECT "+q)
		}
	}
	each := func(v any, kind string, visit func(map[string]any)) {
		for _, it := range asList(v) {
			visit(member(it, kind))
		}
	}
	for kind, fields := range node {
		f, _ := fields.(map[string]any)
		switch kind {
		case "PLpgSQL_stmt_block":
			_, handles := f["exceptions"]
			list(f["body"], conditional, guarded || handles)
			each(member(f["exceptions"], "PLpgSQL_exception_block")["exc_list"], "PLpgSQL_exception", func(h map[string]any) {
				list(h["action"], true, guarded)
			})
		case "PLpgSQL_stmt_execsql":
			q, _ := member(f["sqlstmt"], "PLpgSQL_expr")["query"].(string)
			line, _ := f["lineno"].(float64)
			b.sql(q, int(line), conditional, guarded)
		case "PLpgSQL_stmt_if":
			expr(f["cond"])
			list(f["then_body"], true, guarded)
			list(f["else_body"], true, guarded)
			each(f["elsif_list"], "PLpgSQL_if_elsif", func(e map[string]any) {
				expr(e["cond"])
				list(e["stmts"], true, guarded)
			})
		case "PLpgSQL_stmt_case":
			expr(f["t_expr"])
			list(f["else_stmts"], true, guarded)
			each(f["case_when_list"], "PLpgSQL_case_when", func(w map[string]any) {
				expr(w["expr"])
				list(w["stmts"], true, guarded)
			})
		case "PLpgSQL_stmt_loop", "PLpgSQL_stmt_while", "PLpgSQL_stmt_fori", "PLpgSQL_stmt_fors", "PLpgSQL_stmt_foreach_a":
			for _, k := range []string{"cond", "lower", "upper", "step", "query", "expr"} {
				if v, ok := f[k]; ok {
					expr(v)
				}
			}
			list(f["body"], true, guarded)
		case "PLpgSQL_stmt_perform", "PLpgSQL_stmt_assign", "PLpgSQL_stmt_return", "PLpgSQL_stmt_raise", "PLpgSQL_stmt_assert":
			for _, k := range []string{"expr", "cond"} {
				if v, ok := f[k]; ok {
					expr(v)
				}
			}
		case "PLpgSQL_stmt_exit", "PLpgSQL_stmt_getdiag":
			// No schema effect.
		case "PLpgSQL_stmt_dynexecute":
			q, _ := member(f["query"], "PLpgSQL_expr")["query"].(string)
			if !ShapeNeutralDynamic(q) {
				b.dynamic = true
				continue
			}
			// What it concatenates may still call a function.
			expr(f["query"])
			for _, p := range asList(f["params"]) {
				expr(p)
			}
		default: // dynamic FOR, CALL, cursors, COMMIT …
			b.dynamic = true
		}
	}
}

// sql records one SQL statement of the body, starting on its line line.
func (b *DoBlock) sql(q string, line int, conditional, guarded bool) {
	res, err := pgtree.Parse(q)
	if err != nil {
		b.dynamic = true
		return
	}
	for _, s := range res.Stmts {
		in := InnerStatement{Node: s.Stmt, SQL: q, Line: line, Guarded: guarded}
		if conditional {
			b.conditional = append(b.conditional, in)
		} else {
			b.statics = append(b.statics, in)
		}
	}
}

func asList(v any) []any { l, _ := v.([]any); return l }

// ShapeNeutralDynamic reports whether an EXECUTE of the expression q
// changes nothing the catalog models, whatever its variables hold: q
// builds its SQL from string constants around values that only fill a
// name or a literal in it (concatenation with ||, or format()), and that
// SQL, with a name standing for each value, is only statements that grant
// or revoke privileges, create, alter or drop roles, or change an owner
// (supabase/storage runs EXECUTE 'ALTER TABLE storage.buckets OWNER TO '
// || super_user). A value in any other place (EXECUTE 'ALTER TABLE t ' ||
// action) leaves text that does not parse, so the EXECUTE stays dynamic.
func ShapeNeutralDynamic(q string) bool {
	res, err := pgtree.Parse("SELECT " + q)
	if err != nil || len(res.Stmts) != 1 {
		return false
	}
	sel := res.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil || len(sel.TargetList) != 1 || sel.FromClause != nil {
		return false
	}
	text, ok := constantText(sel.TargetList[0].GetResTarget().GetVal())
	if !ok {
		return false
	}
	stmts, err := pgtree.Parse(text)
	if err != nil || len(stmts.Stmts) == 0 {
		return false
	}
	for _, st := range stmts.Stmts {
		if !shapeNeutral(st.Stmt) {
			return false
		}
	}
	return true
}

// dynamicValue stands for a value an EXECUTE's text is built around.
const dynamicValue = "schemacheck_dynamic_value"

// formatSpec is one of format()'s specifiers: %s, %I, %L, with an
// optional position, flag and width.
var formatSpec = regexp.MustCompile(`%(?:\d+\$)?-?(?:\d+|\*)?[sIL%]`)

// constantText is the SQL text an expression builds, with dynamicValue
// for each value that is not a constant; false when it builds its text
// some other way.
func constantText(n *pgast.Node) (string, bool) {
	switch {
	case n.GetAConst() != nil:
		c := n.GetAConst()
		if c.GetSval() == nil {
			return "", false
		}
		return c.GetSval().GetSval(), true
	case n.GetAExpr() != nil:
		e := n.GetAExpr()
		if e.Kind != pgast.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 || e.Name[0].GetString_().GetSval() != "||" {
			return "", false
		}
		l, lok := constantText(e.Lexpr)
		r, rok := constantText(e.Rexpr)
		return l + r, lok && rok
	case n.GetFuncCall() != nil:
		f := n.GetFuncCall()
		if name := f.Funcname[len(f.Funcname)-1].GetString_().GetSval(); name == "format" && len(f.Args) > 0 {
			pattern, ok := constantText(f.Args[0])
			if !ok || strings.Contains(pattern, dynamicValue) {
				return "", false
			}
			return formatSpec.ReplaceAllStringFunc(pattern, func(spec string) string {
				switch spec[len(spec)-1] {
				case '%':
					return "%"
				case 'L':
					return "'" + dynamicValue + "'"
				}
				return dynamicValue
			}), true
		}
		return dynamicValue, true // quote_ident(r), current_user, …
	case n.GetColumnRef() != nil, n.GetParamRef() != nil, n.GetTypeCast() != nil, n.GetCoalesceExpr() != nil:
		return dynamicValue, true
	}
	return "", false
}

// shapeNeutral reports whether a statement changes nothing the catalog
// models: privileges, roles and owners.
func shapeNeutral(n *pgast.Node) bool {
	switch {
	case n.GetGrantStmt() != nil, n.GetGrantRoleStmt() != nil, n.GetAlterDefaultPrivilegesStmt() != nil,
		n.GetCreateRoleStmt() != nil, n.GetAlterRoleStmt() != nil, n.GetAlterRoleSetStmt() != nil, n.GetDropRoleStmt() != nil,
		n.GetAlterOwnerStmt() != nil:
		return true
	case n.GetAlterTableStmt() != nil:
		for _, c := range n.GetAlterTableStmt().Cmds {
			if c.GetAlterTableCmd().GetSubtype() != pgast.AlterTableType_AT_ChangeOwner {
				return false
			}
		}
		return true
	}
	return false
}
