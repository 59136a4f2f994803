package catalog

import (
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/migration"
)

// TestDoBlockWithLongOperatorChain: a DO block whose body chains more
// operators than the parser's C stack survives killed the process with
// SIGSEGV when the replay parsed its statements (binary operators, and
// before the token-stream guard IS NULL and COLLATE chains too). The block
// now marks the tables it names uncertain, like any block the catalog
// cannot follow.
func TestDoBlockWithLongOperatorChain(t *testing.T) {
	for _, link := range []string{"+1", " IS NULL", ` COLLATE "C"`, " AT TIME ZONE 'UTC'"} {
		src := "CREATE TABLE a (id int);\nDO $$ BEGIN UPDATE a SET id = 1" + strings.Repeat(link, 50000) + "; END $$;\n"
		f := migration.ParseFile("f.sql", []byte(src), migration.FileOptions{})[0]
		if len(f.Statements) != 2 {
			t.Fatalf("%q: want 2 statements: %v", link, f.Findings)
		}
		c := Replay(nil, []*migration.File{f}, nil)
		if a := c.Table(Name{Schema: "public", Name: "a"}); a == nil || !a.Uncertain {
			t.Fatalf("%q: table a: %+v, want it marked uncertain", link, a)
		}
	}
}
