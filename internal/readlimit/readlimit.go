// Package readlimit reads input files whole, but only regular files and
// never more than a limit. A file's reported size is not enough: a symlink
// to /dev/zero reports 0 bytes and never ends, a named pipe blocks the
// open, and /proc files report 0 and hold more. Every file the tool reads
// (migrations, contracts, $ref targets, payloads, config, baseline, blobs
// at a revision) goes through here; callers pick the fs.FS (os.DirFS, an
// os.Root's FS, a git tree) or pass a file they opened themselves.
package readlimit

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// TooLargeError says a file is over the limit; it was not read (or not
// past the limit, when its size was not known in advance).
type TooLargeError struct {
	Size  int64 // -1 when the file grew past the limit while being read
	Limit int64
}

func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("file is larger than the %d-byte (%s) limit", e.Limit, mib(e.Limit))
	}
	return fmt.Sprintf("file is %d bytes, larger than the %d-byte (%s) limit", e.Size, e.Limit, mib(e.Limit))
}

func mib(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// ErrNotRegular is wrapped by the error for a device, a named pipe, a
// socket or a directory.
var ErrNotRegular = errors.New("not a regular file")

// NotRegular is the error Open gives for a file of the given mode that is
// not a regular file (it wraps ErrNotRegular).
func NotRegular(mode fs.FileMode) error {
	kind := "special file"
	switch {
	case mode.IsDir():
		kind = "directory"
	case mode&fs.ModeNamedPipe != 0:
		kind = "named pipe"
	case mode&fs.ModeSocket != 0:
		kind = "socket"
	case mode&fs.ModeCharDevice != 0:
		kind = "character device"
	case mode&fs.ModeDevice != 0:
		kind = "device"
	}
	return fmt.Errorf("it is a %s, %w", kind, ErrNotRegular)
}

// ReadAll reads the opened file f if it is a regular file of at most
// limit bytes. It stops reading at limit+1 bytes whatever the file's
// reported size.
func ReadAll(f fs.File, limit int64) ([]byte, error) {
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, NotRegular(info.Mode())
	}
	if info.Size() > limit {
		return nil, &TooLargeError{Size: info.Size(), Limit: limit}
	}
	data, err := readAll(io.LimitReader(f, limit+1), min(info.Size(), limit)+1)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Size: -1, Limit: limit}
	}
	return data, nil
}

// readAll is io.ReadAll into a buffer of size bytes to start with: sized
// from the file's Stat, the file is read in one call and the buffer is
// not grown and copied (nor kept at up to twice the file's size by
// whoever holds the text).
func readAll(r io.Reader, size int64) ([]byte, error) {
	data := make([]byte, 0, size)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew, or the read at its end
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// RegularOpener is a file system that can open a regular file without
// first looking it up by name: it opens without blocking (a named pipe's
// open would wait for a writer) and then checks what it opened, with the
// errors Open gives. On a large directory the lookup before the open was a
// good share of the system calls.
type RegularOpener interface {
	OpenRegular(name string) (fs.File, error)
}

// Open opens name in fsys if it is a regular file (after following
// symbolic links). It checks before opening, since opening a named pipe
// blocks until someone writes to it, unless fsys is a RegularOpener.
func Open(fsys fs.FS, name string) (fs.File, error) {
	if o, ok := fsys.(RegularOpener); ok {
		return o.OpenRegular(name)
	}
	return StatThenOpen(fsys, name)
}

// StatThenOpen is Open for a file system that is not a RegularOpener (or
// one falling back from its own way): it looks name up, then opens it if
// it is a regular file.
func StatThenOpen(fsys fs.FS, name string) (fs.File, error) {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, NotRegular(info.Mode())
	}
	return fsys.Open(name)
}

// ReadFile reads name from fsys through Open and ReadAll. The limit and
// file type errors are a *TooLargeError and one wrapping ErrNotRegular;
// they do not name the file, so the caller says which file it was.
func ReadFile(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := Open(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(f, limit)
}

// ReadPath reads the file at an operating-system path (a command-line
// argument, a --config or baseline path).
func ReadPath(path string, limit int64) ([]byte, error) {
	return ReadFile(os.DirFS(filepath.Dir(path)), filepath.Base(path), limit)
}
