package schemacheck

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
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
	var fsys fs.FS = confinedFS{r.FS()}
	if rel == "." {
		return fsys, nil
	}
	return fs.Sub(fsys, filepath.ToSlash(rel))
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

// confinedFS names os.Root's refusal ("path escapes from parent") for
// what it is to the user.
type confinedFS struct{ fsys fs.FS }

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
	f, err := c.fsys.Open(name)
	return f, explain(err)
}

func (c confinedFS) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(c.fsys, name)
	return b, explain(err)
}

func (c confinedFS) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(c.fsys, name)
	return info, explain(err)
}

func (c confinedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := fs.ReadDir(c.fsys, name)
	return es, explain(err)
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
