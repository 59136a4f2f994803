// Command gen writes docs/rules.md from the rule registry. Run it with
// `go generate ./...` from the repository root; a test fails when it is
// stale.
package main

import (
	"fmt"
	"os"

	"github.com/schemacheck/schemacheck"
	"github.com/schemacheck/schemacheck/internal/atomicfile"
	"github.com/schemacheck/schemacheck/internal/rulesdoc"
)

func main() {
	out := "docs/rules.md"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if err := atomicfile.WriteFile(out, []byte(rulesdoc.Markdown(schemacheck.Rules())), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
