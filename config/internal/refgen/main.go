// Command refgen writes what is generated from the config JSON Schema:
// docs/config-reference.md, and the schema's copy at the repository root
// (where editors and SchemaStore find it).
package main

import (
	"fmt"
	"os"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/internal/atomicfile"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: refgen REFERENCE.md SCHEMA-COPY.json")
		os.Exit(2)
	}
	for _, out := range []struct {
		path string
		data []byte
	}{{os.Args[1], []byte(config.Reference())}, {os.Args[2], config.SchemaJSON}} {
		if err := atomicfile.WriteFile(out.path, out.data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "refgen:", err)
			os.Exit(1)
		}
	}
}
