package migration

import (
	"io"
	"io/fs"
)

// ReadFile reads name from fsys, but never more than MaxFileSize+1 bytes:
// a file over the limit (a database dump left in the directory, a sparse
// file that claims a gigabyte) is reported by ParseFile without being read
// whole into memory.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}
