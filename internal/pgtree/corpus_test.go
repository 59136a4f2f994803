package pgtree

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// corpusSQL calls fn with every SQL file of the corpus (its projects'
// migrations and PostgreSQL's regression SQL) and its text, and fails t
// when there are too few to be the whole corpus.
func corpusSQL(t *testing.T, fn func(path, src string)) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(testenv.Corpus(t), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		fn(path, string(src))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 2500 {
		t.Fatalf("only %d SQL files: is the corpus complete?", files)
	}
}

// corpusStatements calls fn with every statement of the corpus's SQL files
// that parse as a whole (most do; psql scripts do not), with its file.
func corpusStatements(t *testing.T, fn func(path string, tree *pg_query.ParseResult, raw *pg_query.RawStmt)) {
	t.Helper()
	stmts := 0
	corpusSQL(t, func(path, src string) {
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
