package migration

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A symbolic link loop inside a migration directory must not hang the
// walk (fs.WalkDir does not follow links), and the real files still load.
func TestSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "1_a.up.sql"), []byte("CREATE TABLE a (id int);"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(dir, "loop")); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
	set, err := Load(os.DirFS(dir), ".", Options{})
	if err != nil || len(set.Migrations) != 1 {
		t.Fatalf("got %v, %v", set, err)
	}
}

// An oversized file gives one located finding and is not parsed.
func TestOversizedFile(t *testing.T) {
	src := []byte("SELECT 1;" + strings.Repeat(" ", MaxFileSize))
	files := ParseFile("huge.sql", src, FileOptions{})
	if len(files) != 1 || len(files[0].Findings) != 1 || !strings.Contains(files[0].Findings[0].Message, "limit") {
		t.Fatalf("got %+v", files[0].Findings)
	}
	if len(files[0].Statements) != 0 {
		t.Error("an oversized file must not be parsed")
	}
}

// Layout detection reads the first bytes of files named as sqlx names
// its migrations; one that is a link to a named pipe is refused, not
// opened and waited on for a writer that never comes.
func TestDetectionRefusesALinkToANamedPipe(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "002_b.sql"), []byte("CREATE TABLE b (id int);"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe"), 0o644); err != nil {
		t.Skipf("named pipes unavailable: %v", err)
	}
	if err := os.Symlink("pipe", filepath.Join(dir, "001_a.sql")); err != nil {
		t.Skipf("symlinks unavailable: %v", err)
	}
	done := make(chan Layout, 1)
	go func() {
		layout, _ := Detect(os.DirFS(dir), ".")
		done <- layout
	}()
	select {
	case layout := <-done:
		if layout != LayoutPlain {
			t.Errorf("layout %s, want %s", layout, LayoutPlain)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("detection is still waiting on the named pipe after 10 s")
	}
}
