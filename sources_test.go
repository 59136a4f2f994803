package schemacheck

import (
	"os"
	"path/filepath"
	"sync"
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

// Reading ahead gives the report what reading on demand would: each
// file's text in the report's order, a file skipped or asked for twice or
// out of order, and nothing for a file that changed since the run read it.
func TestSourcesReadAhead(t *testing.T) {
	texts := map[string]string{"a": "A", "b": "B", "c": "C", "d": "D", "e": "E", "f": "F", "g": "G"}
	var s sources
	var mu sync.Mutex
	reads := map[string]int{}
	for p, text := range texts {
		s.remember(p, []byte(text), func() ([]byte, error) {
			mu.Lock()
			reads[p]++
			mu.Unlock()
			if p == "f" {
				return []byte("changed"), nil
			}
			return []byte(text), nil
		})
	}
	s.readAhead([]string{"a", "a", "b", "c", "d", "e", "f", "g"})
	for _, ask := range []struct {
		path, want string
	}{{"a", "A"}, {"a", "A"}, {"c", "C"}, {"b", "B"}, {"e", "E"}, {"f", ""}, {"g", "G"}, {"d", "D"}} {
		got, ok := s.get(ask.path)
		if string(got) != ask.want || ok != (ask.want != "") {
			t.Errorf("get(%q) = %q, %v; want %q", ask.path, got, ok, ask.want)
		}
	}
	// b and d were asked for behind the report's position: read again on
	// demand, once more each; every other file once.
	for p := range texts {
		want := 1
		if p == "b" || p == "d" {
			want = 2
		}
		if reads[p] != want {
			t.Errorf("%s read %d times, want %d", p, reads[p], want)
		}
	}
}
