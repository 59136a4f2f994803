package schemacheck

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/dbdiff"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/migration"
)

// diffMigrationDirs compares two migration directories without git: OLD is
// what is deployed, NEW the change. Layout, placeholders and down policy
// come from the configured database whose directory NEW is, if any.
func (p *Project) diffMigrationDirs(opts DiffOptions) (*Result, error) {
	oldDir, newDir := opts.Paths[0], opts.Paths[1]
	if _, _, err := p.projectRoot(newDir, "diff", p.databaseFor(newDir)); err != nil {
		return nil, err
	}
	res := &Result{}
	prefix := filepath.ToSlash(p.display(newDir))
	hist := baseHistory{oldName: func(path string) string {
		return filepath.ToSlash(filepath.Join(oldDir, strings.TrimPrefix(strings.TrimPrefix(path, prefix), "/")))
	}}
	if err := p.diffDatabase(res, dirFS(oldDir), ".", oldDir, newDir, p.databaseFor(newDir), hist); err != nil {
		return nil, err
	}
	if res.migrations == 0 {
		return nil, p.nothingFound(newDir, "diff", true)
	}
	return p.finish(res), nil
}

// baseHistory is what the database diff knows of the base's history: how
// to name a file of the base, and which release a merged migration shipped
// in (nil: unknown).
type baseHistory struct {
	oldName  func(path string) string
	released func(path string) (string, bool)
}

// diffDatabase compares one migration directory as it is in base (dir
// baseDir of the tree; absent means the directory is new) with headDir on
// disk, and adds the findings to res. baseName names the base in notes.
func (p *Project) diffDatabase(res *Result, base fs.FS, baseDir, baseName, headDir string, db config.Database, hist baseHistory) error {
	abs, err := absPath(headDir)
	if err != nil {
		return err
	}
	headFS, err := p.migrationDir(abs)
	if err != nil {
		return err
	}
	head, err := migration.Load(headFS, ".", p.setOptions(db))
	if err != nil {
		return fmt.Errorf("%s: %w", headDir, err)
	}
	// The head's layout applies to the base too: a directory with few
	// files at the base could be detected as something else.
	atHead := p.setOptions(db)
	atHead.Layout = head.Layout
	var old *migration.Set
	if _, err := fs.Stat(base, baseDir); err == nil {
		sub, err := fs.Sub(base, baseDir)
		if err != nil {
			return fmt.Errorf("%s at %s: %w", baseDir, baseName, err)
		}
		if old, err = migration.Load(sub, ".", atHead); err != nil {
			return fmt.Errorf("%s at %s: %w", baseDir, baseName, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s at %s: %w", baseDir, baseName, err)
	}
	if old != nil && slices.ContainsFunc(head.Findings, func(f finding.Finding) bool { return f.RuleID == migration.RuleDuplicateVersion.ID }) {
		// Two files of one version: the merged one is the migration, the
		// one the change adds the duplicate, whichever name sorts first.
		opts := atHead
		opts.Merged = map[string]bool{}
		for _, m := range old.Migrations {
			for _, f := range []*migration.File{m.Up, m.Down} {
				if f != nil {
					opts.Merged[f.Path] = true
				}
			}
		}
		if head, err = migration.Load(headFS, ".", opts); err != nil {
			return fmt.Errorf("%s: %w", headDir, err)
		}
	}
	// Both versions are named from the working directory, as the head's
	// files are: a file keeps one path, so the two can be compared by it.
	prefix := filepath.ToSlash(p.display(headDir))
	relocate(head, prefix)
	res.migrations += len(head.Migrations) + len(head.Findings)
	res.addNotes(unreadNotes(prefix, head))
	if old != nil {
		relocate(old, prefix)
		res.migrations += len(old.Migrations) + len(old.Findings)
	}
	out := dbdiff.Compare(dbdiff.Input{
		Base:       old,
		Head:       head,
		PGVersion:  p.pgVersionFor(db),
		DownPolicy: dbdiff.DownPolicy(cmp.Or(db.DownPolicy, string(dbdiff.DownWarn))),
		Session:    db.Session,
		OldName:    hist.oldName,
		Released:   hist.released,
		Replays:    p.replays,
	})
	res.Findings = append(res.Findings, out.Findings...)
	res.linted = append(res.linted, out.Linted...)
	for _, m := range head.Migrations {
		for _, f := range []*migration.File{m.Up, m.Down} {
			if f != nil {
				res.addSource(f.Path, f.Source)
			}
		}
	}
	res.Notes = append(res.Notes, fileSummary(prefix, baseName, out.Files))
	return nil
}

// fileSummary says what the change does to a migration directory's files.
func fileSummary(dir, baseName string, files []dbdiff.FileChange) string {
	count := map[dbdiff.FileKind]int{}
	for _, f := range files {
		count[f.Kind]++
	}
	return fmt.Sprintf("%s against %s: %d migration files added, %d edited, %d deleted, %d moved",
		dir, baseName, count[dbdiff.FileAdded], count[dbdiff.FileEdited], count[dbdiff.FileDeleted], count[dbdiff.FileMoved])
}
