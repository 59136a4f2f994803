// Command gen writes docs/locks.md, the lock reference, from the lock
// table. Run it with `go generate ./...`; a test fails when it is stale.
package main

import (
	"fmt"
	"os"

	"github.com/schemacheck/schemacheck/internal/atomicfile"
	"github.com/schemacheck/schemacheck/locks"
)

func main() {
	out := "docs/locks.md"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if err := atomicfile.WriteFile(out, []byte(locks.Markdown()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
