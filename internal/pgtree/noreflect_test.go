package pgtree

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestNoReflectiveParse: the program parses, deparses and scans through
// this package only. pg_query's own Parse, Deparse and Scan go through
// protobuf's reflection, whose descriptors and coder tables, built on first
// use, stay live for the run: one call in a rule (a partial index's
// predicate) put 1.5 MB back on lint's heap and 4 MB on its peak.
func TestNoReflectiveParse(t *testing.T) {
	root := testenv.RepoRoot(t)
	banned := map[string]string{"Parse": "Parse", "Deparse": "Deparse", "Scan": "Scan", "ParseToJSON": "Parse"}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") || rel == filepath.Join("internal", "pgtree") || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == "pg_query" {
				if ours, bad := banned[sel.Sel.Name]; bad {
					t.Errorf("%s: pg_query.%s goes through protobuf's reflection; use pgtree.%s", fset.Position(sel.Pos()), sel.Sel.Name, ours)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
