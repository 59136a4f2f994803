package schemacheck

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"

	"github.com/schemacheck/schemacheck/finding"
	"github.com/schemacheck/schemacheck/git"
)

// atRevision returns the project as it is at rev: the same configuration,
// with the configured migration directories and contract files read from
// the revision under their working-tree names.
func (p *Project) atRevision(rev *baseRevision) *Project {
	q := *p
	q.at = rev
	return &q
}

// readContract reads the contract file at abs (a working-tree path) from
// where the project reads: the working tree, or its revision. The error
// wraps fs.ErrNotExist when the file is not there.
func (p *Project) readContract(abs string) (document, error) {
	if p.at == nil {
		return localDocument(p.display(abs))
	}
	doc, ok, err := revisionDocument(p.at, abs)
	if err != nil {
		return document{}, err
	}
	if !ok {
		return document{}, fmt.Errorf("%s does not exist at %s: %w", p.display(abs), p.at.name, fs.ErrNotExist)
	}
	doc.Display = p.display(abs)
	doc.Rev = p.at.commit
	return doc, nil
}

// migrationDir returns the directory at abs (a working-tree path) as a
// file system, from where the project reads.
func (p *Project) migrationDir(abs string) (fs.FS, error) {
	if p.at == nil {
		return dirFS(abs), nil
	}
	rel, err := repoPath(p.at.repo.Root(), abs)
	if err != nil {
		return nil, err
	}
	if _, err := fs.Stat(p.at.tree, rel); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist at %s: %w", p.display(abs), p.at.name, fs.ErrNotExist)
		}
		return nil, err
	}
	return fs.Sub(p.at.tree, rel)
}

// crossLayerJudged adds the cross-layer findings of the change to res:
// with a base, those the base has too (the same rule about the same
// property, mapping and column) are already there and left out, and a note
// says how many. A base whose cross-layer checks cannot run (a database or
// contract it does not have yet) leaves every finding in.
func (p *Project) crossLayerJudged(res *Result, base *baseRevision) error {
	head := &Result{}
	if err := p.crossLayer(head); err != nil {
		return err
	}
	if base != nil && len(head.Findings) > 0 {
		old := &Result{}
		if err := p.atRevision(base).crossLayer(old); err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("cross-layer checks could not run at %s, so every cross-layer finding counts as new: %v", base.name, err))
		} else {
			n := len(head.Findings)
			head.Findings = notAt(head.Findings, old.Findings)
			if gone := n - len(head.Findings); gone > 0 {
				res.Notes = append(res.Notes, fmt.Sprintf("%d cross-layer findings are the same at %s: already there, not reported", gone, base.name))
			}
		}
	}
	res.merge(head)
	return nil
}

// notAt returns the findings of head that base does not have identically:
// the same rule, key and message, wherever they are located (the same
// mismatch is at a line of this change's contract at head, and of the
// base's contract at the base).
func notAt(head, base []finding.Finding) []finding.Finding {
	known := map[string]int{}
	for _, f := range base {
		known[aboutKey(f)]++
	}
	var out []finding.Finding
	for _, f := range head {
		if k := aboutKey(f); known[k] > 0 {
			known[k]--
			continue
		}
		out = append(out, f)
	}
	return out
}

func aboutKey(f finding.Finding) string {
	return f.RuleID + "\x00" + f.Key + "\x00" + f.Message
}

// releaseSet answers in which release a merged migration shipped: the
// first tag matching servers.tags (every tag when that is not set), or
// else the first released: ref, whose commit holds the commit that added
// the file under its name.
type releaseSet struct {
	repo    *git.Repo
	base    string // the base commit, whose history is searched
	pattern string
	refs    []namedCommit
	memo    map[string]string // repository path → release ("" none)
	any     *bool
}

type namedCommit struct{ name, commit string }

// releases returns the release set of the project's history at base; an
// unknown released: ref is a configuration error.
func (p *Project) releases(base *baseRevision) (*releaseSet, error) {
	r := &releaseSet{repo: base.repo, base: base.commit, pattern: cmp.Or(p.cfg.Servers.Tags, "*"), memo: map[string]string{}}
	for i, ref := range p.cfg.Released {
		c, err := base.repo.Resolve(ref)
		if err != nil {
			return nil, fmt.Errorf("%s: released[%d]: %w", p.configFile, i, err)
		}
		r.refs = append(r.refs, namedCommit{ref, c})
	}
	return r, nil
}

// of returns the release holding the file at path (relative to the
// repository root), if any.
func (r *releaseSet) of(path string) (string, bool) {
	if rel, ok := r.memo[path]; ok {
		return rel, rel != ""
	}
	rel := ""
	if c, err := r.repo.Introduced(r.base, path); err == nil && c != "" {
		if tag, err := r.repo.TagContaining(c, r.pattern); err == nil && tag != "" {
			rel = "release " + tag
		}
		for _, ref := range r.refs {
			if ok, err := r.repo.IsAncestor(c, ref.commit); rel == "" && err == nil && ok {
				rel = "release " + ref.name
			}
		}
	}
	r.memo[path] = rel
	return rel, rel != ""
}

// none reports whether the project has no release at all: no tag matching
// the pattern and no released: ref.
func (r *releaseSet) none() bool {
	if r.any == nil {
		tags, err := r.repo.Tags(r.pattern)
		any := err == nil && len(tags) > 0 || len(r.refs) > 0
		r.any = &any
	}
	return !*r.any
}

// noReleaseNote says why rewrites of merged migrations are warnings in a
// project without releases.
const noReleaseNote = "no release is known (no git tag matches servers.tags, or there are no tags, and released: lists no ref): editing or deleting a merged migration is a warning; tag releases or list released: refs in schemacheck.yaml so that rewriting a shipped migration is an error"

// rewritesHistory says whether a finding is about an edited or deleted
// merged migration.
func rewritesHistory(f finding.Finding) bool {
	return f.RuleID == "SC-DB501" || f.RuleID == "SC-DB502"
}
