package pgtree

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/schemacheck/schemacheck/internal/pgast"
)

// TestParsePlPgSQLMatchesEncodingJSON: on every PL/pgSQL function and DO
// block of the corpus, ParsePlPgSQL gives the tree encoding/json reads
// from libpg_query's JSON for the same source.
func TestParsePlPgSQLMatchesEncodingJSON(t *testing.T) {
	compared := 0
	corpusStatements(t, func(path string, _ *pgast.ParseResult, raw *pgast.RawStmt) {
		fn := plpgsqlSource(raw.Stmt)
		if fn == "" {
			return
		}
		js, err := parser.ParsePlPgSqlToJSON(fn)
		if err != nil {
			return
		}
		var want any
		if err := json.Unmarshal([]byte(js), &want); err != nil {
			t.Fatalf("%s: encoding/json refuses libpg_query's JSON: %v", path, err)
		}
		got, err := ParsePlPgSQL(fn)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ParsePlPgSQL differs from encoding/json (%v) on %.200s", path, err, fn)
		}
		compared++
	})
	t.Logf("%d PL/pgSQL sources compared", compared)
	if compared < 500 {
		t.Fatalf("only %d PL/pgSQL sources compared: is the corpus complete?", compared)
	}
}

// plpgsqlSource is a PL/pgSQL function's CREATE FUNCTION statement, as
// the deparser prints it, or one made of a DO block's body: what
// libpg_query's PL/pgSQL parser reads. It is "" for anything else.
func plpgsqlSource(n *pgast.Node) string {
	var opts []*pgast.Node
	switch {
	case n.GetDoStmt() != nil:
		opts = n.GetDoStmt().Args
	case n.GetCreateFunctionStmt() != nil:
		opts = n.GetCreateFunctionStmt().Options
	}
	language, body := "plpgsql", ""
	for _, o := range opts {
		switch d := o.GetDefElem(); d.GetDefname() {
		case "language":
			language = d.Arg.GetString_().GetSval()
		case "as":
			body = d.Arg.GetString_().GetSval() // a DO block's
			if items := d.Arg.GetList().GetItems(); len(items) == 1 {
				body = items[0].GetString_().GetSval() // a function's
			}
		}
	}
	switch {
	case language != "plpgsql" || body == "":
		return ""
	case n.GetCreateFunctionStmt() != nil:
		sql, _ := DeparseStmt(n)
		return sql
	case strings.Contains(body, "$x$"):
		return ""
	}
	return "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $x$" + body + "$x$"
}

// TestDecodePlainEdges: nesting past the limit, text after the value,
// and anything that is not JSON are refused.
func TestDecodePlainEdges(t *testing.T) {
	for _, tc := range []struct {
		name, json string
		err        error
	}{
		{"too deep", strings.Repeat("[", maxDepth+2) + strings.Repeat("]", maxDepth+2), errDepth},
		{"trailing text", `{"a":1} x`, errJSON},
		{"cut short", `{"a":[1,`, errJSON},
		{"bare word", `nul`, errJSON},
		{"no value", ``, errJSON},
	} {
		if _, err := decodePlain(tc.json); !errors.Is(err, tc.err) {
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.err)
		}
	}
	got, err := decodePlain(`{"a":[1,-2.5e1,"x\u00e9",true,false,null,{}],"b":{}}`)
	want := map[string]any{"a": []any{1.0, -25.0, "xé", true, false, nil, map[string]any{}}, "b": map[string]any{}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("decodePlain = %#v, %v; want %#v", got, err, want)
	}
}

// FuzzDecodePlain: on any text decodePlain does not panic, and on valid
// JSON in UTF-8 it reads what encoding/json reads.
func FuzzDecodePlain(f *testing.F) {
	for _, s := range []string{`[{"PLpgSQL_function":{"action":{"PLpgSQL_stmt_block":{"lineno":1,"body":[]}}}}]`, `{"a":"\ud83d\ude00"}`, `[1e5,-0.5]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := decodePlain(s)
		var want any
		if !utf8.ValidString(s) || json.Unmarshal([]byte(s), &want) != nil {
			return
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("decodePlain(%q) = %#v, %v; encoding/json reads %#v", s, got, err, want)
		}
	})
}
