package pgtree

import (
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// corpusStatements calls fn with every statement of the corpus's SQL files
// that parse as a whole (most do; psql scripts do not), with its file.
func corpusStatements(t *testing.T, fn func(path string, tree *pg_query.ParseResult, raw *pg_query.RawStmt)) {
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
