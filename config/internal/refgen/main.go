// Command refgen writes docs/config-reference.md from the config JSON Schema.
package main

import (
	"fmt"
	"os"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/internal/atomicfile"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: refgen OUTPUT.md")
		os.Exit(2)
	}
	if err := atomicfile.WriteFile(os.Args[1], []byte(config.Reference()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "refgen:", err)
		os.Exit(1)
	}
}
