// Command gen writes the reference pages generated from the rule registry:
// docs/rules.md, and contracts/openapi/COVERAGE.md from the OpenAPI rules'
// coverage table of oasdiff's checks. Run it with `go generate ./...` from
// the repository root; tests fail when either is stale.
package main

import (
	"fmt"
	"os"

	"github.com/schemacheck/schemacheck"
	"github.com/schemacheck/schemacheck/contracts/openapi"
	"github.com/schemacheck/schemacheck/internal/atomicfile"
	"github.com/schemacheck/schemacheck/internal/rulesdoc"
)

func main() {
	for path, text := range map[string]string{
		"docs/rules.md":                 rulesdoc.Markdown(schemacheck.Rules()),
		"contracts/openapi/COVERAGE.md": openapi.CoverageMarkdown(),
	} {
		if err := atomicfile.WriteFile(path, []byte(text), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}
