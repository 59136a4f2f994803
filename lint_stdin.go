package schemacheck

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/schemacheck/schemacheck/migration"
)

// StdinName is the file name findings use for a migration read from
// standard input without --stdin-filename.
const StdinName = "<stdin>"

// LintReader lints one migration read from r (standard input, for
// `schemacheck lint -`) as a file given alone. Findings name it name
// (StdinName when empty); when name lies in a configured migration
// directory, that database's settings (placeholders, PostgreSQL version)
// apply. Like a file, r is never read past migration.MaxFileSize+1 bytes:
// a larger input is one SC-DB003 finding.
func (p *Project) LintReader(r io.Reader, name string) (*Result, error) {
	if name == "" {
		name = StdinName
	}
	src, err := io.ReadAll(io.LimitReader(r, migration.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	res := &Result{}
	p.lintLoose(res, p.parseLoose(res, name, src), p.databaseFor(filepath.Dir(name)))
	return p.finish(res), nil
}
