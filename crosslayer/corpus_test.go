package crosslayer

import (
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/lint"
	"github.com/schemacheck/schemacheck/migration"
)

// corpusFiles loads every corpus project's up scripts, parsed once.
func corpusFiles(tb testing.TB) [][]*migration.File {
	var out [][]*migration.File
	projects := make([]string, 0, len(testenv.CorpusMigrationDirs))
	for p := range testenv.CorpusMigrationDirs {
		projects = append(projects, p)
	}
	slices.Sort(projects)
	for _, p := range projects {
		set, err := migration.Load(os.DirFS(testenv.CorpusMigrationDir(tb, p)), ".", migration.Options{})
		if err != nil {
			tb.Fatalf("%s: %v", p, err)
		}
		out = append(out, catalog.UpFiles(set))
	}
	return out
}

// Tracing history must not change the schema the migrations build.
func TestReplayMatchesCatalogOnCorpus(t *testing.T) {
	for _, files := range corpusFiles(t) {
		plain := catalog.Replay(nil, files, nil)
		traced, _ := Replay(files)
		if a, b := plain.Dump(), traced.Dump(); a != b {
			t.Errorf("%s: the traced replay builds a different schema", files[0].Path)
		}
	}
}

// BenchmarkReplay compares the traced replay with the plain one on the
// whole corpus: the cost of recording history.
func BenchmarkReplay(b *testing.B) {
	all := corpusFiles(b)
	b.Run("catalog", func(b *testing.B) {
		for b.Loop() {
			for _, files := range all {
				catalog.Replay(nil, files, nil)
			}
		}
	})
	b.Run("history", func(b *testing.B) {
		for b.Loop() {
			for _, files := range all {
				Replay(files)
			}
		}
	})
}

// The database diff shares its replay with the cross-layer checks: the
// base's traced replay, then lint's traced replay of the change, must
// build what one traced replay of the whole history builds, schema and
// history alike. Each corpus project is cut in two halves, base and change.
func TestSharedReplayMatchesOneReplayOnCorpus(t *testing.T) {
	for _, files := range corpusFiles(t) {
		half := len(files) / 2
		baseCat, baseTrace := catalog.Trace(nil, files[:half])
		l := lint.New(lint.Input{Base: baseCat, Scope: lint.ScopeChange, Trace: true})
		for _, f := range files[half:] {
			l.File(f)
		}
		shared := Fold(append(slices.Clip(baseTrace.Steps()), l.Trace().Steps()...))
		cat, whole := Replay(files)
		if a, b := cat.Dump(), l.Catalog().Dump(); a != b {
			t.Errorf("%s: base and change replayed apart build another schema", files[0].Path)
		}
		if !reflect.DeepEqual(shared, whole) {
			t.Errorf("%s: base and change replayed apart have another history", files[0].Path)
		}
	}
}
