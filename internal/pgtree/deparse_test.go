package pgtree

import (
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// TestDeparseConstantMatchesDeparser: every expression deparseConstant
// prints by itself, in the corpus and in a statement holding each kind it
// knows, is printed as the deparser prints it.
func TestDeparseConstantMatchesDeparser(t *testing.T) {
	compared := map[string]int{}
	check := func(where string, root proto.Message) {
		Walk(root, func(m proto.Message) bool {
			n, isNode := m.(*pg_query.Node)
			if !isNode {
				return true
			}
			got, ok := deparseConstant(n)
			if !ok {
				return true
			}
			want, err := deparseSelected(n)
			if err != nil || got != want {
				t.Errorf("%s: deparseConstant prints %q, the deparser %q (%v)", where, got, want, err)
			}
			compared[string(n.ProtoReflect().WhichOneof(n.ProtoReflect().Descriptor().Oneofs().Get(0)).Name())]++
			return true
		})
	}
	every := `SELECT true, false, 0, 42, 2147483647, current_date, current_time, current_time(2), current_timestamp,
		current_timestamp(3), localtime, localtime(1), localtimestamp, localtimestamp(6), current_role, current_user,
		user, session_user, current_catalog, current_schema, -1, NULL, 1.5, 'x'`
	res, err := Parse(every)
	if err != nil {
		t.Fatal(err)
	}
	check("every kind", res)
	if n := compared["sqlvalue_function"]; n != 15 {
		t.Errorf("%d SQL value functions printed without the deparser, want all 15", n)
	}
	if n := compared["a_const"]; n != 5 {
		t.Errorf("%d constants printed without the deparser, want the 5 booleans and non-negative integers", n)
	}
	corpusStatements(t, func(path string, _ *pg_query.ParseResult, raw *pg_query.RawStmt) { check(path, raw) })
	t.Logf("compared, by kind: %v", compared)
	if compared["a_const"] < 1000 || compared["sqlvalue_function"] < 300 {
		t.Errorf("only %v compared: is the corpus complete?", compared)
	}
}
