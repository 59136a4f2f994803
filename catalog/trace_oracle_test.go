package catalog_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/internal/testenv"
	"github.com/schemacheck/schemacheck/migration"
)

// fullDiffTrace is the trace as it was first built, kept as the oracle of
// the cheap one: after every statement, the whole schema is compared with
// a copy of the schema before it (Diff), whatever the statement touched.
type fullDiffTrace struct{ prev *catalog.Catalog }

func (o *fullDiffTrace) record(c *catalog.Catalog) []catalog.Change {
	changes := catalog.Diff(o.prev, c)
	if len(changes) > 0 {
		o.prev = c.Clone()
	}
	return changes
}

// checkTrace replays files on an empty catalog with a Tracer and compares
// each statement's step with the full-diff oracle: the same objects
// created, changed and dropped, with the same details. Each rename must be
// one object removed under its old name and added under its new one (or
// changed, when a statement PostgreSQL would refuse renamed it onto an
// existing one).
// It returns the number of statements compared and of changes seen.
func checkTrace(t *testing.T, files []*migration.File) (statements, changes int) {
	t.Helper()
	c := catalog.New()
	tr := catalog.NewTracer(c)
	oracle := &fullDiffTrace{prev: catalog.New()}
	failures := 0
	for _, f := range files {
		for _, st := range f.Statements {
			_ = c.Apply(st.Node)
			step := tr.Record(f, st)
			want := oracle.record(c)
			statements++
			changes += len(want)
			if len(want)+len(step.Changes) > 0 && !reflect.DeepEqual(step.Changes, want) {
				failures++
				t.Errorf("%s: %s\ntrace:     %v\nfull diff: %v", st.Pos, firstLine(st.SQL), step.Changes, want)
			}
			for _, r := range step.Renames {
				if !slices.ContainsFunc(step.Changes, func(ch catalog.Change) bool {
					return ch.Kind == catalog.Removed && ch.Name == r.From && ch.Object == r.Object
				}) ||
					!slices.ContainsFunc(step.Changes, func(ch catalog.Change) bool {
						return ch.Kind != catalog.Removed && ch.Name == r.To && ch.Object == r.Object
					}) {
					failures++
					t.Errorf("%s: rename %v is not a removal and an addition in %v", st.Pos, r, step.Changes)
				}
			}
			if failures >= 10 {
				t.Fatal("too many differences")
			}
		}
	}
	return statements, changes
}

// TestTraceMatchesFullDiff: on every corpus project, the trace built from
// what each statement touches says, statement by statement and object by
// object, what the full-diff trace says.
func TestTraceMatchesFullDiff(t *testing.T) {
	total := 0
	for _, p := range oracleProjects {
		t.Run(p.project, func(t *testing.T) {
			set, err := migration.Load(os.DirFS(testenv.CorpusMigrationDir(t, p.project)), ".", migration.Options{Placeholders: p.placeholders})
			if err != nil {
				t.Fatal(err)
			}
			statements, changes := checkTrace(t, catalog.UpFiles(set))
			t.Logf("%d statements, %d changes", statements, changes)
			total += changes
		})
	}
	if total < 5000 {
		t.Errorf("only %d changes on the whole corpus: the comparison proves little", total)
	}
}

// TestTraceMatchesFullDiffOnFixtures does the same on the repository's SQL
// fixtures (each file on its own) and on PostgreSQL's regression SQL, whose
// statements reach corners no project's migrations do (DROP SCHEMA
// CASCADE, renames of every kind of object, SET SCHEMA).
func TestTraceMatchesFullDiffOnFixtures(t *testing.T) {
	var paths []string
	root := filepath.Dir(testenv.RepoRoot(t))
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".sql") && strings.Contains(path, "testdata") {
			paths = append(paths, path)
		}
		return nil
	})
	regression := filepath.Join(testenv.Corpus(t), "sql-regression")
	more, _ := filepath.Glob(filepath.Join(regression, "*.sql"))
	paths = append(paths, more...)
	total := 0
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files := migration.ParseFile(filepath.Base(path), src, migration.FileOptions{})
		var ups []*migration.File
		for _, f := range files {
			if f.Direction == migration.Up {
				ups = append(ups, f)
			}
		}
		t.Run(strings.TrimPrefix(path, root+"/"), func(t *testing.T) {
			_, changes := checkTrace(t, ups)
			total += changes
		})
	}
	if total < 1000 {
		t.Errorf("only %d changes in %d files: the comparison proves little", total, len(paths))
	}
}

// BenchmarkTraceCorpus replays every corpus project's up migrations (parsed
// once, outside the timing) plainly, with a Tracer, and with the full-diff
// trace the Tracer replaced: the cost of recording provenance.
func BenchmarkTraceCorpus(b *testing.B) {
	var all [][]*migration.File
	for _, p := range oracleProjects {
		set, err := migration.Load(os.DirFS(testenv.CorpusMigrationDir(b, p.project)), ".", migration.Options{Placeholders: p.placeholders})
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, catalog.UpFiles(set))
	}
	b.Run("replay", func(b *testing.B) {
		for b.Loop() {
			for _, files := range all {
				catalog.Replay(nil, files, nil)
			}
		}
	})
	b.Run("trace", func(b *testing.B) {
		for b.Loop() {
			for _, files := range all {
				catalog.Trace(nil, files)
			}
		}
	})
	b.Run("full-diff", func(b *testing.B) {
		for b.Loop() {
			for _, files := range all {
				c := catalog.New()
				oracle := &fullDiffTrace{prev: catalog.New()}
				for _, f := range files {
					for _, st := range f.Statements {
						_ = c.Apply(st.Node)
						oracle.record(c)
					}
				}
			}
		}
	})
}
