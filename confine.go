package schemacheck

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/internal/readlimit"
)

// Every file schemacheck reads because the repository or its config names
// it (contracts and their $refs, examples, migrations, the baseline, the
// config) is read through os.Root at the repository root: a path or a
// symbolic link that leads outside it (or is absolute) is an error, so a
// committed link cannot put another file's contents into the report.

// ErrOutsideRepository marks a read refused because it would leave the
// repository.
var ErrOutsideRepository = errors.New("a symbolic link or path leads outside the repository (absolute links count as outside); it was not read")

// treeFS returns the directory abs as a file system confined to the
// repository holding it (or, outside a repository, to abs itself).
func treeFS(abs string) (fs.FS, error) {
	root := repositoryRoot(abs)
	r, err := os.OpenRoot(root) // closed by its finalizer once the FS is dropped
	if err != nil {
		return nil, err
	}
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return nil, err
	}
	return confinedFS{fsys: r.FS(), dir: filepath.ToSlash(rel), fast: openBeneath(root)}, nil
}

// dirFS is treeFS for a directory the user or the config names; when it
// cannot be opened, every use of it fails with the reason (never an
// unconfined os.DirFS).
func dirFS(dir string) fs.FS {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return failedFS{err}
	}
	fsys, err := treeFS(abs)
	if err != nil {
		return failedFS{err}
	}
	return fsys
}

// failedFS is a directory that could not be opened.
type failedFS struct{ err error }

func (f failedFS) Open(string) (fs.File, error) { return nil, f.err }

// readConfined reads the regular file at path, confined to the repository
// holding it, through readlimit (never more than limit bytes; its errors
// for a file too large or not regular).
func readConfined(path string, limit int64) ([]byte, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	fsys, err := treeFS(filepath.Dir(abs))
	if err != nil {
		return nil, err
	}
	return readlimit.ReadFile(fsys, filepath.Base(abs), limit)
}

// confinedFS is the directory dir (slash-separated, "." for the root) of
// an os.Root at the repository root. It names os.Root's refusal ("path
// escapes from parent") for what it is to the user, and opens regular
// files through fast, a directory handle that opens a path in one system
// call with the same confinement, where the system has one (os.Root looks
// a file up, then opens it, component by component: about twenty system
// calls a file, a good share of the time on a large migration directory).
type confinedFS struct {
	fsys fs.FS
	dir  string
	fast *beneath // nil where the system cannot
}

// path is name below c.dir, or an error for a name fs.FS does not allow.
func (c confinedFS) path(op, name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	return path.Join(c.dir, name), nil
}

// relative names the file in err as the caller named it, as fs.Sub does,
// and says what an escape from the repository means.
func (c confinedFS) relative(err error) error {
	err = explain(err)
	var pe *fs.PathError
	if c.dir != "." && errors.As(err, &pe) {
		if rel, ok := strings.CutPrefix(pe.Path, c.dir+"/"); ok {
			return &fs.PathError{Op: pe.Op, Path: rel, Err: pe.Err}
		}
	}
	return err
}

func explain(err error) error {
	if err == nil || !strings.Contains(err.Error(), "path escapes from parent") {
		return err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &fs.PathError{Op: "read", Path: pe.Path, Err: ErrOutsideRepository}
	}
	return ErrOutsideRepository
}

func (c confinedFS) Open(name string) (fs.File, error) {
	full, err := c.path("open", name)
	if err != nil {
		return nil, err
	}
	f, err := c.fsys.Open(full)
	return f, c.relative(err)
}

func (c confinedFS) ReadFile(name string) ([]byte, error) {
	full, err := c.path("read", name)
	if err != nil {
		return nil, err
	}
	b, err := fs.ReadFile(c.fsys, full)
	return b, c.relative(err)
}

func (c confinedFS) Stat(name string) (fs.FileInfo, error) {
	full, err := c.path("stat", name)
	if err != nil {
		return nil, err
	}
	info, err := fs.Stat(c.fsys, full)
	return info, c.relative(err)
}

func (c confinedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	full, err := c.path("readdir", name)
	if err != nil {
		return nil, err
	}
	if c.fast != nil {
		if es, err, ok := c.fast.readDir(full); ok {
			for i, e := range es {
				es[i] = confinedEntry{e, c.fsys, path.Join(full, e.Name())}
			}
			return es, c.relative(err)
		}
	}
	es, err := fs.ReadDir(c.fsys, full)
	return es, c.relative(err)
}

// confinedEntry is an entry the fast path listed: its Info comes through
// os.Root, never from a path the entry could name outside the repository.
type confinedEntry struct {
	fs.DirEntry
	root fs.FS
	path string
}

func (e confinedEntry) Info() (fs.FileInfo, error) { return fs.Lstat(e.root, e.path) }

// Sub is fs.Sub without a wrapper, so the result still opens files fast.
func (c confinedFS) Sub(dir string) (fs.FS, error) {
	full, err := c.path("sub", dir)
	if err != nil {
		return nil, err
	}
	c.dir = full
	return c, nil
}

// OpenRegular is readlimit.RegularOpener: one system call to open where
// the system allows, os.Root's lookup and open otherwise.
func (c confinedFS) OpenRegular(name string) (fs.File, error) {
	full, err := c.path("open", name)
	if err != nil {
		return nil, err
	}
	if c.fast != nil {
		if f, err, ok := c.fast.openRegular(full); ok {
			return f, c.relative(err)
		}
	}
	return readlimit.StatThenOpen(c, name)
}

// loadConfig is config.Load confined to the repository holding the file:
// a committed schemacheck.yaml linking out of the repository would
// otherwise be parsed and quoted in errors.
func loadConfig(path string) (*config.Config, error) {
	data, err := readConfined(path, config.MaxSize)
	var tooLarge *readlimit.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		return nil, &config.Error{File: path, Message: tooLarge.Error() + " for a config file"}
	case err != nil:
		return nil, &config.Error{File: path, Message: fmt.Sprintf("cannot read the config file: %v", err),
			Hint: "check the path given to --config"}
	}
	return config.Parse(path, data)
}
