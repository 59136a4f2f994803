package schemacheck

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/schemacheck/schemacheck/finding"
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
		return os.DirFS(abs), nil
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
