package schemacheck

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	pathpkg "path"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/schemacheck/schemacheck/config"
)

// diffRevision compares the working tree with a git revision: the base
// given with --base, else base: from schemacheck.yaml, else the merge-base
// with the remote default branch. PATHs are migration directories and
// contract files; without them, every database and contract the
// configuration lists is compared.
func (p *Project) diffRevision(opts DiffOptions) (*Result, error) {
	if opts.Base == "" && len(opts.Paths) == 0 && p.configFile == "" && !opts.Staged {
		return nil, fmt.Errorf("diff needs OLD and NEW (two files or two directories), --base REV [PATH…], or a schemacheck.yaml listing what to compare (schemacheck init writes one)")
	}
	if opts.Staged {
		return p.diffStaged(opts)
	}
	base, err := p.resolveBase(opts.Base)
	if err != nil {
		return nil, err
	}
	if base == nil {
		return nil, fmt.Errorf("diff found no base revision to compare with (not a git repository, or no default branch): give --base REV, or two directories or files: schemacheck diff OLD NEW")
	}
	defer base.repo.Close()
	return p.diffAgainst(base, opts)
}

// diffAgainst compares what the project reads (the working tree, or the
// staged files) with base: PATHs, or everything configured.
func (p *Project) diffAgainst(base *baseRevision, opts DiffOptions) (*Result, error) {
	res := &Result{Notes: base.notes()}
	if len(opts.Paths) == 0 {
		if len(p.cfg.Databases)+len(p.cfg.Contracts) == 0 {
			return nil, fmt.Errorf("%s: nothing to compare: list migration directories under databases: or contract files under contracts:, or give PATHs", p.configFile)
		}
		if err := p.diffDatabases(res, base); err != nil {
			return nil, err
		}
		if err := p.diffConfiguredContracts(res, base); err != nil {
			return nil, err
		}
		return p.finish(res), nil
	}
	dirs := map[string]bool{}
	for _, path := range opts.Paths {
		if dir, ok := p.migrationFileDir(path); ok {
			// A migration file stands for its directory: it is
			// judged in the context of the history before it.
			if !dirs[dir] {
				dirs[dir] = true
				if err := p.diffDatabaseAtRevision(res, base, dir, p.databaseFor(dir)); err != nil {
					return nil, err
				}
			}
			continue
		}
		if opts.Staged && strings.HasSuffix(path, ".sql") {
			res.addNote(fmt.Sprintf("%s is no migration of a directory schemacheck reads (configure it under databases: in schemacheck.yaml): skipped", path))
			continue
		}
		if err := p.diffPathAtRevision(res, base, path, opts); err != nil {
			return nil, err
		}
	}
	return p.finish(res), nil
}

// diffPathAtRevision compares one migration directory or contract file in
// the working tree with the same path at the base revision.
func (p *Project) diffPathAtRevision(res *Result, base *baseRevision, path string, opts DiffOptions) error {
	abs, err := absPath(path)
	if err != nil {
		return err
	}
	isDir, err := p.isDir(abs)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if isDir {
		if _, _, err := p.projectRoot(path, "diff", p.databaseFor(path)); err != nil {
			return err
		}
		before := res.migrations
		if err := p.diffDatabaseAtRevision(res, base, path, p.databaseFor(path)); err != nil {
			return err
		}
		if res.migrations == before {
			return p.nothingFound(path, "diff", true)
		}
		return nil
	}
	head, err := p.readContract(abs)
	if err != nil {
		return err
	}
	old, ok, err := revisionDocument(base, abs)
	if err != nil {
		return err
	}
	if !ok {
		res.Notes = append(res.Notes, fmt.Sprintf("%s does not exist at %s: it is new, nothing can depend on it yet", path, base.name))
		return nil
	}
	r, err := p.diffDocuments(old, head, opts)
	if err != nil {
		return err
	}
	res.merge(r)
	return nil
}

// diffDatabases adds the database diff of every configured database
// against the base revision to res: the added migrations linted as one
// change, what they remove, rename or change in the base's schema, merged
// migrations edited or deleted, and down scripts that do not restore.
func (p *Project) diffDatabases(res *Result, base *baseRevision) error {
	for i, db := range p.cfg.Databases {
		dir := p.abs(db.Migrations)
		if err := p.diffDatabaseAtRevision(res, base, dir, db); err != nil {
			return fmt.Errorf("%s: databases[%d] (%s): %w", p.configFile, i, cmp.Or(db.Name, db.Migrations), err)
		}
	}
	return nil
}

