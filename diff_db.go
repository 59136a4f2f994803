package schemacheck

import "fmt"

// diffMigrationDirs compares two migration directories (issue 4).
func (p *Project) diffMigrationDirs(opts DiffOptions) (*Result, error) {
	return nil, fmt.Errorf("%s, %s: comparing migration directories is not available yet in this version; run 'schemacheck lint' on the new directory", opts.Paths[0], opts.Paths[1])
}
