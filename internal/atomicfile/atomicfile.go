// Package atomicfile writes files so that readers see either the old or the
// new contents, never a half-written file: write a temporary file in the
// same directory, sync it, then rename it over the target.
//
// Only a regular file (or a missing one) is replaced that way. A symbolic
// link is followed and its target written, so the link stays a link; a
// device, FIFO or socket (/dev/null, /dev/stdout, a pipe) is written
// through, because renaming over it would replace the node itself; a
// directory is refused.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes data to path. A new file gets permissions perm; an
// existing regular file keeps its own.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	target := path
	if info, err := os.Lstat(path); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		if target, err = filepath.EvalSymlinks(path); err != nil {
			return fmt.Errorf("write %s: symbolic link to a missing target: %w", path, err)
		}
	}
	info, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return replace(path, target, data, perm)
	case err != nil:
		return fmt.Errorf("write %s: %w", path, err)
	case info.IsDir():
		return fmt.Errorf("write %s: it is a directory; name a file", path)
	case info.Mode().IsRegular():
		return replace(path, target, data, info.Mode().Perm())
	}
	return writeThrough(path, target, data)
}

// writeThrough writes to a node that is not a regular file (a device, a
// FIFO) in place: it cannot be replaced, only written to.
func writeThrough(path, target string, data []byte) error {
	f, err := os.OpenFile(target, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// replace writes a temporary file beside target and renames it over it.
func replace(path, target string, data []byte, perm os.FileMode) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), target); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
