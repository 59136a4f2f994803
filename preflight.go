package schemacheck

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/drift"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/lint"
	"github.com/schemacheck/schemacheck/migration"
	"github.com/schemacheck/schemacheck/preflight"
)

// PreflightOptions say which live database to check and which of its
// migrations are pending.
type PreflightOptions struct {
	// URL, Database and Getenv pick the database as for Drift.
	URL      string
	Database string
	Getenv   func(string) string
	// Dirs are migration directories to check instead of the config's.
	Dirs []string
	// Base, when set, makes the pending migrations those the working tree
	// adds since this git revision; otherwise they are those the migration
	// tool's bookkeeping table in the database has not recorded.
	Base string
	// Sample, when positive, checks tables estimated above Sample rows on
	// a TABLESAMPLE of about that many rows.
	Sample int64
	// Timeout bounds each check query (default: preflight.statement_timeout
	// in the config, else 30s).
	Timeout time.Duration
}

// Preflight checks the pending migrations of each database against its
// live data, read-only (see package preflight): first the schema the
// applied migrations build is compared with the database (drift), then
// every pending statement that can fail on existing rows is checked, and
// the linter's lock, rewrite and scan findings of the pending statements
// carry the size of their table.
func (p *Project) Preflight(ctx context.Context, opts PreflightOptions) (*Result, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	targets, err := p.liveTargets("preflight", opts.URL, opts.Database, opts.Dirs, getenv)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	p = p.sharingReplays() // drift, preflight and lint replay the applied migrations
	for _, t := range targets {
		if err := p.preflightOne(ctx, res, t, opts, false); err != nil {
			return nil, err
		}
	}
	return p.finish(res), nil
}

// checkPreflight runs preflight, within check, for every database whose
// preflight_url_env variable is set: its findings join the report, and the
// lock findings the database diff already holds get their table's size.
func (p *Project) checkPreflight(ctx context.Context, res *Result) error {
	for _, db := range p.cfg.Databases {
		if db.PreflightURLEnv == "" {
			continue
		}
		name := cmpOr(db.Name, db.Migrations)
		url := os.Getenv(db.PreflightURLEnv)
		if url == "" {
			res.Notes = append(res.Notes, fmt.Sprintf("preflight %s: skipped, %s (preflight_url_env) is not set", name, db.PreflightURLEnv))
			continue
		}
		if err := drift.CheckURL(url); err != nil {
			return fmt.Errorf("preflight %s: %s: preflight_url_env names %s, whose value: %w", name, p.configFile, db.PreflightURLEnv, err)
		}
		if err := p.preflightOne(ctx, res, driftTarget{dir: p.abs(db.Migrations), db: db, url: url}, PreflightOptions{}, true); err != nil {
			return fmt.Errorf("%s: databases (%s): %w", p.configFile, name, err)
		}
	}
	return nil
}

