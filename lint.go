package schemacheck

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/lint"
	"github.com/schemacheck/schemacheck/migration"
)

// Lint lints migration files or directories. Without paths it lints every
// database configured in schemacheck.yaml. Files given one by one are linted
// in the order given, as one sequence (a table created in the first is known
// to the second); each directory is linted on its own, in its tool's order.
func (p *Project) Lint(paths []string) (*Result, error) {
	res := &Result{}
	if len(paths) == 0 {
		if len(p.cfg.Databases) == 0 {
			return nil, fmt.Errorf("nothing to lint: give migration files or directories, or list them under databases: in schemacheck.yaml (schemacheck init writes a starter)")
		}
		if err := p.lintDatabases(res); err != nil {
			return nil, err
		}
		return p.finish(res), nil
	}
	var files []*migration.File
	for _, arg := range paths {
		info, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		if info.IsDir() {
			db := p.databaseFor(arg)
			layout, listing, err := p.projectRoot(arg, "lint", db)
			if err != nil {
				return nil, err
			}
			if layout != "" {
				db.Layout = string(layout) // detected once
			}
			before := res.migrations
			if err := p.lintDir(res, arg, db, listing); err != nil {
				return nil, err
			}
			if res.migrations == before {
				return nil, p.nothingFound(arg, "lint", false)
			}
			continue
		}
		src, err := migration.ReadFile(dirFS(filepath.Dir(arg)), filepath.Base(arg))
		if f := migration.Refused(filepath.ToSlash(arg), err); f != nil {
			res.Findings = append(res.Findings, f.Findings...)
			continue
		}
		if errors.Is(err, ErrOutsideRepository) { // as in a directory: one finding, the rest is checked
			res.Findings = append(res.Findings, migration.RuleUnreadable.New(finding.Location{File: filepath.ToSlash(arg)}, "cannot read: %v", err))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		files = append(files, p.parseLoose(res, arg, src)...)
	}
	p.lintLoose(res, files, p.databaseFor("."))
	return p.finish(res), nil
}

// parseLoose parses one migration given on its own (a file argument, or
// standard input named name) into res and returns its up scripts; the
// settings of the configured database whose directory holds it apply.
func (p *Project) parseLoose(res *Result, name string, src []byte) []*migration.File {
	var ups []*migration.File
	db := p.databaseFor(filepath.Dir(name))
	for _, f := range migration.ParseFile(filepath.ToSlash(name), src, p.fileOptions(db)) {
		if f.Direction == migration.Up {
			ups = append(ups, f)
		} else {
			res.Findings = append(res.Findings, f.Findings...)
		}
	}
	res.addSource(filepath.ToSlash(name), src)
	return ups
}

// lintLoose lints migrations given one by one as one sequence, for the
// PostgreSQL version of db.
func (p *Project) lintLoose(res *Result, files []*migration.File, db config.Database) {
	if len(files) == 0 {
		return
	}
	res.linted = append(res.linted, files...)
	res.Findings = append(res.Findings, lint.Raw(lint.Input{
		Files:     files,
		Scope:     lint.ScopeFile,
		PGVersion: p.pgVersionFor(db),
		Session:   db.Session,
	})...)
}

// lintDatabases lints every migration of every configured database.
func (p *Project) lintDatabases(res *Result) error {
	for _, db := range p.cfg.Databases {
		if err := p.lintDir(res, p.abs(db.Migrations), db, nil); err != nil {
			return err
		}
	}
	res.joinPending() // check reads the findings before finish
	return nil
}

// lintDir streams one migration directory and lints its up scripts in
// order, one file at a time: each file's parse tree is let go once it is
// linted (only statement positions and ignore comments stay, for
// suppression), so memory does not grow with the directory. Down scripts
// are checked for parse errors only, since they run against whatever
// state a rollback finds. Its findings wait in res.pending until
// res.joinPending (finish calls it). listing, when not nil, is what detecting the
// layout listed in dir.
func (p *Project) lintDir(res *Result, dir string, db config.Database, listing *migration.Listing) error {
	prefix := filepath.ToSlash(p.display(dir))
	linter := lint.New(lint.Input{Scope: lint.ScopeFile, PGVersion: p.pgVersionFor(db), Session: db.Session})
	migrations := 0
	fsys := dirFS(dir)
	opts := p.setOptions(db)
	opts.Listing = listing
	// The directory's findings, file by file as the linter returned them,
	// are copied once into an array of their own, which joins the result's
	// when the run ends (Result.pending).
	var found [][]finding.Finding
	set, err := migration.Stream(fsys, ".", opts, func(m *migration.Migration) {
		migrations++
		var names [2]string // in fsys, before relocation
		for i, f := range []*migration.File{m.Up, m.Down} {
			if f != nil {
				names[i] = f.Path
			}
		}
		relocateMigration(m, prefix)
		for i, f := range []*migration.File{m.Up, m.Down} {
			if f != nil {
				name := names[i]
				res.sources.remember(f.Path, f.Source, func() ([]byte, error) { return migration.ReadFile(fsys, name) })
			}
		}
		if m.Down != nil {
			found = append(found, m.Down.Findings)
			slim(m.Down)
		}
		if m.Up != nil {
			found = append(found, linter.File(m.Up))
			slim(m.Up)
			res.linted = append(res.linted, m.Up)
		}
	})
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	relocate(set, prefix)
	found = append(found, set.Findings)
	n := 0
	for _, fs := range found {
		n += len(fs)
	}
	joined := make([]finding.Finding, 0, n)
	for _, fs := range found {
		joined = append(joined, fs...)
	}
	res.pending = append(res.pending, joined)
	res.migrations += migrations + len(set.Findings)
	res.addNotes(unreadNotes(prefix, set))
	return nil
}

// slim lets go of what a linted file no longer needs: its text (a code
// frame reads it again), the parse trees, and every statement without an
// ignore comment (suppression needs only the statements that carry one,
// and the file's own).
func slim(f *migration.File) {
	f.Source = nil
	f.Statements = slices.DeleteFunc(f.Statements, func(st *migration.Statement) bool { return len(st.Ignores) == 0 })
	for _, st := range f.Statements {
		st.Node, st.SQL, st.Do = nil, "", nil
	}
	f.Statements = slices.Clip(f.Statements)
}

func (p *Project) loadSet(fsys fs.FS, dir string, db config.Database) (*migration.Set, error) {
	return migration.Load(fsys, dir, p.setOptions(db))
}

func (p *Project) setOptions(db config.Database) migration.Options {
	return migration.Options{Layout: migration.Layout(layoutOrAuto(db.Layout)), Placeholders: db.Placeholders, Runner: txModel(db)}
}

func (p *Project) fileOptions(db config.Database) migration.FileOptions {
	return migration.FileOptions{Placeholders: db.Placeholders, Runner: txModel(db)}
}

func layoutOrAuto(l string) string {
	if l == "auto" {
		return ""
	}
	return l
}

// databaseFor returns the configured database whose migration directory is
// dir, so its layout and placeholders apply; the zero value otherwise.
func (p *Project) databaseFor(dir string) config.Database {
	abs, _ := filepath.Abs(dir)
	for _, db := range p.cfg.Databases {
		if p.abs(db.Migrations) == abs {
			return db
		}
	}
	return config.Database{}
}

// abs resolves a path from the config relative to the config's directory.
func (p *Project) abs(rel string) string {
	if filepath.IsAbs(rel) {
		return rel
	}
	return filepath.Join(p.root, rel)
}

// display returns path relative to the working directory when it is below
// it, so findings name files the way the user would type them.
func (p *Project) display(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, abs); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return abs
}

