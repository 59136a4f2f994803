package schemacheck

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/migration"
)

// unreadNotes say which files of a migration directory were not read: .sql
// files its layout names no migration, so a misnamed migration is not
// skipped in silence, and migrations in another language, whose changes
// the replay cannot follow. dir is the directory as findings name it.
func unreadNotes(dir string, set *migration.Set) []string {
	var notes []string
	if len(set.Unmatched) > 0 {
		notes = append(notes, fmt.Sprintf("%s: %d .sql file%s not read, since no %s migration name matches: %s",
			dir, len(set.Unmatched), plural(len(set.Unmatched)), set.Layout, listSome(dir, set.Unmatched)))
	}
	if len(set.NotSQL) > 0 {
		notes = append(notes, fmt.Sprintf("%s: %d migration file%s not SQL, so not read: %s; what they change is missing from the replay, "+
			"so findings on the objects they touch may be off",
			dir, len(set.NotSQL), pluralAre(len(set.NotSQL)), listSome(dir, set.NotSQL)))
	}
	return notes
}

// listSome lists the first few of files, as paths under dir.
func listSome(dir string, files []string) string {
	const shown = 5
	names := make([]string, 0, shown)
	for _, u := range files[:min(len(files), shown)] {
		names = append(names, path.Join(dir, u))
	}
	list := strings.Join(names, ", ")
	if n := len(files) - shown; n > 0 {
		list += fmt.Sprintf(" and %d more", n)
	}
	return list
}

func pluralAre(n int) string {
	if n == 1 {
		return " is"
	}
	return "s are"
}

// addNote appends note to r unless it is empty.
func (r *Result) addNote(note string) {
	if note != "" {
		r.Notes = append(r.Notes, note)
	}
}

// addNotes appends notes to r.
func (r *Result) addNotes(notes []string) { r.Notes = append(r.Notes, notes...) }

// nothingFound is the error for a directory given to lint or diff that
// holds no migration (and, for diff, is no contract): a typo or a project
// root must not pass as "no findings". It names what `schemacheck init`
// would detect below dir, so the right path is one copy away.
func (p *Project) nothingFound(dir, command string, contracts bool) error {
	shown := filepath.ToSlash(p.display(dir))
	found := p.detectBelow(dir, contracts, func(ScaffoldDatabase) bool { return true })
	if len(found) == 0 {
		what, takes := "migrations", "a migration directory or .sql files"
		if command == "diff" {
			what, takes = "migrations or contracts", "two migration directories or contract files, or a path in the repository with --base"
		}
		return fmt.Errorf("%s: no %s found here or below; %s takes %s", shown, what, command, takes)
	}
	return fmt.Errorf("%s: no migrations in this directory, so nothing to %s; 'schemacheck init' would detect these below it:\n%s",
		shown, command, strings.Join(found, "\n"))
}

// projectRoot returns an error when dir, whose layout was detected as
// plain .sql files, holds the migration directories of a real tool below
// it (db/migrations in golang-migrate's names, say): dir is then a project
// root, and linting every .sql file under it in path order would check
// seeds and scratch files as if they were migrations. It returns the
// layout it detected ("" when db chose one) and the files it listed, so
// the caller need not read the directory for them again.
func (p *Project) projectRoot(dir, command string, db config.Database) (migration.Layout, *migration.Listing, error) {
	if layoutOrAuto(db.Layout) != "" {
		return "", nil, nil // the layout was chosen, not guessed
	}
	layout, listing, err := migration.DetectListing(dirFS(dir), ".")
	if err != nil || layout != migration.LayoutPlain {
		return layout, listing, nil
	}
	found := p.detectBelow(dir, false, func(d ScaffoldDatabase) bool {
		return d.Dir != "." && d.Layout != migration.LayoutPlain
	})
	if len(found) == 0 {
		return layout, listing, nil
	}
	return "", nil, fmt.Errorf("%s: a project directory, not a migration directory; %s the migration directories 'schemacheck init' detects below it:\n%s",
		filepath.ToSlash(p.display(dir)), command, strings.Join(found, "\n"))
}

// detectBelow lists, one per line, the migration directories (and with
// contracts, the contracts) `schemacheck init` would detect under dir that
// keep accepts, as paths from the working directory.
func (p *Project) detectBelow(dir string, contracts bool, keep func(ScaffoldDatabase) bool) []string {
	s, err := DetectScaffold(dirFS(dir))
	if err != nil {
		return nil
	}
	shown := filepath.ToSlash(p.display(dir))
	var found []string
	for _, db := range s.Databases {
		if keep(db) {
			found = append(found, fmt.Sprintf("  %s (%s, %d migration%s)", path.Join(shown, db.Dir), db.Layout,
				db.Migrations, plural(db.Migrations)))
		}
	}
	if contracts {
		for _, c := range s.Contracts {
			found = append(found, fmt.Sprintf("  %s (%s)", path.Join(shown, c.Path), c.Kind))
		}
	}
	return found
}
