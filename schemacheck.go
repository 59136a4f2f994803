// Package schemacheck is the Go API of the schemacheck tool: it loads a
// project's configuration, runs the migration linter, the database and
// contract diffs and the compatibility matrix, and returns findings.
// cmd/schemacheck is a thin command-line wrapper around it.
//
//	p, err := schemacheck.Open(schemacheck.OpenOptions{})
//	res, err := p.Lint([]string{"db/migrations"})
//	for _, f := range res.Findings { … }
package schemacheck

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/schemacheck/schemacheck/catalog"
	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/lint"
	"github.com/schemacheck/schemacheck/migration"
)

// DefaultPGVersion is the PostgreSQL major version rules target by default.
const DefaultPGVersion = 16

// Project is a loaded configuration and the directory it applies to.
type Project struct {
	cfg        *config.Config
	configFile string // "" when no config file was found
	root       string // directory paths in the config are relative to
	pgOverride int    // --pg-version; 0 when not given
	selection  Selection
	// at is the revision the configured files are read from, as if it were
	// checked out (the base of a change, for judging it); nil reads the
	// working tree. Files keep their working-tree names either way, so the
	// findings of both can be compared.
	at *baseRevision
	// baseExternal holds, once a base revision is known, the contracts
	// (by path) whose external_refs the base revision's config enables:
	// a pull request cannot turn on network reads for its own check.
	baseExternal map[string]bool
	// replays are the traced replays the checks of one run share (Check
	// sets it); nil shares none.
	replays *catalog.Replays
}

// OpenOptions says where to find the configuration.
type OpenOptions struct {
	// ConfigPath names the config file. Empty: look for schemacheck.yaml
	// from Dir upwards; without one, defaults apply.
	ConfigPath string
	// Dir is the working directory; empty means the process's.
	Dir string
}

// Open loads the configuration and checks its rule names against the
// registry, so a typo in `rules:` is an error before anything runs.
func Open(opts OpenOptions) (*Project, error) {
	dir := opts.Dir
	if dir == "" {
		var err error
		if dir, err = os.Getwd(); err != nil {
			return nil, fmt.Errorf("working directory: %w", err)
		}
	}
	path := opts.ConfigPath
	if path == "" {
		if found, ok := config.Find(dir); ok {
			path = found
		}
	}
	p := &Project{cfg: config.Default(), root: dir}
	if path != "" {
		cfg, err := loadConfig(path)
		if err != nil {
			return nil, err
		}
		if err := cfg.CheckRuleNames(Rules()); err != nil {
			return nil, err
		}
		p.cfg, p.configFile, p.root = cfg, path, filepath.Dir(path)
	}
	return p, nil
}

// Config returns the loaded configuration (defaults when there is no file).
func (p *Project) Config() *config.Config { return p.cfg }

// SetPGVersion overrides the target PostgreSQL major version.
func (p *Project) SetPGVersion(v int) error {
	if v < 10 || v > 18 {
		return fmt.Errorf("--pg-version %d: supported versions are 10 to 18", v)
	}
	p.pgOverride = v
	return nil
}

// Result is what a run found, with the contents of the files it read so
// reports can show code frames.
type Result struct {
	Findings []finding.Finding
	// Notes say what the run compared or skipped and why (e.g. which base
	// revision it used); the command prints them on standard error.
	Notes []string
	// Deselected and BelowMinSeverity count the findings the rule
	// selection and the minimum severity left out, so a report can say so.
	Deselected, BelowMinSeverity int
	sources                      sources
	// pending are findings not yet in Findings, an array per linted
	// directory: they join Findings once, in finish, in one array of the
	// exact size. Appended directory by directory, the growing array was
	// copied again for every directory (with the collector's write
	// barriers on, 3% of the corpus lint's CPU, on the thread that lints).
	pending [][]finding.Finding
	// linted are the migration files the run linted, whose ignore comments
	// finish applies; nil once applied.
	linted []*migration.File
	// migrations counts the migrations (and directory findings) the run
	// read from migration directories, so a path that held none is an
	// error rather than a silent pass.
	migrations int
}

