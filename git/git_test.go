package git_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/schemacheck/schemacheck/git"
	"github.com/schemacheck/schemacheck/internal/gittest"
)

func open(t *testing.T, dir string) *git.Repo {
	t.Helper()
	r, err := git.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func TestTreeReadsARevision(t *testing.T) {
	g := gittest.New(t)
	g.Write(map[string]string{
		"db/migrations/0001_init.up.sql": "CREATE TABLE a (id int);\n",
		"db/migrations/0002_b.up.sql":    "CREATE TABLE b (id int);\n",
		"api/openapi.yaml":               "openapi: 3.0.3\n",
		"README.md":                      "hello\n",
	})
	first := g.Commit("first")
	g.Write(map[string]string{"db/migrations/0001_init.up.sql": "CREATE TABLE a (id bigint);\n", "db/migrations/0003_c.up.sql": "SELECT 1;\n"})
	g.Remove("api/openapi.yaml")
	g.Commit("second")

	r := open(t, filepath.Join(g.Dir, "db")) // any directory inside the working tree
	if r.Root() != g.Dir {
		t.Errorf("Root = %s, want %s", r.Root(), g.Dir)
	}
	tree, err := r.Tree(first[:10])
	if err != nil {
		t.Fatal(err)
	}
	if tree.Commit() != first {
		t.Errorf("Commit = %s, want %s", tree.Commit(), first)
	}
	// The standard library's conformance test for file systems.
	if err := fstest.TestFS(tree, "db/migrations/0001_init.up.sql", "db/migrations/0002_b.up.sql", "api/openapi.yaml", "README.md"); err != nil {
		t.Fatal(err)
	}
	data, err := fs.ReadFile(tree, "db/migrations/0001_init.up.sql")
	if err != nil || string(data) != "CREATE TABLE a (id int);\n" {
		t.Errorf("ReadFile at first = %q, %v", data, err)
	}
	if _, err := fs.Stat(tree, "db/migrations/0003_c.up.sql"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file added later must not exist at first: %v", err)
	}
	head, err := r.Tree("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(head, "db/migrations/*.sql")
	if err != nil || !slices.Equal(names, []string{"db/migrations/0001_init.up.sql", "db/migrations/0002_b.up.sql", "db/migrations/0003_c.up.sql"}) {
		t.Errorf("Glob at HEAD = %v, %v", names, err)
	}
	if _, err := fs.Stat(head, "api/openapi.yaml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a deleted file must not exist at HEAD: %v", err)
	}
	if _, err := fs.ReadFile(head, "../outside"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("a path leaving the tree must be invalid: %v", err)
	}
}

func TestTreeSymlinksStayInside(t *testing.T) {
	g := gittest.New(t)
	g.Write(map[string]string{"real/a.sql": "SELECT 1;\n"})
	for name, target := range map[string]string{"link": "real", "up": "../../etc", "loop": "loop", "abs": "/etc/passwd"} {
		if err := os.Symlink(target, filepath.Join(g.Dir, name)); err != nil {
			t.Skip("symlinks not supported:", err)
		}
	}
	g.Commit("links")
	tree, err := open(t, g.Dir).Tree("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if data, err := fs.ReadFile(tree, "link/a.sql"); err != nil || string(data) != "SELECT 1;\n" {
		t.Errorf("through a link inside the tree: %q, %v", data, err)
	}
	for name, want := range map[string]string{"up/passwd": "leaves the repository", "abs": "leaves the repository", "loop": "too many levels"} {
		if _, err := fs.ReadFile(tree, name); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, want)
		}
	}
	entries, _ := fs.ReadDir(tree, ".")
	for _, e := range entries {
		if e.Name() == "link" && e.Type() != fs.ModeSymlink {
			t.Errorf("a listed link has type %v, want ModeSymlink as os.DirFS reports", e.Type())
		}
	}
}

func TestRevisionsThatLookLikeOptions(t *testing.T) {
	g := gittest.New(t)
	g.Write(map[string]string{"a": "1"})
	g.Commit("a")
	r := open(t, g.Dir)
	marker := filepath.Join(t.TempDir(), "written")
	for _, rev := range []string{
		"--output=" + marker, "-h", "--upload-pack=touch " + marker, "", "main..HEAD", "HEAD\nrm -rf /", "a b",
		strings.Repeat("x", 300),
	} {
		if _, err := r.Resolve(rev); err == nil {
			t.Errorf("Resolve(%q) succeeded; want it refused", rev)
		}
		if _, err := r.Tree(rev); err == nil {
			t.Errorf("Tree(%q) succeeded; want it refused", rev)
		}
		if _, err := r.MergeBase(rev, "HEAD"); err == nil {
			t.Errorf("MergeBase(%q) succeeded; want it refused", rev)
		}
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("a revision was executed as an option")
	}
	if _, err := r.Tags("--contains=HEAD"); err == nil {
		t.Error("a tag pattern starting with '-' must be refused")
	}
	for _, rev := range []string{"HEAD", "main", "HEAD^{commit}", "HEAD~0"} {
		if err := git.ValidateRevision(rev); err != nil {
			t.Errorf("ValidateRevision(%q) = %v; want ok", rev, err)
		}
		if _, err := r.Resolve(rev); err != nil {
			t.Errorf("Resolve(%q) = %v", rev, err)
		}
	}
	if _, err := r.Resolve("no-such-branch"); err == nil || !strings.Contains(err.Error(), `revision "no-such-branch" not found`) {
		t.Errorf("unknown revision: %v", err)
	}
}

func TestDefaultBaseAndTags(t *testing.T) {
	g := gittest.New(t)
	g.Write(map[string]string{"a": "1"})
	base := g.Commit("base")
	g.Git("tag", "v1.9.0")
	g.Git("tag", "-a", "-m", "annotated", "v1.10.0")
	g.Git("tag", "other")
	g.Git("switch", "-q", "-c", "feature")
	g.Write(map[string]string{"a": "2"})
	g.Commit("change")
	g.Git("switch", "-q", "main")
	g.Write(map[string]string{"b": "1"})
	g.Commit("main moved on")
	g.Git("switch", "-q", "feature")

	r := open(t, g.Dir)
	t.Setenv("GITHUB_BASE_REF", "")
	branch, got, err := r.DefaultBase()
	if err != nil || got != base || branch != "main" {
		t.Errorf("DefaultBase = %s %s, %v; want the merge-base %s with main", branch, got, err, base)
	}
	tags, err := r.Tags("v*")
	if err != nil {
		t.Fatal(err)
	}
	want := []git.Tag{{Name: "v1.9.0", Commit: base}, {Name: "v1.10.0", Commit: base}}
	if !slices.Equal(tags, want) {
		t.Errorf("Tags = %v, want %v (version order, annotated tags peeled)", tags, want)
	}

	lonely := gittest.New(t)
	lonely.Write(map[string]string{"a": "1"})
	lonely.Commit("a")
	lonely.Git("branch", "-m", "trunk")
	if _, _, err := open(t, lonely.Dir).DefaultBase(); err == nil || !strings.Contains(err.Error(), "--base") {
		t.Errorf("without a default branch the error must say to give --base: %v", err)
	}
}

func TestShallowCloneSaysHowToFetch(t *testing.T) {
	g := gittest.New(t)
	g.Write(map[string]string{"a": "1"})
	old := g.Commit("one")
	g.Write(map[string]string{"a": "2"})
	g.Commit("two")
	g.Write(map[string]string{"a": "3"})
	g.Commit("three")

	clone := g.Clone("--depth", "1")
	r := open(t, clone.Dir)
	if !r.IsShallow() {
		t.Fatal("a --depth 1 clone must be shallow")
	}
	_, err := r.Resolve(old)
	if !errors.Is(err, git.ErrShallow) || !strings.Contains(err.Error(), "fetch-depth: 0") {
		t.Errorf("a commit outside the shallow history: %v; want ErrShallow with the fetch-depth hint", err)
	}
	// A branch on the remote that the shallow clone shares no history with.
	g.Git("switch", "-q", "--orphan", "elsewhere")
	g.Write(map[string]string{"b": "1"})
	g.Commit("unrelated")
	clone.Git("fetch", "-q", "--depth", "1", "origin", "elsewhere:refs/remotes/origin/elsewhere")
	if _, err := r.MergeBase("origin/elsewhere", "HEAD"); !errors.Is(err, git.ErrShallow) {
		t.Errorf("MergeBase in a shallow clone without a common ancestor: %v; want ErrShallow", err)
	}
}

func TestOpenOutsideARepository(t *testing.T) {
	t.Setenv("GIT_CEILING_DIRECTORIES", os.TempDir())
	_, err := git.Open(t.TempDir())
	if !errors.Is(err, git.ErrNotRepository) {
		t.Errorf("Open outside a repository: %v; want ErrNotRepository", err)
	}
}

func BenchmarkTreeReadAll(b *testing.B) {
	g := gittest.New(b)
	files := map[string]string{}
	for i := range 2000 {
		files[fmt.Sprintf("db/m/%05d_t.up.sql", i)] = fmt.Sprintf("CREATE TABLE t%d (id bigint PRIMARY KEY, name text NOT NULL);\n", i)
	}
	g.Write(files)
	g.Commit("many")
	for b.Loop() {
		r, err := git.Open(g.Dir)
		if err != nil {
			b.Fatal(err)
		}
		tree, err := r.Tree("HEAD")
		if err != nil {
			b.Fatal(err)
		}
		fs.WalkDir(tree, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				_, err = fs.ReadFile(tree, p)
			}
			return err
		})
		r.Close()
	}
}
