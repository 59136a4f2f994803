package pgtree

import (
	"reflect"
	"testing"

	"github.com/schemacheck/schemacheck/internal/pgast"
)

// TestDeparseConstantMatchesDeparser: every expression deparseConstant
// prints by itself, in the corpus and in a statement holding each kind it
// knows, is printed as the deparser prints it.
func TestDeparseConstantMatchesDeparser(t *testing.T) {
	compared := map[string]int{}
	check := func(where string, root pgast.Message) {
		Walk(root, func(m pgast.Message) bool {
			n, isNode := m.(*pgast.Node)
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
			compared[reflect.TypeOf(n.Node).Elem().Name()]++ // its oneof wrapper
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
	if n := compared["Node_SqlvalueFunction"]; n != 15 {
		t.Errorf("%d SQL value functions printed without the deparser, want all 15", n)
	}
	if n := compared["Node_AConst"]; n != 5 {
		t.Errorf("%d constants printed without the deparser, want the 5 booleans and non-negative integers", n)
	}
	corpusStatements(t, func(path string, _ *pgast.ParseResult, raw *pgast.RawStmt) { check(path, raw) })
	t.Logf("compared, by kind: %v", compared)
	if compared["Node_AConst"] < 1000 || compared["Node_SqlvalueFunction"] < 300 {
		t.Errorf("only %v compared: is the corpus complete?", compared)
	}
}
