package pgtree

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// TestNoProtobufImports: no program file imports pg_query_go's root
// package or protobuf beyond protowire; parse trees are pgast's types and
// this package parses, deparses and scans them. pg_query's Parse, Deparse
// and Scan go through protobuf's reflection, whose descriptors and coder
// tables, built on first use, stay live for the run (one call in a rule
// put 1.5 MB back on lint's heap and 4 MB on its peak), and merely linking
// pg_query's types registers their descriptors at init (3.3 MB of lint's
// peak RSS; cmd/schemacheck's TestNoProtobufRuntime checks the binary).
// This is the same rule by source file, for every package, naming the
// file. Tests may import pg_query, as the oracle; so may ./gen, which
// reads its schema.
func TestNoProtobufImports(t *testing.T) {
	root := testenv.RepoRoot(t)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") || rel == filepath.Join("internal", "pgtree", "gen") || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p == "github.com/pganalyze/pg_query_go/v6" || strings.HasPrefix(p, "google.golang.org/protobuf/") && p != "google.golang.org/protobuf/encoding/protowire" {
				t.Errorf("%s imports %s: use internal/pgast's types and internal/pgtree's Parse, Deparse and Scan", rel, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