// relocate prefixes every path in set (which was loaded relative to its own
// directory) with prefix, so findings name files from the working directory.
func relocate(set *migration.Set, prefix string) {
	if prefix == "." || prefix == "" {
		return
	}
	for i := range set.Findings {
		set.Findings[i].Location.File = joinPrefix(prefix, set.Findings[i].Location.File)
	}
	for _, m := range set.Migrations {
		relocateMigration(m, prefix)
	}
}

func joinPrefix(prefix, p string) string {
	if p == "" {
		return prefix
	}
	return path.Join(prefix, p)
}

// relocateMigration is relocate for the files of one migration.
func relocateMigration(m *migration.Migration, prefix string) {
	if prefix == "." || prefix == "" {
		return
	}
	for _, f := range []*migration.File{m.Up, m.Down} {
		if f == nil {
			continue
		}
		// Every position in f names f: one joined string serves them all.
		from, to := f.Path, joinPrefix(prefix, f.Path)
		join := func(p string) string {
			if p == from {
				return to
			}
			return joinPrefix(prefix, p)
		}
		f.Path = to
		for i := range f.Findings {
			f.Findings[i].Location.File = join(f.Findings[i].Location.File)
		}
		for i := range f.Ignores {
			f.Ignores[i].Pos.File = join(f.Ignores[i].Pos.File)
		}
		for _, st := range f.Statements {
			st.Pos.File = join(st.Pos.File)
			for i := range st.Ignores {
				st.Ignores[i].Pos.File = join(st.Ignores[i].Pos.File)
			}
		}
	}
}

// txModel is the runner model db's transaction setting names, or nil for
// the layout tool's own.
func txModel(db config.Database) *migration.TxModel {
	if m, ok := migration.Transactions[db.Transaction]; ok {
		return &m
	}
	return nil
}
