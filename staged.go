package schemacheck

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/git"
	"github.com/schemacheck/schemacheck/migration"
)

// diffStaged is the pre-commit hook's diff: the staged files (the index)
// against the base, HEAD unless given (a first commit has none, so all it
// holds is new). A migration file stands for its directory, so a staged
// migration is judged with the history before it, exactly as check judges
// the same change; untracked and unstaged files are not part of it.
func (p *Project) diffStaged(opts DiffOptions) (*Result, error) {
	repo, err := git.Open(p.root)
	if err != nil {
		return nil, fmt.Errorf("--staged reads the git index: %w", err)
	}
	defer repo.Close()
	idx, err := repo.Index()
	if err != nil {
		return nil, err
	}
	staged := p.atRevision(&baseRevision{repo: repo, name: "the staged files", label: "index", commit: "index", tree: idx})
	rev := opts.Base
	if rev == "" {
		rev = "HEAD"
	}
	var base *baseRevision
	if commit, err := repo.Resolve(rev); err == nil {
		tree, err := repo.Tree(commit)
		if err != nil {
			return nil, err
		}
		base = &baseRevision{repo: repo, name: rev, label: rev, commit: commit, tree: tree}
	} else if opts.Base != "" {
		return nil, err
	} else {
		// The first commit: compared with an empty tree.
		base = &baseRevision{repo: repo, name: "an empty repository (no commit yet)", label: "empty", commit: "0000000000000", tree: repo.EmptyTree()}
	}
	if len(opts.Paths) == 0 && p.configFile == "" {
		return nil, fmt.Errorf("diff --staged needs the staged files to check (pre-commit passes them) or a schemacheck.yaml listing what to compare")
	}
	return staged.diffAgainst(base, opts)
}

// migrationFileDir returns the migration directory a migration file
// belongs to: the configured database holding it, else the nearest
// directory (up to three levels up) that reads it as a migration in its
// layout. ok is false for anything else (a directory, a contract, a .sql
// file no layout runs).
func (p *Project) migrationFileDir(path string) (string, bool) {
	abs, err := absPath(path)
	if err != nil {
		return "", false
	}
	if isDir, err := p.isDir(abs); err != nil || isDir {
		return "", false
	}
	best := ""
	for _, db := range p.cfg.Databases {
		dir := p.abs(db.Migrations)
		if rel, err := filepath.Rel(dir, abs); err == nil && filepath.IsLocal(rel) && len(dir) > len(best) {
			best = dir
		}
	}
	if best != "" {
		return p.display(best), p.readsMigration(best, abs, p.databaseFor(best))
	}
	if len(p.cfg.Databases) > 0 || !strings.HasSuffix(abs, ".sql") {
		return "", false // the configuration says where migrations are
	}
	dir := filepath.Dir(abs)
	for range 3 {
		// A project root read as plain .sql files is no migration
		// directory (see projectRoot).
		if p.readsMigration(dir, abs, config.Database{}) {
			if _, _, err := p.projectRoot(dir, "diff", config.Database{}); err == nil {
				return p.display(dir), true
			}
		}
		dir = filepath.Dir(dir)
	}
	return "", false
}

// readsMigration says whether the migration directory dir, read in its
// layout, runs the file at abs as a migration (up or down).
func (p *Project) readsMigration(dir, abs string, db config.Database) bool {
	fsys, err := p.migrationDir(dir)
	if err != nil {
		return false
	}
	set, err := p.loadSet(fsys, ".", db)
	if err != nil {
		return false
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	return slices.ContainsFunc(set.Migrations, func(m *migration.Migration) bool {
		return m.Up != nil && m.Up.Path == rel || m.Down != nil && m.Down.Path == rel
	})
}

// isDir stats a path where the project reads: the working tree or its
// revision.
func (p *Project) isDir(abs string) (bool, error) {
	if p.at == nil {
		info, err := os.Stat(abs)
		if err != nil {
			return false, err
		}
		return info.IsDir(), nil
	}
	rel, err := repoPath(p.at.repo.Root(), abs)
	if err != nil {
		return false, err
	}
	info, err := fs.Stat(p.at.tree, rel)
	if errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("%s is not in %s: %w", p.display(abs), p.at.name, fs.ErrNotExist)
	}
	if err != nil {
		return false, err
	}
	return info.IsDir(), nil
}