// preflightOne checks one migration directory against one database. In
// check (withinCheck) the linter's findings are already in res: they are
// sized there rather than reported twice.
func (p *Project) preflightOne(ctx context.Context, res *Result, t driftTarget, opts PreflightOptions, withinCheck bool) error {
	set, err := p.loadSet(dirFS(t.dir), ".", t.db)
	if err != nil {
		return fmt.Errorf("%s: %w", t.dir, err)
	}
	prefix := filepath.ToSlash(p.display(t.dir))
	relocate(set, prefix)
	settings, err := p.preflightSettings(opts)
	if err != nil {
		return err
	}
	s, err := drift.Open(ctx, t.url, drift.Limits{StatementTimeout: settings.Timeout})
	if err != nil {
		return fmt.Errorf("preflight %s: %w", prefix, err)
	}
	defer s.Close()
	applied, pending, notes, err := p.pendingMigrations(ctx, s, set, opts.Base, prefix)
	if err != nil {
		return fmt.Errorf("preflight %s: %w", prefix, err)
	}
	res.Notes = append(res.Notes, notes...)
	for _, m := range set.Migrations {
		if m.Up != nil {
			res.addSource(m.Up.Path, m.Up.Source)
		}
	}
	done, todo := upFiles(applied), upFiles(pending)
	dr, live, err := s.Check(ctx, done, prefix, p.replays)
	if err != nil {
		return fmt.Errorf("preflight %s: %w", prefix, err)
	}
	res.Notes = append(res.Notes, dr.Notes...)
	if len(todo) == 0 {
		res.Findings = append(res.Findings, dr.Findings...)
		return nil
	}
	settings.TimedOut = drift.TimedOut
	out := preflight.Run(ctx, preflight.Input{DB: s, Applied: done, Pending: todo, Live: live, Drifted: dr.Drifted, Options: settings, Replays: p.replays})
	res.Notes = append(res.Notes, out.Notes...)
	found := slices.Concat(dr.Findings, out.Findings)
	if withinCheck {
		out.Size(res.Findings)
		// Files the check linted get their ignore comments applied (and
		// judged) once, by finish; the others' comments apply here.
		found = lint.Unsuppressed(notIn(todo, res.linted), found)
	} else {
		linted := lint.Raw(lint.Input{Base: p.replays.Schema(done), Files: todo, Scope: lint.ScopeChange, PGVersion: p.pgVersionFor(t.db), Session: t.db.Session})
		byID := map[string]finding.Rule{}
		for _, r := range Rules() {
			byID[r.ID] = r
		}
		for _, f := range linted {
			// Lock findings get their size; input findings (a pending file
			// that does not parse) say what preflight could not check.
			if c := byID[f.RuleID].Category; c == finding.CategorySafety || c == finding.CategoryInput {
				found = append(found, f)
			}
		}
		out.Size(found)
		found = lint.Unsuppressed(todo, found)
	}
	res.Findings = append(res.Findings, found...)
	return nil
}

// preflightSettings merges the command line with the config's preflight:.
func (p *Project) preflightSettings(opts PreflightOptions) (preflight.Options, error) {
	o := preflight.Options{Timeout: opts.Timeout, Sample: opts.Sample}
	c := p.cfg.Preflight
	if o.Timeout == 0 && c.StatementTimeout != "" {
		d, err := time.ParseDuration(c.StatementTimeout)
		if err != nil || d <= 0 {
			return o, fmt.Errorf("%s: preflight.statement_timeout %q: want a duration such as 30s", p.configFile, c.StatementTimeout)
		}
		o.Timeout = d
	}
	if o.Timeout == 0 {
		o.Timeout = preflight.DefaultTimeout
	}
	switch {
	case c.SmallTableRows == nil:
		o.SmallTableRows = preflight.DefaultSmallTableRows
	case *c.SmallTableRows == 0:
		o.SmallTableRows = -1 // never
	default:
		o.SmallTableRows = *c.SmallTableRows
	}
	return o, nil
}

