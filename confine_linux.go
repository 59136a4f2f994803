package schemacheck

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"

	"github.com/schemacheck/schemacheck/internal/readlimit"
)

// beneath is a directory handle that opens paths below it with openat2's
// RESOLVE_BENEATH (Linux 5.6): ".." and symbolic links are followed only
// while they stay inside, and an absolute link is refused, as os.Root
// refuses them; the kernel does the lookup in the one call.
type beneath struct {
	dir *os.File
	// off is set when the kernel (or a seccomp filter) refuses openat2:
	// every later open goes through os.Root.
	off atomic.Bool
}

// openBeneath opens root for beneath, or returns nil.
func openBeneath(root string) *beneath {
	dir, err := os.Open(root) // closed by its finalizer once the FS is dropped
	if err != nil {
		return nil
	}
	return &beneath{dir: dir}
}

// openRegular opens name, a slash-separated path below the directory, if
// it is a regular file. ok is false when openat2 is not available: then
// the caller opens it another way.
func (b *beneath) openRegular(name string) (f fs.File, err error, ok bool) {
	// Non-blocking, so a named pipe does not wait for a writer.
	fd, err, ok := b.open(name, unix.O_NONBLOCK)
	if !ok || err != nil {
		return nil, err, ok
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, &fs.PathError{Op: "stat", Path: name, Err: err}, true
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return nil, readlimit.NotRegular(fileMode(st.Mode)), true
	}
	return &fdFile{fd: fd, name: name, st: st}, nil, true
}

// readDir lists the directory name below b, sorted by name as os.Root
// lists it, with each entry's type as the directory records it: os.Root
// stats every entry, a system call per file of a large migration
// directory. Only an entry whose type the file system does not record is
// stat'ed, relative to the directory. ok is as for openRegular.
func (b *beneath) readDir(name string) (entries []fs.DirEntry, err error, ok bool) {
	fd, err, ok := b.open(name, unix.O_DIRECTORY|unix.O_NONBLOCK)
	if !ok || err != nil {
		if errors.Is(err, unix.ENOTDIR) {
			err = &fs.PathError{Op: "readdir", Path: name, Err: unix.ENOTDIR}
		}
		return nil, err, ok
	}
	dir := os.NewFile(uintptr(fd), name)
	defer dir.Close()
	entries, err = dir.ReadDir(-1)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}, true
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil, true
}

// open opens name below the directory with openat2, read-only with flags
// added. ok is false when openat2 is not available.
func (b *beneath) open(name string, flags int) (fd int, err error, ok bool) {
	if b.off.Load() {
		return -1, nil, false
	}
	how := unix.OpenHow{
		Flags:   uint64(unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOCTTY | flags),
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS,
	}
	// EAGAIN: a rename or mount raced the lookup, which the kernel then
	// refuses to judge; retried a few times, then left to os.Root.
	for range 8 {
		fd, err = unix.Openat2(int(b.dir.Fd()), name, &how)
		if err != unix.EINTR && err != unix.EAGAIN {
			break
		}
	}
	runtime.KeepAlive(b.dir) // its finalizer must not close the descriptor under the call
	switch {
	case err == unix.EINTR || err == unix.EAGAIN:
		return -1, nil, false
	case err == unix.ENOSYS || err == unix.EPERM:
		// No openat2, or a seccomp filter refusing it (open itself
		// answers EACCES for a file the user may not read).
		b.off.Store(true)
		return -1, nil, false
	case err == unix.EXDEV: // the path or a link leads outside
		return -1, &fs.PathError{Op: "read", Path: name, Err: ErrOutsideRepository}, true
	case err != nil:
		return -1, &fs.PathError{Op: "open", Path: name, Err: err}, true
	}
	return fd, nil, true
}

// fdFile is a regular file openRegular opened: Stat answers from the
// fstat already made, and reads are read(2) on the descriptor (O_NONBLOCK
// means nothing for a regular file). An *os.File would cost three fcntl
// calls (clearing O_NONBLOCK, then os.NewFile checking it) and a second
// fstat, per file: a third of a large directory's system calls. Like any
// file, it must be closed; it has no finalizer to do it.
type fdFile struct {
	fd   int
	name string
	st   unix.Stat_t
}

func (f *fdFile) Stat() (fs.FileInfo, error) { return fdInfo{f}, nil }

func (f *fdFile) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for {
		n, err := unix.Read(f.fd, b)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return 0, &fs.PathError{Op: "read", Path: f.name, Err: err}
		case n == 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (f *fdFile) Close() error {
	if f.fd < 0 {
		return &fs.PathError{Op: "close", Path: f.name, Err: fs.ErrClosed}
	}
	err := unix.Close(f.fd)
	f.fd = -1
	if err != nil {
		return &fs.PathError{Op: "close", Path: f.name, Err: err}
	}
	return nil
}

// fdInfo is an fdFile's fs.FileInfo.
type fdInfo struct{ f *fdFile }

func (i fdInfo) Name() string       { return path.Base(i.f.name) }
func (i fdInfo) Size() int64        { return i.f.st.Size }
func (i fdInfo) Mode() fs.FileMode  { return fs.FileMode(i.f.st.Mode & 0o777) }
func (i fdInfo) ModTime() time.Time { return time.Unix(i.f.st.Mtim.Unix()) }
func (i fdInfo) IsDir() bool        { return false }
func (i fdInfo) Sys() any           { return &i.f.st }

// fileMode is the type bits of a stat mode as an fs.FileMode.
func fileMode(mode uint32) fs.FileMode {
	switch mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	case unix.S_IFLNK:
		return fs.ModeSymlink
	}
	return fs.ModeIrregular
}
