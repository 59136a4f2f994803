package schemacheck

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/schemacheck/schemacheck/config"
	"github.com/schemacheck/schemacheck/git"
)

// CheckOptions configure Check.
type CheckOptions struct {
	// Base is the git revision the change is compared with. Empty: base:
	// from schemacheck.yaml, else the merge-base with the remote default
	// branch; outside a git repository (or without a default branch) there
	// is no base and every migration is linted.
	Base string
}

// Check runs everything schemacheck.yaml configures and returns one result:
//
//   - databases: against the base revision, the database diff (lint of the
//     added migrations, schema changes, rewritten history, down scripts);
//     without a base, the linter over every migration;
//   - contracts: each one at the base revision against the working tree,
//     with its compatibility mode;
//   - preflight: for each database whose preflight_url_env variable is
//     set, its pending migrations against that database's data;
//   - cross-layer: contracts (this change and every supported client
//     version's) against the tables the migrations build;
//   - the matrix of client versions against server versions: the breaking
//     cells of supported released versions are findings.
func (p *Project) Check(opts CheckOptions) (*Result, error) {
	if p.configFile == "" {
		return nil, fmt.Errorf("no schemacheck.yaml found from the current directory up: run 'schemacheck init' or pass --config")
	}
	if len(p.cfg.Databases)+len(p.cfg.Contracts) == 0 {
		return nil, fmt.Errorf("%s: nothing to check: list migration directories under databases: or contract files under contracts: (schemacheck init detects them)", p.configFile)
	}
	// The database diff, drift, preflight and the cross-layer checks (here
	// and at the base) share their replays of the same migrations.
	p = p.sharingReplays()
	res := &Result{}
	base, err := p.resolveBase(opts.Base)
	if err != nil {
		return nil, err
	}
	if base != nil {
		defer base.repo.Close()
		res.Notes = append(res.Notes, base.notes()...)
	} else {
		res.Notes = append(res.Notes, "no base revision (not a git repository, or no default branch found): every migration is linted; pass --base REV to check only a change")
	}
	if len(p.cfg.Databases) > 0 {
		if err := p.checkDatabases(res, base); err != nil {
			return nil, err
		}
		if err := p.checkPreflight(context.Background(), res); err != nil {
			return nil, err
		}
	}
	if base != nil {
		if err := p.diffConfiguredContracts(res, base); err != nil {
			return nil, err
		}
	}
	if err := p.crossLayerJudged(res, base); err != nil {
		return nil, err
	}
	if _, err := p.matrices(res, MatrixOptions{CurrentOnly: true}, base); err != nil {
		return nil, err
	}
	return p.finish(res), nil
}

// checkDatabases runs the database diff against the base revision (which
// lints exactly the migrations the change adds); without a base it lints
// every migration of every configured database.
func (p *Project) checkDatabases(res *Result, base *baseRevision) error {
	if base != nil {
		return p.diffDatabases(res, base)
	}
	return p.lintDatabases(res)
}

// baseRevision is the commit a change is compared with, and the repository
// it is read from.
type baseRevision struct {
	repo   *git.Repo
	name   string // as the user gave it, or how the default was found
	label  string // short, for file names: the name given, or the commit
	commit string
	tree   *git.Tree
	extra  []string // notes about the base's config (trustExternalRefsAt)
	// databases are the databases the base's config lists (nil without
	// one): where a change that moves a migration directory had it.
	databases []config.Database
}

// notes say which base a run compared with, and what the base's config
// withheld from the change's.
func (b *baseRevision) notes() []string {
	return append([]string{fmt.Sprintf("compared with %s (%.12s)", b.name, b.commit)}, b.extra...)
}

