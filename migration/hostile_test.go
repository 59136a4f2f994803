package migration

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
