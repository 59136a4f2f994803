package config

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// corpusConfigSeeds returns YAML and JSON documents from ../shared/corpus
// (a JSON Schema document) and the repository's own test configs as fuzz seeds for the config loader. The config
// loader must give a located error, never a panic, on any of them.
func corpusConfigSeeds(f *testing.F) [][]byte {
	f.Helper()
	repo := testenv.RepoRoot(f)
	var paths []string
	_ = filepath.WalkDir(filepath.Join(repo, "testdata"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			paths = append(paths, p)
		}
		return nil
	})
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(repo), "shared", "corpus", "jsonschema", "*", "*.json"))
	if len(m) > 0 {
		paths = append(paths, m[0])
	}
	var out [][]byte
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil && len(data) < 200_000 {
			out = append(out, data)
		}
	}
	return out
}