// diffDatabaseAtRevision compares the migration directory dir (in the
// working tree) with the same directory at the base revision.
func (p *Project) diffDatabaseAtRevision(res *Result, base *baseRevision, dir string, db config.Database) error {
	abs, err := absPath(dir)
	if err != nil {
		return err
	}
	rel, err := repoPath(base.repo.Root(), abs)
	if err != nil {
		return err
	}
	if was, ok := p.movedFrom(base, db); ok {
		if wasRel, err := repoPath(base.repo.Root(), was); err == nil && wasRel != rel {
			res.addNote(fmt.Sprintf("%s: the config at %s keeps this database's migrations in %s: compared with that directory",
				filepath.ToSlash(p.display(dir)), base.name, wasRel))
			rel = wasRel
		}
	}
	prefix := filepath.ToSlash(p.display(dir))
	inRepo := func(path string) string {
		return pathpkg.Join(rel, strings.TrimPrefix(strings.TrimPrefix(path, prefix), "/"))
	}
	rels, err := p.releases(base)
	if err != nil {
		return err
	}
	baseFS, baseDir, moved, err := p.movedInto(res, base, rel, dir)
	if err != nil {
		return err
	}
	// A file's path at the base: another one when the change moved it
	// into a directory the base does not have.
	was := func(path string) string {
		if from, ok := moved[inRepo(path)]; ok {
			return from
		}
		return inRepo(path)
	}
	hist := baseHistory{
		oldName:  func(path string) string { return was(path) + "@" + base.label },
		released: func(path string) (string, bool) { return rels.of(was(path)) },
	}
	n := len(res.Findings)
	if err := p.diffDatabase(res, baseFS, baseDir, base.name, dir, db, hist); err != nil {
		return err
	}
	if rels.none() && slices.ContainsFunc(res.Findings[n:], rewritesHistory) {
		res.addNote(noReleaseNote)
	}
	return nil
}

// movedInto returns what to compare the migration directory rel (a
// repository path; dir in the working tree) with: the directory at the
// base, or, when the base has no such directory and the change moved
// files into it from elsewhere (authelia moving V0001.Initial_Schema.postgres.up.sql
// to postgres/V0001.Initial_Schema.up.sql beside four new migrations), those
// files as the base had them, under their new names. Without them every
// moved migration would be new: linted as a change, its tables empty, so
// what the change really adds (a DROP TABLE of a table the moved ones
// made) would look harmless, and an edit made while moving would go
// unseen. Moves are git's rename detection between the base and the
// working tree (or the index).
func (p *Project) movedInto(res *Result, base *baseRevision, rel, dir string) (fs.FS, string, map[string]string, error) {
	if _, err := fs.Stat(base.tree, rel); !errors.Is(err, fs.ErrNotExist) {
		return base.tree, rel, nil, nil
	}
	moved, err := base.repo.MovedInto(base.commit, rel, p.at != nil)
	if err != nil || len(moved) == 0 {
		// No moves known: the directory and everything in it are new.
		return base.tree, rel, nil, nil
	}
	fsys := fstest.MapFS{}
	var from []string
	for to, was := range moved {
		data, err := base.tree.ReadFile(was)
		if err != nil {
			return nil, "", nil, fmt.Errorf("%s at %s: %w", was, base.name, err)
		}
		name := to
		if rel != "." {
			name = strings.TrimPrefix(to, rel+"/")
		}
		fsys[name] = &fstest.MapFile{Data: data, Mode: 0o644}
		from = append(from, was)
	}
	slices.Sort(from)
	example := from[0]
	if len(from) > 1 {
		example += fmt.Sprintf(" and %d more", len(from)-1)
	}
	res.addNote(fmt.Sprintf("%s: not at %s, but the change moved %d files into it (%s): compared with what they held there",
		filepath.ToSlash(p.display(dir)), base.name, len(moved), example))
	return fsys, ".", moved, nil
}

// movedFrom returns where the base's config keeps the migrations of db, a
// database the working tree's config lists: the database of the same name,
// or the only one when each config lists one. A change that moves a
// migration directory and points databases: at its new place adds no
// migration; only comparing the new directory with the old one says so
// (the same path at the base holds nothing, so every migration would look
// added and be linted as new).
func (p *Project) movedFrom(base *baseRevision, db config.Database) (string, bool) {
	if db.Migrations == "" {
		return "", false
	}
	var was *config.Database
	for i, b := range base.databases {
		if db.Name != "" && b.Name == db.Name {
			was = &base.databases[i]
			break
		}
	}
	if was == nil && len(base.databases) == 1 && len(p.cfg.Databases) == 1 && base.databases[0].Name == db.Name {
		was = &base.databases[0]
	}
	if was == nil || was.Migrations == "" {
		return "", false
	}
	return p.abs(was.Migrations), true
}

func absPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return abs, nil
}
