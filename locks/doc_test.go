package locks_test

import (
	"os"
	"testing"

	"github.com/schemacheck/schemacheck/locks"
)

// TestDocsCurrent fails when docs/locks.md is not what the table renders:
// run `go generate ./...`.
func TestDocsCurrent(t *testing.T) {
	b, err := os.ReadFile("../docs/locks.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != locks.Markdown() {
		t.Error("docs/locks.md is stale: run go generate ./...")
	}
}
