package schemacheck

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/schemacheck/schemacheck/internal/readlimit"
)

// TestOpenBeneathAgreesWithRoot: the openat2 path and os.Root's lookup
// and open give the same answer for every kind of name a repository can
// hold: the contents, or the same error (outside the repository, not
// regular, missing). A named pipe is refused without waiting for a writer.
func TestOpenBeneathAgreesWithRoot(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "db", "sub"), 0o755))
	must(os.WriteFile(filepath.Join(root, "db", "1.sql"), []byte("SELECT 1;\n"), 0o644))
	must(os.WriteFile(filepath.Join(root, "shared.sql"), []byte("SELECT 2;\n"), 0o644))
	must(os.WriteFile(filepath.Join(outside, "secret.sql"), []byte("SELECT 3;\n"), 0o644))
	must(os.Symlink("../shared.sql", filepath.Join(root, "db", "inside.sql")))
	must(os.Symlink(filepath.Join(outside, "secret.sql"), filepath.Join(root, "db", "absolute-out.sql")))
	must(os.Symlink(filepath.Join(root, "shared.sql"), filepath.Join(root, "db", "absolute-in.sql")))
	rel, err := filepath.Rel(filepath.Join(root, "db"), filepath.Join(outside, "secret.sql"))
	must(err)
	must(os.Symlink(rel, filepath.Join(root, "db", "relative-out.sql")))
	must(os.Symlink("nowhere.sql", filepath.Join(root, "db", "dangling.sql")))
	must(syscall.Mkfifo(filepath.Join(root, "db", "pipe.sql"), 0o644))

	fast, err := treeFS(root)
	must(err)
	fastDB, err := fs.Sub(fast, "db")
	must(err)
	if fastDB.(confinedFS).fast == nil {
		t.Fatal("no openat2 handle: the fast path is not tested")
	}
	slowDB := fastDB.(confinedFS)
	slowDB.fast = nil

	for _, name := range []string{"1.sql", "inside.sql", "absolute-out.sql", "absolute-in.sql", "relative-out.sql",
		"dangling.sql", "pipe.sql", "sub", "missing.sql", "../shared.sql", "sub/../1.sql"} {
		gotB, gotErr := read(fastDB, name)
		wantB, wantErr := read(slowDB, name)
		if gotB != wantB || errString(gotErr) != errString(wantErr) {
			t.Errorf("%s: openat2 gives %q, %v; os.Root %q, %v", name, gotB, gotErr, wantB, wantErr)
		}
	}
	for _, name := range []string{"absolute-out.sql", "relative-out.sql"} {
		if _, err := read(fastDB, name); !errors.Is(err, ErrOutsideRepository) {
			t.Errorf("%s: %v, want the outside-the-repository error", name, err)
		}
	}
	if _, err := read(fastDB, "pipe.sql"); !errors.Is(err, readlimit.ErrNotRegular) {
		t.Errorf("pipe.sql: %v, want not regular", err)
	}
}

func read(fsys fs.FS, name string) (string, error) {
	f, err := fsys.(readlimit.RegularOpener).OpenRegular(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	return string(b), err
}

// errString is what the user learns from err: its kind and the file it
// names (os.Root says "statat" where openat2 says "open").
func errString(err error) string {
	if err == nil {
		return ""
	}
	kind := "other"
	for _, k := range []error{fs.ErrNotExist, ErrOutsideRepository, readlimit.ErrNotRegular, fs.ErrInvalid} {
		if errors.Is(err, k) {
			kind = k.Error()
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return kind + " " + pe.Path
	}
	return kind
}
