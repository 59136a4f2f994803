package schemacheck

import "fmt"

// diffRevision compares the working tree with a git revision (issue 4).
func (p *Project) diffRevision(opts DiffOptions) (*Result, error) {
	if opts.Base != "" {
		return nil, fmt.Errorf("--base: comparing with a git revision is not available yet in this version; give two files or directories: schemacheck diff OLD NEW")
	}
	return nil, fmt.Errorf("diff needs OLD and NEW (got %d arguments); comparing with a git revision is not available yet", len(opts.Paths))
}
