package schemacheck

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/drift"
	"github.com/schemacheck/schemacheck/internal/suggest"
)

// DatabaseURLEnv is the environment variable drift reads the connection
// URL from when --db is not given and the database has no url_env.
const DatabaseURLEnv = "SCHEMACHECK_DATABASE_URL"

// DriftOptions say which live database to read and which migrations it
// should match.
type DriftOptions struct {
	// URL is the connection URL. Empty: each configured database's url_env
	// variable, else SCHEMACHECK_DATABASE_URL when one database is meant.
	URL string
	// Database names the configured database (its name, or its migrations
	// path) whose migrations the live one is compared with. Empty: every
	// configured database that has a URL, or the only one.
	Database string
	// Dir is a migration directory to compare with instead of the config.
	Dir string
	// Limits bound each catalog query (defaults: 30s statement, 5s lock).
	Limits drift.Limits
	// Getenv reads the environment (os.Getenv when nil; tests replace it).
	Getenv func(string) string
}

// Drift reads live databases in read-only sessions and reports how each
// differs from the schema its migrations build, at the statement that
// created or last changed each object.
func (p *Project) Drift(ctx context.Context, opts DriftOptions) (*Result, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	var dirs []string
	if opts.Dir != "" {
		dirs = []string{opts.Dir}
	}
	targets, err := p.liveTargets("drift", opts.URL, opts.Database, dirs, getenv)
	if err != nil {
		return nil, err
	}
	res := &Result{}
	for _, t := range targets {
		if err := p.driftOne(ctx, res, t, opts.Limits); err != nil {
			return nil, err
		}
	}
	return p.finish(res), nil
}

type driftTarget struct {
	dir string
	db  config.Database
	url string
}

// liveTargets pairs migration directories with the URLs of the databases
// they migrate, for the commands that read a live database (cmd names the
// command in errors): the directories given, with url or
// SCHEMACHECK_DATABASE_URL; else every configured database (or the one
// named by database) with url, its url_env variable, or, when it is the
// only one, SCHEMACHECK_DATABASE_URL.
func (p *Project) liveTargets(cmd, url, database string, dirs []string, getenv func(string) string) ([]driftTarget, error) {
	const how = "pass --db URL, set " + DatabaseURLEnv + ", or name the variable that holds it with url_env: under the database in schemacheck.yaml"
	if len(dirs) > 0 {
		source := "--db"
		if url == "" {
			url, source = getenv(DatabaseURLEnv), "$"+DatabaseURLEnv
		}
		if url == "" {
			return nil, fmt.Errorf("%s %s: no database to compare with: %s", cmd, strings.Join(dirs, " "), how)
		}
		if err := drift.CheckURL(url); err != nil {
			return nil, fmt.Errorf("%s %s: %s: %w", cmd, strings.Join(dirs, " "), source, err)
		}
		var out []driftTarget
		for _, dir := range dirs {
			out = append(out, driftTarget{dir: dir, db: p.databaseFor(dir), url: url})
		}
		return out, nil
	}
	dbs := p.cfg.Databases
	if len(dbs) == 0 {
		return nil, fmt.Errorf("%s: no migrations to compare with: give a migration directory, or list it under databases: in schemacheck.yaml (schemacheck init writes a starter)", cmd)
	}
	if database != "" {
		var names []string
		var picked []config.Database
		for _, db := range dbs {
			names = append(names, cmpOr(db.Name, db.Migrations))
			if db.Name == database || db.Migrations == database {
				picked = append(picked, db)
			}
		}
		if len(picked) == 0 {
			hint := ""
			if s, ok := suggest.Closest(database, names); ok {
				hint = fmt.Sprintf("; did you mean %q?", s)
			}
			return nil, fmt.Errorf("%s --database %s: no such database in %s (configured: %s)%s", cmd, database, p.configFile, strings.Join(names, ", "), hint)
		}
		dbs = picked
	}
	var out []driftTarget
	for _, db := range dbs {
		url, source := url, "--db"
		if url == "" && db.URLEnv != "" {
			if url = getenv(db.URLEnv); url == "" {
				return nil, fmt.Errorf("%s %s: url_env names %s, which is not set in the environment", cmd, cmpOr(db.Name, db.Migrations), db.URLEnv)
			}
			source = fmt.Sprintf("%s: url_env names %s, whose value", p.configFile, db.URLEnv)
		}
		if url == "" && len(dbs) == 1 {
			url, source = getenv(DatabaseURLEnv), "$"+DatabaseURLEnv
		}
		if url != "" {
			if err := drift.CheckURL(url); err != nil {
				return nil, fmt.Errorf("%s %s: %s: %w", cmd, cmpOr(db.Name, db.Migrations), source, err)
			}
			out = append(out, driftTarget{dir: p.abs(db.Migrations), db: db, url: url})
		}
	}
	switch {
	case len(out) == 0 && len(dbs) > 1:
		return nil, fmt.Errorf("%s: %d databases are configured and none has a URL: give each url_env: in schemacheck.yaml, or pick one with --database NAME and %s", cmd, len(dbs), how)
	case len(out) == 0:
		return nil, fmt.Errorf("%s %s: no database to compare with: %s", cmd, cmpOr(dbs[0].Name, dbs[0].Migrations), how)
	case url != "" && len(out) > 1:
		return nil, fmt.Errorf("%s --db: %d databases are configured; say which one the URL is for with --database NAME", cmd, len(out))
	}
	return out, nil
}

// driftOne compares one live database with one migration directory.
func (p *Project) driftOne(ctx context.Context, res *Result, t driftTarget, limits drift.Limits) error {
	set, err := p.loadSet(dirFS(t.dir), ".", t.db)
	if err != nil {
		return fmt.Errorf("%s: %w", t.dir, err)
	}
	prefix := filepath.ToSlash(p.display(t.dir))
	relocate(set, prefix)
	for _, f := range catalog.UpFiles(set) {
		res.addSource(f.Path, f.Source)
	}
	if limits.StatementTimeout == 0 {
		limits.StatementTimeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, 4*limits.StatementTimeout)
	defer cancel()
	s, err := drift.Open(ctx, t.url, limits)
	if err != nil {
		return fmt.Errorf("drift %s: %w", prefix, err)
	}
	defer s.Close()
	out, _, err := s.Check(ctx, catalog.UpFiles(set), prefix, p.replays)
	if err != nil {
		return fmt.Errorf("drift %s: %w", prefix, err)
	}
	res.Findings = append(res.Findings, out.Findings...)
	plural := "s"
	if len(set.Migrations) == 1 {
		plural = ""
	}
	res.Notes = append(res.Notes, fmt.Sprintf("drift: compared %s (%d migration%s) with %s", prefix, len(set.Migrations), plural, drift.Redact(t.url)))
	res.Notes = append(res.Notes, out.Notes...)
	if len(set.Findings) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("drift %s: %d problems loading the migrations (run schemacheck lint %s); the comparison used what loaded", prefix, len(set.Findings), prefix))
	}
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
