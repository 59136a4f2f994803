package migration

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// corpusSQLSeeds returns real migration files from ../shared/corpus as fuzz
// seeds: the known hard cases (templates, goose blocks, PG18 syntax, empty
// no-ops) and the small files of every project. Without the corpus the
// fuzz targets keep their inline seeds and still run.
func corpusSQLSeeds(f *testing.F, maxBytes int64, limit int) []corpusFile {
	f.Helper()
	root := filepath.Join(filepath.Dir(testenv.RepoRoot(f)), "shared", "corpus", "migrations")
	if _, err := os.Stat(root); err != nil {
		return nil
	}
	var out []corpusFile
	perProject := map[string]int{}
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".sql" {
			return nil
		}
		info, err := d.Info()
		if err != nil || info.Size() > maxBytes {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		project, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		if perProject[project] >= limit {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		perProject[project]++
		out = append(out, corpusFile{name: filepath.Base(p), data: data})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

type corpusFile struct {
	name string
	data []byte
}

// summary renders what Load found (layout, versions with their files,
// findings) so two loads of the same tree can be compared.
func summary(s *Set) string {
	if s == nil {
		return "<nil>"
	}
	var b strings.Builder
	b.WriteString(string(s.Layout))
	for _, m := range s.Migrations {
		b.WriteString("\n" + m.Version + " " + m.Name)
		for _, f := range []*File{m.Up, m.Down} {
			if f != nil {
				fmt.Fprintf(&b, " %s:%d", f.Path, len(f.Statements))
			}
		}
	}
	for _, f := range s.Findings {
		b.WriteString("\n" + f.Location.String() + " " + f.Message)
	}
	return b.String()
}
