package migration

import (
	"errors"
	"io"
	"io/fs"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/internal/readlimit"
)

// ReadFile reads name from fsys if it is a regular file of at most
// MaxFileSize bytes. A larger file (a database dump left in the directory,
// a sparse file that claims a gigabyte) is not read at all, nor is a
// device or a named pipe; Refused says whether err is such a refusal.
func ReadFile(fsys fs.FS, name string) ([]byte, error) {
	return readlimit.ReadFile(fsys, name, MaxFileSize)
}

// Refused returns the File standing for a migration ReadFile refused to
// read (too large, not a regular file): one SC-DB003 finding, so the
// directory around it is still checked. It returns nil for any other
// error, and for none.
func Refused(path string, err error) *File {
	var tooLarge *readlimit.TooLargeError
	var msg string
	switch {
	case errors.As(err, &tooLarge):
		msg = tooLarge.Error() + " for a migration; it was not checked"
	case errors.Is(err, readlimit.ErrNotRegular):
		msg = err.Error() + "; a migration must be a file, so it was not checked"
	default:
		return nil
	}
	f := &File{Path: path, Direction: Up}
	f.Findings = append(f.Findings, RuleUnreadable.New(finding.Location{File: path}, "%s", msg))
	return f
}

// readHead returns at most the first n bytes of the regular file name,
// or nil when it cannot be read: detection looks at a file's first line
// without reading the whole file. It opens as ReadFile does (readlimit.Open:
// a named pipe is refused, not waited on).
func readHead(fsys fs.FS, name string, n int) []byte {
	f, err := readlimit.Open(fsys, name)
	if err != nil {
		return nil
	}
	defer f.Close()
	b := make([]byte, n)
	m, _ := io.ReadFull(f, b)
	return b[:m]
}
