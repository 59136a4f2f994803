package pgtree

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"

	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestDecodeJSONEdges: the decoder reads what libpg_query writes and
// refuses what it does not: text that is not UTF-8 (as protobuf's decoder
// refuses such a string), nesting past protobuf's recursion limit, and
// anything that is not JSON; a key the schema does not have is skipped.
func TestDecodeJSONEdges(t *testing.T) {
	for _, tc := range []struct {
		name, json string
		want       *pgast.ParseResult
		err        error
	}{
		{"escapes", `{"version":1,"stmts":[{"stmt":{"String":{"sval":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}}}]}`,
			&pgast.ParseResult{Version: 1, Stmts: []*pgast.RawStmt{{Stmt: &pgast.Node{Node: &pgast.Node_String_{String_: &pgast.String{Sval: "a\"\\/\b\f\n\r\té😀"}}}}}}, nil},
		{"unknown keys", `{"version":2,"later":{"x":[1,"y",true,null,-1.5e3]},"stmts":[{"stmt":{"Unknown":{}},"stmt_len":3}]}`,
			&pgast.ParseResult{Version: 2, Stmts: []*pgast.RawStmt{{Stmt: &pgast.Node{}, StmtLen: 3}}}, nil},
		{"enum by name", `{"stmts":[{"stmt":{"A_Expr":{"kind":"AEXPR_IN"}}}]}`,
			&pgast.ParseResult{Stmts: []*pgast.RawStmt{{Stmt: &pgast.Node{Node: &pgast.Node_AExpr{AExpr: &pgast.A_Expr{Kind: pgast.A_Expr_Kind_AEXPR_IN}}}}}}, nil},
		{"not UTF-8", "{\"stmts\":[{\"stmt\":{\"String\":{\"sval\":\"\xff\"}}}]}", nil, errUTF8},
		{"too deep", `{"stmts":[{"stmt":` + strings.Repeat(`{"List":{"items":[`, maxDepth) + strings.Repeat(`]}}`, maxDepth) + `}]}`, nil, errDepth},
		{"unknown enum value", `{"stmts":[{"stmt":{"A_Expr":{"kind":"AEXPR_NONE"}}}]}`, nil, errJSON},
		{"trailing text", `{"version":1} x`, nil, errJSON},
		{"cut short", `{"version":1,"stmts":[`, nil, errJSON},
		{"bad number", `{"version":1.5}`, nil, errJSON},
	} {
		got, err := decodeJSON(tc.json)
		switch {
		case tc.err != nil && !errors.Is(err, tc.err):
			t.Errorf("%s: error %v, want %v", tc.name, err, tc.err)
		case tc.err == nil && (err != nil || !reflect.DeepEqual(got, tc.want)):
			t.Errorf("%s: %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}

// FuzzDecodeJSON: on any text the decoder does not panic, and on what
// libpg_query writes it reads what protobuf's unmarshal reads from the
// same parse.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{"SELECT 1", "CREATE TABLE t (a int PRIMARY KEY, b text[] DEFAULT '{}')", `SELECT E'\n', 'é', 1.5`} {
		j, err := parser.ParseToJSON(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(j)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = decodeJSON(s)
	})
}

// BenchmarkParseCorpus compares Parse with pg_query.Parse (libpg_query's
// protobuf output read by protobuf's unmarshal) over every SQL file of the
// corpus.
func BenchmarkParseCorpus(b *testing.B) {
	var srcs []string
	testenv.CorpusSQL(&testing.T{}, func(_, src string) { srcs = append(srcs, src) })
	for _, way := range []struct {
		name  string
		parse func(string) error
	}{
		{"pgtree", func(s string) error { _, err := Parse(s); return err }},
		{"pg_query", func(s string) error { _, err := pg_query.Parse(s); return err }},
	} {
		b.Run(way.name, func(b *testing.B) {
			for b.Loop() {
				for _, s := range srcs {
					_ = way.parse(s)
				}
			}
		})
	}
}
