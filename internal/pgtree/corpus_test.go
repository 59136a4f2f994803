package pgtree

import (
	"testing"

	"github.com/schemacheck/schemacheck/internal/pgast"
	"github.com/schemacheck/schemacheck/internal/testenv"
)

// corpusStatements calls fn with every statement of the corpus's SQL files
// that parse as a whole (most do; psql scripts do not), with its file.
func corpusStatements(t *testing.T, fn func(path string, tree *pgast.ParseResult, raw *pgast.RawStmt)) {
	t.Helper()
	stmts := 0
	testenv.CorpusSQL(t, func(path, src string) {
		tree, err := Parse(src)
		if err != nil {
			return
		}
		for _, raw := range tree.Stmts {
			stmts++
			fn(path, tree, raw)
		}
	})
	if stmts < 10000 {
		t.Fatalf("only %d statements: is the corpus complete?", stmts)
	}
}