// resolveBase finds the base revision: the explicit one, then the config's,
// then the merge-base with the default branch. Explicit bases must exist;
// a missing default is no base, except in a shallow clone, where the
// history is there but not fetched and the user must hear how to fetch it,
// and in a pull request (GITHUB_BASE_REF), whose base branch must be there.
func (p *Project) resolveBase(explicit string) (*baseRevision, error) {
	name := cmp.Or(explicit, p.cfg.Base)
	repo, err := git.Open(p.root)
	if err != nil {
		if name == "" && errors.Is(err, git.ErrNotRepository) {
			return nil, nil
		}
		return nil, fmt.Errorf("base revision %q needs the git repository: %w", name, err)
	}
	var commit string
	label := name
	if name != "" {
		commit, err = repo.Resolve(name)
	} else {
		var branch string
		branch, commit, err = repo.DefaultBase()
		name = "the merge-base with " + branch
		if err != nil && !errors.Is(err, git.ErrShallow) && !errors.Is(err, git.ErrBaseBranchMissing) {
			repo.Close()
			return nil, nil
		}
	}
	if err != nil {
		repo.Close()
		return nil, err
	}
	tree, err := repo.Tree(commit)
	if err != nil {
		repo.Close()
		return nil, err
	}
	if label == "" {
		label = commit[:min(12, len(commit))]
	}
	b := &baseRevision{repo: repo, name: name, label: label, commit: commit, tree: tree}
	b.extra = p.trustExternalRefsAt(b)
	return b, nil
}

// trustExternalRefsAt reads external_refs from the config as it is at the
// base revision: the change being checked may not enable network reads
// (a pull request's own config would make the check fetch any URL). It
// returns a note for each contract the change enables them for.
func (p *Project) trustExternalRefsAt(b *baseRevision) []string {
	p.baseExternal = map[string]bool{}
	if p.configFile == "" {
		return nil
	}
	var notes []string
	var base *config.Config
	if rel, err := repoPath(b.repo.Root(), p.configFile); err == nil {
		if data, err := fs.ReadFile(b.tree, rel); err == nil {
			base, _ = config.Parse(rel+"@"+b.label, data)
		}
	}
	if base != nil {
		b.databases = base.Databases
		for _, c := range base.Contracts {
			p.baseExternal[c.Path] = p.baseExternal[c.Path] || c.ExternalRefs
		}
	}
	for _, c := range p.cfg.Contracts {
		if c.ExternalRefs && !p.baseExternal[c.Path] {
			notes = append(notes, fmt.Sprintf("%s: contracts[%s] external_refs: true is not in the config at %s: $refs over the network stay refused until it is merged",
				p.configFile, cmp.Or(c.Name, c.Path), b.name))
		}
	}
	return notes
}

// diffConfiguredContracts compares every configured contract at the base
// revision with the working tree. A contract the base does not have is new:
// nothing can depend on it yet.
func (p *Project) diffConfiguredContracts(res *Result, base *baseRevision) error {
	for i, c := range p.cfg.Contracts {
		where := fmt.Sprintf("%s: contracts[%d] (%s)", p.configFile, i, cmp.Or(c.Name, c.Path))
		head, err := p.readContract(p.abs(c.Path))
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		old, ok, err := revisionDocument(base, p.abs(c.Path))
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		if !ok {
			continue
		}
		r, err := p.diffDocuments(old, head, DiffOptions{Direction: "backward"})
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		res.merge(r)
	}
	return nil
}

// documentAt reads the file at abs (a working-tree path) as it is at the
// git revision rev, validated before git sees it; ok is false when the file
// does not exist there.
func documentAt(repo *git.Repo, rev, abs string) (doc document, ok bool, err error) {
	if err := git.ValidateRevision(rev); err != nil {
		return document{}, false, err
	}
	commit, err := repo.Resolve(rev)
	if err != nil {
		return document{}, false, err
	}
	tree, err := repo.Tree(commit)
	if err != nil {
		return document{}, false, err
	}
	return revisionDocument(&baseRevision{repo: repo, name: rev, label: rev, commit: commit, tree: tree}, abs)
}

// revisionDocument reads the file at abs (in the working tree) as it was
// at the base revision; ok is false when it did not exist there.
func revisionDocument(base *baseRevision, abs string) (document, bool, error) {
	rel, err := repoPath(base.repo.Root(), abs)
	if err != nil {
		return document{}, false, err
	}
	src, err := readContract(base.tree, rel, rel+"@"+base.name)
	if errors.Is(err, fs.ErrNotExist) {
		return document{}, false, nil
	}
	if err != nil {
		return document{}, false, err
	}
	display := rel + "@" + base.label
	return document{Display: display, Source: src, FS: base.tree, Path: rel}, true, nil
}

// contractFor returns the configured contract whose file is abs, so diffing
// that file by hand uses the same mode and options as check.
func (p *Project) contractFor(abs string) (config.Contract, bool) {
	for _, c := range p.cfg.Contracts {
		if p.abs(c.Path) == abs {
			return c, true
		}
	}
	return config.Contract{}, false
}
