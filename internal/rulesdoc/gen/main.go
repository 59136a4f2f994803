// Command gen writes docs/rules.md and the rule table in README.md from
// the rule registry. Run it with `go generate ./...` from the repository
// root; a test fails when either is stale.
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
		fail(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		fail(err)
	}
	updated, ok := rulesdoc.ReplaceReadmeTable(string(readme), schemacheck.Rules())
	if !ok {
		fail(fmt.Errorf("README.md lacks the rule table markers"))
	}
	if err := atomicfile.WriteFile("README.md", []byte(updated), 0o644); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}