// merge adds another result's findings, notes and sources to r.
func (r *Result) merge(o *Result) {
	r.Findings = append(r.Findings, o.Findings...)
	r.pending = append(r.pending, o.pending...)
	r.Notes = append(r.Notes, o.Notes...)
	r.migrations += o.migrations
	r.Deselected += o.Deselected
	r.BelowMinSeverity += o.BelowMinSeverity
	r.linted = append(r.linted, o.linted...)
	r.sources.merge(&o.sources)
}

// joinPending moves the pending findings into Findings.
func (r *Result) joinPending() {
	if len(r.pending) == 0 {
		return
	}
	n := len(r.Findings)
	for _, fs := range r.pending {
		n += len(fs)
	}
	all := make([]finding.Finding, 0, n)
	all = append(all, r.Findings...)
	for _, fs := range r.pending {
		all = append(all, fs...)
	}
	r.Findings, r.pending = all, nil
}

// Source returns the contents of a file the run read, for code frames.
func (r *Result) Source(path string) ([]byte, bool) {
	if r.sources.ahead == nil {
		// The report asks for the files of the findings with a line, in
		// the findings' order: read them ahead of it.
		var paths []string
		for _, f := range r.Findings {
			if f.Location.Line > 0 {
				paths = append(paths, f.Location.File)
			}
		}
		r.sources.readAhead(paths)
	}
	return r.sources.get(path)
}

func (r *Result) addSource(path string, src []byte) { r.sources.hold(path, src) }

// sharingReplays returns p, or a copy of it, whose checks share their
// replays of the same migrations (catalog.Replays) until the run ends.
func (p *Project) sharingReplays() *Project {
	if p.replays != nil {
		return p
	}
	q := *p
	q.replays = catalog.NewReplays()
	return &q
}

// pgVersionFor is the PostgreSQL version rules target for db: the
// command line wins, then the database's own setting, then the top level.
func (p *Project) pgVersionFor(db config.Database) int {
	switch {
	case p.pgOverride != 0:
		return p.pgOverride
	case db.PGVersion != 0:
		return db.PGVersion
	case p.cfg.PGVersion != 0:
		return p.cfg.PGVersion
	}
	return DefaultPGVersion
}

// finish applies the configured severities (dropping findings turned off)
// and the rule selection (counting what it leaves out), and sorts, so every
// command returns findings the same way.
func (p *Project) finish(r *Result) *Result {
	r.joinPending()
	// schemacheck:ignore comments apply to every finding in a linted file,
	// whichever check raised it, and are judged (unknown, unused) once.
	r.Findings = lint.Suppress(r.linted, r.Findings, Rules())
	r.linted = nil
	sel := p.selector()
	out := r.Findings[:0]
	for _, f := range r.Findings {
		if rule, ok := sel.rules[f.RuleID]; ok {
			if sev, set := p.cfg.SeverityFor(rule); set {
				f.Severity = sev
			}
		}
		switch {
		case f.Severity == finding.SeverityOff:
		case !sel.selected(f):
			r.Deselected++
		case f.Severity < sel.min:
			r.BelowMinSeverity++
		default:
			out = append(out, f)
		}
	}
	r.Findings = slices.Clip(out)
	finding.Sort(r.Findings)
	names := map[string]string{}
	finding.Refingerprint(r.Findings, func(file string) string {
		n, ok := names[file]
		if !ok {
			n = p.stableName(file)
			names[file] = n
		}
		return n
	})
	return r
}

// stableName names a file for fingerprints: relative to the project (the
// directory of schemacheck.yaml), where findings name it relative to the
// working directory, so baselines do not depend on where the tool runs.
// Names that are not files on disk ("path@rev") or lie outside the project
// are kept.
func (p *Project) stableName(file string) string {
	abs, err := filepath.Abs(filepath.FromSlash(file))
	if err != nil || file == "" {
		return file
	}
	if _, err := os.Stat(abs); err != nil {
		return file
	}
	rel, err := filepath.Rel(p.root, abs)
	if err != nil || !filepath.IsLocal(rel) {
		return file
	}
	return filepath.ToSlash(rel)
}

// ParseFailOn parses a --fail-on value; "never" returns SeverityOff.
func ParseFailOn(s string) (finding.Severity, error) {
	if s == "never" {
		return finding.SeverityOff, nil
	}
	sev, err := finding.ParseSeverity(s)
	if err != nil || sev == finding.SeverityOff {
		return 0, fmt.Errorf("unknown value %q (want error, warning, info or never)", s)
	}
	return sev, nil
}