// pendingMigrations splits set into the migrations the database has run
// and those still to run: by the migration tool's bookkeeping table, or,
// with a base revision, by what the working tree adds since it.
func (p *Project) pendingMigrations(ctx context.Context, s *drift.Session, set *migration.Set, base, dir string) (applied, pending []*migration.Migration, notes []string, err error) {
	if base != "" {
		return p.pendingSince(set, base, dir)
	}
	b, ok := migration.BookkeepingOf(set.Layout)
	if !ok {
		return nil, nil, nil, fmt.Errorf("a %s directory has no bookkeeping table to tell which migrations the database has run: pass --base REV to check the migrations added since REV", set.Layout)
	}
	rows, err := s.Query(ctx, 0, 1, "SELECT to_regclass($1) IS NOT NULL", b.Table())
	if err != nil {
		return nil, nil, nil, err
	}
	if ok, _ := rows[0][0].(bool); !ok {
		return nil, nil, nil, fmt.Errorf("the database has no %s table, where %s records the migrations it ran: is it the database these migrations are for? (pass --base REV to check the migrations added since REV instead)", b.Table(), set.Layout)
	}
	const maxRecords = 1_000_000
	rows, err = s.Query(ctx, 0, maxRecords, b.Applied)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("reading %s: %w", b.Table(), err)
	}
	var records []migration.Record
	for _, r := range rows {
		v, _ := r[0].(string)
		st, _ := r[1].(string)
		records = append(records, migration.Record{Version: v, State: migration.RecordState(st)})
	}
	applied, pending, failed, stray := b.Split(set, records)
	notes = append(notes, fmt.Sprintf("preflight %s: %s records %d of %d migrations as applied; %s pending", dir, b.Table(), len(applied), len(set.Migrations), versions(pending)))
	if len(failed) > 0 {
		notes = append(notes, fmt.Sprintf("preflight %s: %s records %s as failed or unfinished: its changes may be partly in the database, so it is checked as pending and drift may show its part", dir, b.Table(), versions(failed)))
	}
	if len(stray) > 0 {
		var vs []string
		for _, r := range stray {
			vs = append(vs, r.Version)
		}
		notes = append(notes, fmt.Sprintf("preflight %s: %s records %d migrations this directory does not have (%s): the database is ahead of this checkout, or they were deleted", dir, b.Table(), len(stray), abbreviate(vs)))
	}
	return applied, pending, notes, nil
}

// pendingSince: the migrations whose versions the directory at base does
// not have are pending; the others count as applied.
func (p *Project) pendingSince(set *migration.Set, base, dir string) (applied, pending []*migration.Migration, notes []string, err error) {
	rev, err := p.resolveBase(base)
	if err != nil {
		return nil, nil, nil, err
	}
	defer rev.repo.Close()
	abs, err := absPath(dir)
	if err != nil {
		return nil, nil, nil, err
	}
	rel, err := repoPath(rev.repo.Root(), abs)
	if err != nil {
		return nil, nil, nil, err
	}
	had := map[string]bool{}
	if _, err := fs.Stat(rev.tree, rel); err == nil {
		sub, err := fs.Sub(rev.tree, rel)
		if err != nil {
			return nil, nil, nil, err
		}
		old, err := migration.Load(sub, ".", migration.Options{Layout: set.Layout})
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%s at %s: %w", rel, base, err)
		}
		for _, m := range old.Migrations {
			had[m.Version] = true
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil, err
	}
	for _, m := range set.Migrations {
		if had[m.Version] {
			applied = append(applied, m)
		} else {
			pending = append(pending, m)
		}
	}
	notes = append(notes, fmt.Sprintf("preflight %s: %s pending (added since %s)", dir, versions(pending), base))
	return applied, pending, notes, nil
}

func upFiles(ms []*migration.Migration) []*migration.File {
	return catalog.UpFiles(&migration.Set{Migrations: ms})
}

// notIn returns the files of fs that are not in of.
func notIn(fs, of []*migration.File) []*migration.File {
	var out []*migration.File
	for _, f := range fs {
		if !slices.Contains(of, f) && !slices.ContainsFunc(of, func(o *migration.File) bool { return o.Path == f.Path }) {
			out = append(out, f)
		}
	}
	return out
}

// versions names migrations for a note: "2 migrations (0004, 0005)".
func versions(ms []*migration.Migration) string {
	if len(ms) == 0 {
		return "no migration"
	}
	var vs []string
	for _, m := range ms {
		vs = append(vs, m.Version)
	}
	if len(ms) == 1 {
		return "1 migration (" + vs[0] + ")"
	}
	return fmt.Sprintf("%d migrations (%s)", len(ms), abbreviate(vs))
}

// abbreviate lists at most ten items.
func abbreviate(items []string) string {
	if len(items) > 10 {
		return strings.Join(items[:10], ", ") + fmt.Sprintf(", … %d more", len(items)-10)
	}
	return strings.Join(items, ", ")
}
