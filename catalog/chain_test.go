package catalog

import (
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/migration"
)

// TestDoBlockWithLongOperatorChain: a DO block whose body chains more
// operators than the parser's C stack survives killed the process with
// SIGSEGV (the statement around it is one string to the migration parser,
// so its own bound does not see inside). The block now marks the tables it
// names uncertain, like any block the catalog cannot follow.
func TestDoBlockWithLongOperatorChain(t *testing.T) {
	src := "CREATE TABLE a (id int);\nDO $$ BEGIN UPDATE a SET id = 1" + strings.Repeat("+1", 200000) + "; END $$;\n"
	f := migration.ParseFile("f.sql", []byte(src), migration.FileOptions{})[0]
	if len(f.Statements) != 2 {
		t.Fatalf("want 2 statements: %v", f.Findings)
	}
	c := Replay(nil, []*migration.File{f}, nil)
	if a := c.Table(Name{Schema: "public", Name: "a"}); a == nil || !a.Uncertain {
		t.Fatalf("table a: %+v, want it marked uncertain", a)
	}
}
