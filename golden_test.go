package schemacheck

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// update rewrites the golden files of this package's tests (go test -update).
// One definition for the package: a second flag.Bool("update") would panic.
var update = flag.Bool("update", false, "rewrite golden files")

// checkGolden compares got with the golden file at path (relative to the
// package directory, since tests may change directory) and, with -update,
// rewrites it first.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	path = filepath.Join(packageDir, path)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update and review the diff):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// packageDir is where golden files are, since tests change directory.
var packageDir, _ = os.Getwd()
