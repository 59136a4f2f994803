package readlimit

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"testing/fstest"
)

// TestReadFile: a regular file within the limit is read; one over it is
// refused from its size, unread; a file whose size says 0 but holds more
// (a /proc file) is cut at the limit; a named pipe and a device are
// refused without opening them (opening the pipe would block).
func TestReadFile(t *testing.T) {
	fsys := fstest.MapFS{"ok": {Data: []byte("hello")}, "big": {Data: make([]byte, 11)}}
	if data, err := ReadFile(fsys, "ok", 10); err != nil || string(data) != "hello" {
		t.Errorf("ok: %q, %v", data, err)
	}
	var tooLarge *TooLargeError
	if _, err := ReadFile(fsys, "big", 10); !errors.As(err, &tooLarge) || tooLarge.Size != 11 {
		t.Errorf("big: %v", err)
	}
	if _, err := ReadPath("/proc/self/status", 10); !errors.As(err, &tooLarge) || tooLarge.Size != -1 {
		t.Errorf("/proc/self/status: %v, want cut at the limit", err)
	}
	pipe := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{pipe, "/dev/zero", os.TempDir()} {
		if _, err := ReadPath(p, 10); !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: %v, want ErrNotRegular", p, err)
		}
	}
}
