package schemacheck

import (
	"io/fs"
	"os"
	"runtime"
	"sync/atomic"

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
	if b.off.Load() {
		return nil, nil, false
	}
	how := unix.OpenHow{
		// Non-blocking, so a named pipe does not wait for a writer.
		Flags:   unix.O_RDONLY | unix.O_CLOEXEC | unix.O_NOCTTY | unix.O_NONBLOCK,
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_MAGICLINKS,
	}
	var fd int
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
		return nil, nil, false
	case err == unix.ENOSYS || err == unix.EPERM:
		// No openat2, or a seccomp filter refusing it (open itself
		// answers EACCES for a file the user may not read).
		b.off.Store(true)
		return nil, nil, false
	case err == unix.EXDEV: // the path or a link leads outside
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrOutsideRepository}, true
	case err != nil:
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}, true
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
	// Blocking again, so os.File reads it directly, not through the poller.
	if err := unix.SetNonblock(fd, false); err != nil {
		unix.Close(fd)
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}, true
	}
	return os.NewFile(uintptr(fd), name), nil, true
}

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
