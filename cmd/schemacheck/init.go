package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/schemacheck/schemacheck"
	"github.com/schemacheck/schemacheck/config"
)

// runInit detects migration directories and contracts under DIR (default:
// the working directory), writes DIR/schemacheck.yaml and says what it found.
func runInit(e *env, o *options, args []string) int {
	dir := "."
	switch len(args) {
	case 0:
	case 1:
		dir = args[0]
	default:
		return fail(e, fmt.Errorf("init takes at most one directory (got %d arguments)", len(args)))
	}
	s, err := schemacheck.DetectScaffold(os.DirFS(dir))
	if err != nil {
		return fail(e, fmt.Errorf("%s: %w", dir, err))
	}
	path := filepath.Join(dir, "schemacheck.yaml")
	if err := schemacheck.WriteScaffold(path, s, o.force); err != nil {
		return fail(e, err)
	}
	// The starter file must load; if it does not, that is our bug, and the
	// user should hear it now rather than on the first check.
	if _, err := config.Load(path); err != nil {
		return fail(e, fmt.Errorf("the written configuration does not load (please report this): %w", err))
	}
	fmt.Fprintf(e.stdout, "wrote %s\n", path)
	for _, db := range s.Databases {
		fmt.Fprintf(e.stdout, "  database  %s (%s, migrations: %d)\n", db.Dir, db.Layout, db.Migrations)
	}
	for _, c := range s.Contracts {
		fmt.Fprintf(e.stdout, "  contract  %s (%s)\n", c.Path, c.Kind)
	}
	if len(s.Databases)+len(s.Contracts) == 0 {
		fmt.Fprintln(e.stdout, "  found no migration directory or contract; edit the file to name them")
	}
	fmt.Fprintln(e.stdout, "next: add your clients and server versions (commented examples in the file), then run 'schemacheck check'")
	return exitOK
}
