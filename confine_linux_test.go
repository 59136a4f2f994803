package schemacheck

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
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
	must := fatalOn(t)
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

	fastDB, slowDB := bothPaths(t, root, "db")

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

// fatalOn returns a function that ends the test on a setup error.
func fatalOn(t *testing.T) func(error) {
	return func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
}

// bothPaths is the directory dir of the repository root as treeFS gives
// it, with openat2 (fast) and through os.Root only (slow).
func bothPaths(t *testing.T, root, dir string) (fast, slow confinedFS) {
	t.Helper()
	tree, err := treeFS(root)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := fs.Sub(tree, dir)
	if err != nil {
		t.Fatal(err)
	}
	fast = sub.(confinedFS)
	if fast.fast == nil {
		t.Fatal("no openat2 handle: the fast path is not tested")
	}
	slow = fast
	slow.fast = nil
	return fast, slow
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
	kind := errKind(err)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return kind + " " + pe.Path
	}
	return kind
}

// TestReadDirBeneathAgreesWithRoot: listing a directory through openat2
// gives what os.Root's ReadDir gives: the same names in the same order,
// the same types and file infos, or the same kind of error.
func TestReadDirBeneathAgreesWithRoot(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	must := fatalOn(t)
	must(os.MkdirAll(filepath.Join(root, "db", "sub", "deeper"), 0o755))
	for _, f := range []string{"db/2.sql", "db/1.sql", "db/B.sql", "db/sub/3.sql", "top.sql"} {
		must(os.WriteFile(filepath.Join(root, f), []byte("SELECT 1;\n"), 0o644))
	}
	must(os.Symlink("sub", filepath.Join(root, "db", "link-in")))
	must(os.Symlink(outside, filepath.Join(root, "db", "link-out")))
	must(os.Symlink("../top.sql", filepath.Join(root, "db", "file-link")))
	must(syscall.Mkfifo(filepath.Join(root, "db", "pipe"), 0o644))

	fastDB, slowDB := bothPaths(t, root, "db")

	for _, name := range []string{".", "sub", "sub/deeper", "link-in", "link-out", "1.sql", "missing", "..", "sub/.."} {
		got, gotErr := listing(fastDB, name)
		want, wantErr := listing(slowDB, name)
		if gotErr != nil && strings.Contains(gotErr.Error(), root) {
			t.Errorf("%s: %v names an absolute path", name, gotErr)
		}
		// os.Root names a file that is not a directory by its absolute
		// path; the kinds of error must agree.
		if got != want || errKind(gotErr) != errKind(wantErr) {
			t.Errorf("%s: openat2 lists %q, %v; os.Root %q, %v", name, got, gotErr, want, wantErr)
		}
	}
	// os.Root's ReadDir waits for a writer on a named pipe; openat2 is
	// told the name must be a directory, so it never opens one.
	if _, err := listing(fastDB, "pipe"); !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("pipe: %v, want not a directory", err)
	}
	if got, _ := listing(fastDB, "."); got != "1.sql ---------- -rw-r--r--,2.sql ---------- -rw-r--r--,B.sql ---------- -rw-r--r--,file-link L--------- Lrwxrwxrwx,link-in L--------- Lrwxrwxrwx,link-out L--------- Lrwxrwxrwx,pipe p--------- prw-r--r--,sub d--------- drwxr-xr-x" {
		t.Errorf("listing of db: %s", got)
	}
}

// listing is each entry of fsys's directory name as "name type mode".
func listing(fsys fs.FS, name string) (string, error) {
	es, err := fs.ReadDir(fsys, name)
	var out []string
	for _, e := range es {
		info, err := e.Info()
		if err != nil {
			return "", err
		}
		out = append(out, e.Name()+" "+e.Type().String()+" "+info.Mode().String())
	}
	return strings.Join(out, ","), err
}

// errKind is the kind of error err is, as the user would read it.
func errKind(err error) string {
	if err == nil {
		return ""
	}
	for _, k := range []error{fs.ErrNotExist, ErrOutsideRepository, readlimit.ErrNotRegular, fs.ErrInvalid, syscall.ENOTDIR} {
		if errors.Is(err, k) {
			return k.Error()
		}
	}
	return "other"
}
