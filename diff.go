package schemacheck

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"github.com/schemacheck/schemacheck/contracts"
	"github.com/schemacheck/schemacheck/internal/readlimit"
	"github.com/schemacheck/schemacheck/internal/utf8pos"
)

// DiffOptions configure Diff.
type DiffOptions struct {
	// Base is a git revision to compare the working tree with.
	Base string
	// Paths are OLD and NEW (two files or two directories), or, with a
	// base revision, the paths to compare at Base and in the working tree.
	Paths []string
	// All lists non-breaking changes too (changelog mode).
	All bool
	// Direction: backward (old clients against the new server; default),
	// forward (new clients against the old server) or both.
	Direction string
	// Staged compares the staged files (the git index, what the next
	// commit holds) instead of the working tree, with Base (default HEAD):
	// the pre-commit hook, which judges a commit as check judges a change.
	Staged bool
	// Mode is a JSON Schema compatibility mode (backward, forward, full,
	// their _transitive forms, none). Empty: the mode configured for the
	// contract, else the one Direction names (both = full).
	Mode string
}

// Diff compares two versions and reports what the change breaks:
//
//   - OLD NEW files: two contracts, OpenAPI or JSON Schema, recognised by
//     their content (diff_openapi.go, diff_jsonschema.go);
//   - OLD NEW directories: two migration directories (diff_db.go);
//   - --base REV, or no arguments: the working tree against a git revision
//     (diff_git.go).
func (p *Project) Diff(opts DiffOptions) (*Result, error) {
	switch opts.Direction {
	case "", "backward", "forward", "both":
	default:
		return nil, fmt.Errorf("--direction %q: want backward, forward or both", opts.Direction)
	}
	if opts.Base != "" || len(opts.Paths) != 2 || opts.Staged {
		return p.diffRevision(opts)
	}
	var dirs [2]bool
	for i, path := range opts.Paths {
		info, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		dirs[i] = info.IsDir()
	}
	switch {
	case dirs[0] && dirs[1]:
		return p.diffMigrationDirs(opts)
	case dirs[0] != dirs[1]:
		return nil, fmt.Errorf("diff compares two files or two directories, not %s and %s", opts.Paths[0], opts.Paths[1])
	}
	return p.diffContractFiles(opts)
}

// diffContractFiles compares two contract files of the same kind.
// The two files are read at once: reading is bound by faulting in the
// memory it fills, which two cores do side by side (Stripe's pair: 28
// ms in turn). The old file's error, if both fail, is the one reported.
func (p *Project) diffContractFiles(opts DiffOptions) (*Result, error) {
	var docs [2]document
	var errs [2]error
	var wg sync.WaitGroup
	for i, path := range opts.Paths[:2] {
		wg.Go(func() { docs[i], errs[i] = localDocument(path) })
	}
	wg.Wait()
	if err := cmp.Or(errs[0], errs[1]); err != nil {
		return nil, err
	}
	return p.diffDocuments(docs[0], docs[1], opts)
}

// diffDocuments compares two versions of one contract, whatever they were
// read from (files, a git revision), by the kind of contract they are.
func (p *Project) diffDocuments(old, new document, opts DiffOptions) (*Result, error) {
	var kinds [2]contracts.Kind
	for i, doc := range []document{old, new} {
		if err := textOnly(doc); err != nil {
			return nil, err
		}
		var err error
		if kinds[i], err = contracts.Sniff(doc.Source); err != nil {
			return nil, fmt.Errorf("%s: %w", doc.Display, err)
		}
	}
	family := func(k contracts.Kind) contracts.Kind {
		if k == contracts.Swagger {
			return contracts.OpenAPI
		}
		return k
	}
	if family(kinds[0]) != family(kinds[1]) {
		return nil, fmt.Errorf("%s is %s but %s is %s: diff compares two versions of one contract",
			old.Display, describeKind(kinds[0]), new.Display, describeKind(kinds[1]))
	}
	if family(kinds[0]) == contracts.OpenAPI {
		if opts.Mode != "" {
			return nil, fmt.Errorf("--mode %s: %s is %s, and --mode applies to JSON Schema contracts only; use --direction backward, forward or both",
				opts.Mode, new.Display, describeKind(kinds[1]))
		}
	}
	return p.diffContract(old, new, kinds[1], opts)
}

// textOnly refuses a document that is not UTF-8 text, at the first bad
// byte, before a YAML decoder reports it without a position.
func textOnly(doc document) error {
	if i := bytes.IndexByte(doc.Source, 0); i >= 0 {
		return fmt.Errorf("%s: contains NUL bytes (at byte %d): it looks binary, not a JSON or YAML contract", doc.Display, i)
	}
	if line, col, b, bad := utf8pos.FirstInvalid(doc.Source); bad {
		return fmt.Errorf("%s:%d:%d: not valid UTF-8 (byte 0x%02x); save the file as UTF-8", doc.Display, line, col, b)
	}
	return nil
}

func describeKind(k contracts.Kind) string {
	switch k {
	case contracts.OpenAPI:
		return "an OpenAPI 3 document"
	case contracts.Swagger:
		return "a Swagger 2.0 document"
	}
	return "a JSON Schema"
}

// document is one version of a contract file (contracts.Document).
type document = contracts.Document

// readContract reads a contract file (name in fsys, display as the user
// knows it) within the size limit; only regular files are read.
func readContract(fsys fs.FS, name, display string) ([]byte, error) {
	src, err := readlimit.ReadFile(fsys, name, maxContractSize)
	var tooLarge *readlimit.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		return nil, fmt.Errorf("%s: %w for a contract; it was not read", display, err)
	case errors.Is(err, readlimit.ErrNotRegular):
		return nil, fmt.Errorf("%s: %w; a contract must be a file", display, err)
	case err != nil:
		return nil, fmt.Errorf("%s: %w", display, err)
	}
	return src, nil
}

// localDocument reads a contract from disk. Its tree is the git repository
// holding it, or, outside a repository, its own directory.
func localDocument(path string) (document, error) {
	src, err := readContract(dirFS(filepath.Dir(path)), filepath.Base(path), path)
	if err != nil {
		return document{}, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return document{}, fmt.Errorf("%s: %w", path, err)
	}
	root := repositoryRoot(filepath.Dir(abs))
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return document{}, fmt.Errorf("%s: %w", path, err)
	}
	tree, err := treeFS(root) // $refs are read from the repository, never out of it
	if err != nil {
		return document{}, fmt.Errorf("%s: %w", path, err)
	}
	reread := func() ([]byte, error) { return readContract(dirFS(filepath.Dir(path)), filepath.Base(path), path) }
	return document{Display: filepath.ToSlash(path), Source: src, FS: tree, Path: filepath.ToSlash(rel), Reread: reread}, nil
}

// repositoryRoot returns the nearest directory at or above dir holding
// .git, or dir itself when there is none.
func repositoryRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}
