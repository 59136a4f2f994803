package schemacheck

import (
	"os"
	"path/filepath"
	"testing"
)

// Lint of a directory holds none of its files' text (a large history
// would keep megabytes for a few code frames): a frame reads the file
// again, and gets nothing from a file that changed since it was linted.
func TestLintHoldsNoSourceText(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	src := "CREATE TABLE users (id int PRIMARY KEY);\n"
	writeTree(t, filepath.Join(dir, "db"), map[string]string{
		"0001_users.up.sql":   src,
		"0001_users.down.sql": "DROP TABLE users;\n",
	})
	p, err := Open(OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Lint([]string{"db"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) == 0 {
		t.Fatal("no findings: the fixture needs one for a code frame")
	}
	if len(res.sources.held) != 0 {
		t.Errorf("the result holds the text of %d files", len(res.sources.held))
	}
	file := res.Findings[0].Location.File
	if got, ok := res.Source(file); !ok || string(got) != src {
		t.Fatalf("Source(%q) = %q, %v; want the file's text", file, got, ok)
	}
	// A file changed after the run is not framed: its lines are not the
	// ones the finding points at.
	if err := os.WriteFile(filepath.Join(dir, "db", "0001_users.up.sql"), []byte("-- moved\n"+src), 0o644); err != nil {
		t.Fatal(err)
	}
	res.sources.last = nil
	if got, ok := res.Source(file); ok {
		t.Errorf("Source of a changed file = %q, want none", got)
	}
}
