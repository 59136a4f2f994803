// Command coveragegen writes contracts/openapi/COVERAGE.md from the
// coverage table in contracts/openapi/coverage.go. Run it with `go generate
// ./...`; a test fails when the file is stale.
package main

import (
	"fmt"
	"os"

	"github.com/schemacheck/schemacheck/contracts/openapi"
	"github.com/schemacheck/schemacheck/internal/atomicfile"
)

func main() {
	out := "COVERAGE.md"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if err := atomicfile.WriteFile(out, []byte(openapi.CoverageMarkdown()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "coveragegen:", err)
		os.Exit(1)
	}
}
