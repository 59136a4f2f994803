package schemacheck

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/schemacheck/schemacheck/contracts/openapi"
)

// DiffOptions configure Diff.
type DiffOptions struct {
	// Base is a git revision to compare the working tree with (not
	// available yet).
	Base string
	// Paths are OLD and NEW.
	Paths []string
	// All lists non-breaking changes too (changelog mode).
	All bool
	// Direction: backward (old clients against the new server; default),
	// forward (new clients against the old server) or both.
	Direction string
}

// Diff compares two versions and reports what the change breaks. Today it
// compares two OpenAPI 3.0/3.1 documents; git revisions, migration
// directories and JSON Schemas are refused with a clear error.
func (p *Project) Diff(opts DiffOptions) (*Result, error) {
	if opts.Base != "" {
		return nil, fmt.Errorf("--base: comparing with a git revision is not available yet in this version; give two files: schemacheck diff OLD NEW")
	}
	if len(opts.Paths) != 2 {
		return nil, fmt.Errorf("diff needs two files, OLD and NEW (got %d arguments); comparing with a git revision is not available yet", len(opts.Paths))
	}
	for _, path := range opts.Paths {
		info, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if info.IsDir() {
			return nil, fmt.Errorf("%s: comparing migration directories is not available yet in this version; diff compares two OpenAPI files", path)
		}
	}
	res := &Result{}
	var specs [2]*openapi.Spec
	for i, path := range opts.Paths {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		name := filepath.ToSlash(path)
		spec, err := openapi.Parse(name, src, openapi.LoadOptions{})
		if err != nil {
			return nil, fmt.Errorf("%w (diff compares OpenAPI 3.0/3.1 documents; JSON Schema is not available yet)", err)
		}
		specs[i] = spec
		res.addSource(name, src)
	}
	switch opts.Direction {
	case "", "backward", "forward", "both":
	default:
		return nil, fmt.Errorf("--direction %q: want backward, forward or both", opts.Direction)
	}
	res.Findings = openapi.Diff(specs[0], specs[1], openapi.Options{Direction: opts.Direction, All: opts.All})
	return p.finish(res), nil
}
