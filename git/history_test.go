package git_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/schemacheck/schemacheck/internal/gittest"
)

func TestIntroducedAndReleases(t *testing.T) {
	repo := gittest.New(t)
	repo.Write(map[string]string{"db/1.sql": "CREATE TABLE a (id int);\n"})
	one := repo.Commit("one")
	repo.Git("tag", "v1.0.0")
	repo.Write(map[string]string{"db/2.sql": "CREATE TABLE b (id int);\n", "db/1.sql": "CREATE TABLE a (id bigint);\n"})
	two := repo.Commit("two")
	repo.Git("mv", "db/2.sql", "db/02.sql")
	three := repo.Commit("rename")
	r := open(t, repo.Dir)

	for _, tc := range []struct{ path, want string }{
		{"db/1.sql", one},  // edited later: still added by one
		{"db/02.sql", two}, // renamed: the same migration, added by two
		{"db/nope.sql", ""},
	} {
		if got, err := r.Introduced(three, tc.path); err != nil || got != tc.want {
			t.Errorf("Introduced(%s) = %q, %v; want %q", tc.path, got, err, tc.want)
		}
	}
	if got, err := r.Introduced(two, "db/2.sql"); err != nil || got != two {
		t.Errorf("Introduced(db/2.sql at two) = %q, %v; want %q", got, err, two)
	}
	if tag, err := r.TagContaining(one, "v*"); err != nil || tag != "v1.0.0" {
		t.Errorf("TagContaining(one) = %q, %v; want v1.0.0", tag, err)
	}
	if tag, err := r.TagContaining(two, "*"); err != nil || tag != "" {
		t.Errorf("TagContaining(two) = %q, %v; want none", tag, err)
	}
	if _, err := r.TagContaining(two, "-x"); err == nil {
		t.Error("a pattern that looks like an option was accepted")
	}
	if ok, err := r.IsAncestor(one, three); err != nil || !ok {
		t.Errorf("IsAncestor(one, three) = %v, %v", ok, err)
	}
	if ok, err := r.IsAncestor(three, one); err != nil || ok {
		t.Errorf("IsAncestor(three, one) = %v, %v", ok, err)
	}
	if _, err := r.IsAncestor("--all", one); err == nil {
		t.Error("a revision that looks like an option was accepted")
	}
}

// TestIndexIsWhatIsStaged: the index tree holds staged files, not what
// sits unstaged or untracked in the working tree.
func TestIndexIsWhatIsStaged(t *testing.T) {
	repo := gittest.New(t)
	repo.Write(map[string]string{"db/1.sql": "one\n", "db/2.sql": "two\n"})
	repo.Commit("one")
	repo.Write(map[string]string{"db/1.sql": "one, staged\n", "db/3.sql": "three, staged\n", "db/sub/4.sql": "four\n"})
	repo.Git("add", "db/1.sql", "db/3.sql", "db/sub/4.sql")
	repo.Write(map[string]string{"db/1.sql": "one, unstaged\n", "db/5.sql": "untracked\n"})
	repo.Git("rm", "-q", "--cached", "db/2.sql")
	idx, err := open(t, repo.Dir).Index()
	if err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(idx, "db/1.sql")
	if err != nil || string(got) != "one, staged\n" {
		t.Errorf("db/1.sql = %q, %v; want the staged version", got, err)
	}
	var names []string
	fs.WalkDir(idx, "db", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if want := []string{"db/1.sql", "db/3.sql", "db/sub/4.sql"}; !slices.Equal(names, want) {
		t.Errorf("staged files %v, want %v", names, want)
	}
	if info, err := fs.Stat(idx, "db/3.sql"); err != nil || info.Size() != int64(len("three, staged\n")) {
		t.Errorf("stat db/3.sql: %v, %v", info, err)
	}
}

// TestIntroducedFollowsRenames: a migration released under one name and
// renamed since is still the migration the release holds; when git cannot
// follow (an object it needs is missing), the commit that added the name.
func TestIntroducedFollowsRenames(t *testing.T) {
	repo := gittest.New(t)
	body := strings.Repeat("CREATE TABLE a (id int);\n", 20)
	repo.Write(map[string]string{"db/V0002.Webauthn.up.sql": body})
	added := repo.Commit("add")
	repo.Git("tag", "v4.34.0")
	repo.Git("mv", "db/V0002.Webauthn.up.sql", "db/V0002.WebAuthn.up.sql")
	repo.Write(map[string]string{"db/V0002.WebAuthn.up.sql": body + "-- renamed\n"})
	renamed := repo.Commit("rename, with an edit")
	r := open(t, repo.Dir)
	got, err := r.Introduced(renamed, "db/V0002.WebAuthn.up.sql")
	if err != nil || got != added {
		t.Fatalf("Introduced = %q, %v; want the commit that added it under its old name, %q", got, err, added)
	}
	if tag, err := r.TagContaining(got, "v*"); err != nil || tag != "v4.34.0" {
		t.Errorf("TagContaining = %q, %v; want v4.34.0", tag, err)
	}

	// Without the old blob git cannot score the inexact rename.
	old := repo.Git("rev-parse", added+":db/V0002.Webauthn.up.sql")
	if err := os.Remove(filepath.Join(repo.Dir, ".git", "objects", old[:2], old[2:])); err != nil {
		t.Fatal(err)
	}
	got, err = open(t, repo.Dir).Introduced(renamed, "db/V0002.WebAuthn.up.sql")
	if err != nil || got != renamed {
		t.Errorf("Introduced without the old blob = %q, %v; want the commit that added the name, %q", got, err, renamed)
	}
}
