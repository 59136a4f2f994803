package catalog

import (
	"encoding/json"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemacheck/schemacheck/migration"
)

// applyDo follows a DO block as far as it can without guessing. Static SQL
// statements at the top level of the PL/pgSQL body, including inside nested
// BEGIN … EXCEPTION blocks, run as written, so they are replayed; an error
// handler only means the statement may fail harmlessly (e.g. the type
// already exists). Anything conditional or dynamic (IF, loops, EXECUTE,
// PERFORM) may or may not change the schema: the tables the body mentions
// are marked uncertain.
func (c *Catalog) applyDo(do *pg_query.DoStmt) error {
	body, language := "", "plpgsql"
	for _, a := range do.Args {
		d := a.GetDefElem()
		switch d.GetDefname() {
		case "as":
			body = d.Arg.GetString_().GetSval()
		case "language":
			language = strings.ToLower(d.Arg.GetString_().GetSval())
		}
	}
	if language != "plpgsql" {
		return c.markUncertain(body, "a DO block in "+language)
	}
	if migration.LongOperatorChain(body) >= 0 { // parsing it could overflow the C stack
		return c.markUncertain(body, "a DO block with an expression too long to parse")
	}
	statics, dynamic, ok := plpgsqlStatements(body)
	if !ok {
		return c.markUncertain(body, "a DO block that does not parse")
	}
	for _, q := range statics {
		res, err := pg_query.Parse(q)
		if err != nil {
			continue
		}
		for _, s := range res.Stmts {
			_ = c.Apply(s.Stmt)
		}
	}
	if dynamic {
		return c.markUncertain(body, "a DO block with conditional or dynamic SQL")
	}
	return nil
}

// plpgsqlStatements returns the static SQL statements that a PL/pgSQL body
// always runs, and whether it also has conditional or dynamic parts.
func plpgsqlStatements(body string) (statics []string, dynamic, ok bool) {
	const quote = "$schemacheck_do$"
	if strings.Contains(body, quote) {
		return nil, true, false
	}
	js, err := pg_query.ParsePlPgSqlToJSON("CREATE FUNCTION pg_temp.do_block() RETURNS void LANGUAGE plpgsql AS " + quote + body + quote)
	if err != nil {
		return nil, true, false
	}
	var fns []struct {
		Function struct {
			Action json.RawMessage `json:"action"`
		} `json:"PLpgSQL_function"`
	}
	if err := json.Unmarshal([]byte(js), &fns); err != nil || len(fns) != 1 {
		return nil, true, false
	}
	var walk func(raw json.RawMessage)
	walk = func(raw json.RawMessage) {
		var node map[string]json.RawMessage
		if json.Unmarshal(raw, &node) != nil {
			dynamic = true
			return
		}
		for kind, v := range node {
			switch kind {
			case "PLpgSQL_stmt_block":
				var b struct{ Body []json.RawMessage }
				_ = json.Unmarshal(v, &b)
				for _, s := range b.Body {
					walk(s)
				}
			case "PLpgSQL_stmt_execsql":
				var e struct {
					Sqlstmt struct {
						Expr struct{ Query string } `json:"PLpgSQL_expr"`
					}
				}
				_ = json.Unmarshal(v, &e)
				statics = append(statics, e.Sqlstmt.Expr.Query)
			case "PLpgSQL_stmt_return", "PLpgSQL_stmt_raise", "PLpgSQL_stmt_assign":
				// No schema effect.
			default:
				dynamic = true
			}
		}
	}
	walk(fns[0].Function.Action)
	return statics, dynamic, true
}
