package pgtree

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// TestParsePlPgSQLMatchesEncodingJSON: on every PL/pgSQL function and DO
// block of the corpus, ParsePlPgSQL gives the tree encoding/json reads
// from libpg_query's JSON for the same source.
func TestParsePlPgSQLMatchesEncodingJSON(t *testing.T) {
	compared := 0
	corpusSQL(t, func(path, src string) {
		tree, err := Parse(src)
		if err != nil {
			return
		}
		for _, raw := range tree.Stmts {
			fn := plpgsqlSource(raw, src)
			if fn == "" {
				continue
			}
			js, err := pg_query.ParsePlPgSqlToJSON(fn)
			if err != nil {
				continue
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
		}
	})
	t.Logf("%d PL/pgSQL sources compared", compared)
	if compared < 500 {
		t.Fatalf("only %d PL/pgSQL sources compared: is the corpus complete?", compared)
	}
}

// plpgsqlSource is the CREATE FUNCTION text libpg_query's PL/pgSQL parser
// reads for a DO block or a PL/pgSQL function, or "".
func plpgsqlSource(raw *pg_query.RawStmt, src string) string {
	switch n := raw.Stmt; {
	case n.GetDoStmt() != nil:
		for _, a := range n.GetDoStmt().Args {
			if d := a.GetDefElem(); d.GetDefname() == "as" && !strings.Contains(d.Arg.GetString_().GetSval(), "$x$") {
				return "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $x$" + d.Arg.GetString_().GetSval() + "$x$"
			}
		}
	case n.GetCreateFunctionStmt() != nil:
		for _, o := range n.GetCreateFunctionStmt().Options {
			if d := o.GetDefElem(); d.GetDefname() == "language" && d.Arg.GetString_().GetSval() == "plpgsql" {
				end := len(src)
				if raw.StmtLen > 0 {
					end = int(raw.StmtLocation + raw.StmtLen)
				}
				return src[raw.StmtLocation:end]
			}
		}
	}
	return ""
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
