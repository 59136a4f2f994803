package jsonschema

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/testenv"
)

// githubWorkflow lists SchemaStore's GitHub-workflow schema versions in
// the corpus, oldest first.
func githubWorkflow(t testing.TB) []*Schema {
	t.Helper()
	dir := filepath.Join(testenv.Corpus(t), "jsonschema", "github-workflow")
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(files) < 3 {
		t.Fatalf("want three versions in %s, found %d (%v)", dir, len(files), err)
	}
	var out []*Schema
	for _, f := range files { // the names start with the date
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Load(filepath.Base(f), data, LoadOptions{FS: os.DirFS(dir), Path: filepath.Base(f)})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestCorpusGitHubWorkflow diffs consecutive versions of the GitHub-workflow
// schema in both directions. Every witness must hold under the validator,
// and the findings (judged by hand, see the closing note) are
// pinned by a golden file.
func TestCorpusGitHubWorkflow(t *testing.T) {
	versions := githubWorkflow(t)
	var out strings.Builder
	for i := 1; i < len(versions); i++ {
		old, new := versions[i-1], versions[i]
		for _, mode := range []Mode{ModeBackward, ModeForward} {
			fs := Diff(old, new, mode, Options{})
			writer, reader := old, new
			if mode == ModeForward {
				writer, reader = new, old
			}
			verifyWitnesses(t, fs, writer, reader)
			fmt.Fprintf(&out, "# %s → %s, %s\n%s", old.File, new.File, mode, render(fs, ""))
		}
	}
	golden(t, filepath.Join("testdata", "corpus-github-workflow.golden"), out.String())
}

// TestCorpusTransitive: full_transitive checks the newest version against
// both earlier ones; each finding names the version it breaks.
func TestCorpusTransitive(t *testing.T) {
	versions := githubWorkflow(t)
	fs := CheckVersions(versions, ModeFullTransitive, Options{})
	against := map[string]int{}
	for _, f := range fs {
		for _, v := range versions[:2] {
			if strings.Contains(f.Message, "("+v.File+")") {
				against[v.File]++
			}
		}
	}
	for _, v := range versions[:2] {
		if against[v.File] == 0 {
			t.Errorf("no finding of the newest version against %s: %v", v.File, against)
		}
	}
	if n := len(CheckVersions(versions, ModeFull, Options{})); n >= len(fs) {
		t.Errorf("full found %d findings, full_transitive %d: transitive should add the oldest version's", n, len(fs))
	}
}

// TestCorpusSelfDiff: every JSON Schema in the corpus, loaded twice,
// compares equal with itself in every mode.
func TestCorpusSelfDiff(t *testing.T) {
	root := filepath.Join(testenv.Corpus(t), "jsonschema")
	n := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		a, errA := Load(path, data, LoadOptions{})
		b, errB := Load(path, data, LoadOptions{})
		if errA != nil || errB != nil {
			t.Errorf("%s: %v %v", path, errA, errB)
			return nil
		}
		n++
		if fs := compat(Diff(a, b, ModeFullTransitive, Options{Strict: true})); len(fs) > 0 {
			t.Errorf("%s: self-diff reported:\n%s", path, render(fs, ""))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no JSON Schema in the corpus")
	}
	t.Logf("%d schemas self-diff clean", n)
}

// FuzzLoadSelfDiff: any input either fails to load with an error or loads
// and compares equal with a second copy of itself; neither may panic or hang.
// Seeds: the fixtures and, when present, the corpus schemas.
func FuzzLoadSelfDiff(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/cases/*/*.json")
	corpus := filepath.Join(filepath.Dir(testenv.RepoRoot(f)), "shared", "corpus", "jsonschema")
	more, _ := filepath.Glob(filepath.Join(corpus, "*", "*.json"))
	for _, p := range append(seeds, more...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"$ref": "#"}`))
	f.Add([]byte(`{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}`))
	f.Add([]byte(`{"oneOf": [{"$ref": "#"}, {"items": {"$ref": "#"}}], "pattern": "(a|b)*c{2,}"}`))
	// YAML, which the loader reads too: anchors, aliases, a merge key.
	f.Add([]byte("type: object\nproperties:\n  a: &s {type: string, maxLength: 3}\n  b: *s\n  c: {<<: *s, pattern: '^x'}\nrequired: [a]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		load := func() *Schema {
			s, err := Load("fuzz.json", data, LoadOptions{FS: emptyFS{}, Path: "fuzz.json"})
			if err != nil {
				return nil
			}
			return s
		}
		a := load()
		if a == nil {
			return
		}
		b := load()
		if fs := compat(Diff(a, b, ModeFull, Options{Strict: true})); len(fs) > 0 {
			t.Errorf("self-diff of %q reported:\n%s", data, render(fs, ""))
		}
	})
}

// emptyFS holds no file: fuzzed references to other files fail to load.
type emptyFS struct{}

func (emptyFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// FuzzDiffWitnesses: for any two loadable schemas, every witness of a
// backward diff is accepted by the old schema and rejected by the new one,
// and every error carries a witness.
func FuzzDiffWitnesses(f *testing.F) {
	dirs, _ := filepath.Glob("testdata/cases/*")
	for _, dir := range dirs {
		old, errOld := os.ReadFile(filepath.Join(dir, "old.json"))
		new, errNew := os.ReadFile(filepath.Join(dir, "new.json"))
		if errOld == nil && errNew == nil {
			f.Add(old, new)
		}
	}
	f.Fuzz(func(t *testing.T, oldData, newData []byte) {
		old, errOld := Load("old.json", oldData, LoadOptions{FS: emptyFS{}, Path: "old.json"})
		new, errNew := Load("new.json", newData, LoadOptions{FS: emptyFS{}, Path: "new.json"})
		if errOld != nil || errNew != nil {
			return
		}
		verifyWitnesses(t, Diff(old, new, ModeBackward, Options{Strict: len(oldData)%2 == 0}), old, new)
	})
}

// BenchmarkGitHubWorkflowPair: a full-mode diff of two consecutive
// GitHub-workflow schema versions (about 100 KB each), loading excluded.
func BenchmarkGitHubWorkflowPair(b *testing.B) {
	versions := githubWorkflow(b)
	for b.Loop() {
		Diff(versions[1], versions[2], ModeFull, Options{})
	}
}
